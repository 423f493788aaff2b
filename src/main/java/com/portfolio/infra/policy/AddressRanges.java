package com.portfolio.infra.policy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A set of IPv4 or IPv6 CIDR blocks, and whether it is "open to the internet": wide enough that
 * no single organisation's network explains it.
 *
 * <p>Wide means the union of the blocks' public addresses (private, shared, loopback and
 * link-local ranges left out) holds more addresses than one {@value #IPV4_WIDEST}-bit IPv4 prefix,
 * or than one {@value #IPV6_WIDEST}-bit IPv6 prefix; and any single block shorter than those
 * prefixes is wide on its own, whatever it holds, unless it lies wholly in a range that is not
 * public. An IPv4 /8 is the largest block ever assigned
 * to one organisation; an IPv6 /32 is the allocation a regional registry makes to one provider
 * (LIR), so anything wider reaches past one provider's customers, as wider than /8 does in IPv4.
 * So {@code 0.0.0.0/1} and {@code 128.0.0.0/1} together are the whole internet, and
 * {@code 10.0.0.0/8} with {@code 172.16.0.0/12} is not open at all.
 */
public final class AddressRanges {
    static final int IPV4_WIDEST = 8;
    static final int IPV6_WIDEST = 32;

    /** Ranges that are not reachable from the internet, so they do not count towards its size. */
    static final List<String> NOT_PUBLIC = List.of(
            "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", // RFC 1918 private
            "100.64.0.0/10", // RFC 6598 shared (carrier-grade NAT)
            "127.0.0.0/8", "169.254.0.0/16", // loopback, link-local
            "fc00::/7", "fe80::/10", "::1/128"); // unique-local, link-local, loopback

    /** One block: its first and last address as numbers, and how it was written. */
    public record Block(String cidr, boolean ipv6, int prefix, BigInteger first, BigInteger last) {

        /** Parses {@code a.b.c.d/n} or {@code x::y/n}; host bits are ignored, as AWS masks them. */
        public static Block parse(String cidr) {
            int slash = cidr.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("\"" + cidr + "\" is not a CIDR block; expected address/prefix, e.g. 10.0.0.0/16");
            }
            String address = cidr.substring(0, slash);
            boolean ipv6 = address.contains(":");
            // Checked before InetAddress sees it: anything but an address literal would be looked up in DNS.
            boolean literal = ipv6 ? address.matches("[0-9A-Fa-f:.]+")
                    : address.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                    && java.util.Arrays.stream(address.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
            if (!literal) {
                throw new IllegalArgumentException("\"" + cidr + "\" is not a CIDR block; its address is not an IPv4 or IPv6 address");
            }
            int bits = ipv6 ? 128 : 32;
            int prefix;
            byte[] bytes;
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
                bytes = InetAddress.getByName(address).getAddress();
            } catch (NumberFormatException | UnknownHostException e) {
                throw new IllegalArgumentException("\"" + cidr + "\" is not a CIDR block; expected address/prefix with a prefix of 0-" + bits);
            }
            if (prefix < 0 || prefix > bits || bytes.length * 8 != bits) {
                throw new IllegalArgumentException("\"" + cidr + "\" is not a CIDR block; expected a prefix of 0-" + bits);
            }
            BigInteger size = BigInteger.ONE.shiftLeft(bits - prefix);
            BigInteger first = new BigInteger(1, bytes).divide(size).multiply(size);
            return new Block(cidr, ipv6, prefix, first, first.add(size).subtract(BigInteger.ONE));
        }

        /** Shorter than the widest prefix one organisation holds. */
        public boolean wideOnItsOwn() {
            return prefix < (ipv6 ? IPV6_WIDEST : IPV4_WIDEST);
        }
    }

    private static final List<Block> NOT_PUBLIC_BLOCKS = NOT_PUBLIC.stream().map(Block::parse).toList();

    private AddressRanges() {
    }

    /** Whether {@code blocks} (of either family, mixed) are open to the internet, as defined above. */
    public static boolean wide(List<Block> blocks) {
        if (blocks.stream().anyMatch(b -> b.wideOnItsOwn() && !notPublic(b))) {
            return true;
        }
        for (boolean ipv6 : new boolean[] {false, true}) {
            List<Block> family = blocks.stream().filter(b -> b.ipv6() == ipv6).toList();
            BigInteger limit = BigInteger.ONE.shiftLeft((ipv6 ? 128 : 32) - (ipv6 ? IPV6_WIDEST : IPV4_WIDEST));
            if (publicSize(family).compareTo(limit) > 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code block} lies wholly inside one of the ranges that are not public. */
    static boolean notPublic(Block block) {
        return NOT_PUBLIC_BLOCKS.stream().anyMatch(range -> range.ipv6() == block.ipv6()
                && range.first().compareTo(block.first()) <= 0 && block.last().compareTo(range.last()) <= 0);
    }

    /** How many public addresses the union of {@code blocks} (one family) holds. */
    static BigInteger publicSize(List<Block> blocks) {
        List<Block> notPublic = NOT_PUBLIC_BLOCKS.stream().filter(b -> !blocks.isEmpty() && b.ipv6() == blocks.get(0).ipv6()).toList();
        return size(union(blocks)).subtract(overlap(union(blocks), union(notPublic)));
    }

    /** The union as disjoint, sorted [first, last] intervals. */
    static List<BigInteger[]> union(List<Block> blocks) {
        List<Block> sorted = new ArrayList<>(blocks);
        sorted.sort(Comparator.comparing(Block::first));
        List<BigInteger[]> merged = new ArrayList<>();
        for (Block b : sorted) {
            BigInteger[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && b.first().compareTo(last[1].add(BigInteger.ONE)) <= 0) {
                last[1] = last[1].max(b.last());
            } else {
                merged.add(new BigInteger[] {b.first(), b.last()});
            }
        }
        return merged;
    }

    private static BigInteger size(List<BigInteger[]> intervals) {
        return intervals.stream().map(i -> i[1].subtract(i[0]).add(BigInteger.ONE)).reduce(BigInteger.ZERO, BigInteger::add);
    }

    private static BigInteger overlap(List<BigInteger[]> a, List<BigInteger[]> b) {
        BigInteger total = BigInteger.ZERO;
        for (BigInteger[] x : a) {
            for (BigInteger[] y : b) {
                BigInteger from = x[0].max(y[0]);
                BigInteger to = x[1].min(y[1]);
                if (from.compareTo(to) <= 0) {
                    total = total.add(to.subtract(from).add(BigInteger.ONE));
                }
            }
        }
        return total;
    }
}
