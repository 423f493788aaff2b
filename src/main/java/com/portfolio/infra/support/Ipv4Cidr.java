package com.portfolio.infra.support;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 CIDR block, e.g. {@code 10.0.0.0/16}: its network address and prefix length.
 *
 * @param address the network address as an unsigned 32-bit number
 * @param prefix  the prefix length, 0..32
 */
public record Ipv4Cidr(long address, int prefix) {

    private static final Pattern SHAPE = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    public Ipv4Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix " + prefix + " is outside 0..32");
        }
        if ((address & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException(format(address, prefix) + " has host bits set");
        }
    }

    /** Parses {@code a.b.c.d/n}, or explains why the text is not a network block. */
    public static Ipv4Cidr parse(String text) {
        return parseOrExplain(text).fold();
    }

    /** The block, or a short reason the text is not one (no exception). */
    public static Parsed parseOrExplain(String text) {
        var matcher = SHAPE.matcher(text.trim());
        if (!matcher.matches()) {
            return new Parsed(null, "not of the form a.b.c.d/n");
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(matcher.group(i));
            if (octet > 255) {
                return new Parsed(null, "octet " + octet + " is above 255");
            }
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(matcher.group(5));
        if (prefix > 32) {
            return new Parsed(null, "prefix /" + prefix + " is above /32");
        }
        if ((address & ~mask(prefix)) != 0) {
            return new Parsed(null, "host bits are set; the network address is " + format(address & mask(prefix), prefix));
        }
        return new Parsed(new Ipv4Cidr(address, prefix), null);
    }

    /** The result of {@link #parseOrExplain}: a block or a reason. */
    public record Parsed(Ipv4Cidr cidr, String error) {
        public Optional<String> errorDetail() {
            return Optional.ofNullable(error);
        }

        Ipv4Cidr fold() {
            if (cidr == null) {
                throw new IllegalArgumentException(error);
            }
            return cidr;
        }
    }

    /** The {@code index}-th block of prefix {@code newPrefix} inside this one. */
    public Ipv4Cidr subnet(int newPrefix, int index) {
        if (newPrefix < prefix || newPrefix > 32) {
            throw new IllegalArgumentException("/" + newPrefix + " does not fit inside " + this);
        }
        long count = 1L << (newPrefix - prefix);
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException(this + " holds " + count + " blocks of /" + newPrefix + ", not index " + index);
        }
        return new Ipv4Cidr(address + index * (1L << (32 - newPrefix)), newPrefix);
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    public long lastAddress() {
        return address + size() - 1;
    }

    public boolean contains(Ipv4Cidr other) {
        return other.address >= address && other.lastAddress() <= lastAddress();
    }

    public boolean overlaps(Ipv4Cidr other) {
        return address <= other.lastAddress() && other.address <= lastAddress();
    }

    @Override
    public String toString() {
        return format(address, prefix);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    private static String format(long address, int prefix) {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "."
                + (address & 255) + "/" + prefix;
    }
}
