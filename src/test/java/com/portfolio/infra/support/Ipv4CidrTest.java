package com.portfolio.infra.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Ipv4CidrTest {

    @Test
    void parsesAndPrintsTheSameBlock() {
        assertEquals("10.20.0.0/16", Ipv4Cidr.parse("10.20.0.0/16").toString());
        assertEquals("0.0.0.0/0", Ipv4Cidr.parse("0.0.0.0/0").toString());
    }

    @Test
    void explainsWhatIsWrongWithABadBlock() {
        assertEquals("not of the form a.b.c.d/n", Ipv4Cidr.parseOrExplain("10.0.0/16").error());
        assertEquals("prefix /33 is above /32", Ipv4Cidr.parseOrExplain("10.0.0.0/33").error());
        assertEquals("host bits are set; the network address is 10.0.0.0/24", Ipv4Cidr.parseOrExplain("10.0.0.9/24").error());
    }

    @Test
    void splitsIntoNumberedBlocks() {
        Ipv4Cidr vpc = Ipv4Cidr.parse("10.0.0.0/16");
        assertEquals("10.0.0.0/19", vpc.subnet(19, 0).toString());
        assertEquals("10.0.224.0/19", vpc.subnet(19, 7).toString());
        assertThrows(IllegalArgumentException.class, () -> vpc.subnet(19, 8));
        assertThrows(IllegalArgumentException.class, () -> vpc.subnet(15, 0));
    }

    @Test
    void containmentAndOverlap() {
        Ipv4Cidr vpc = Ipv4Cidr.parse("10.0.0.0/16");
        assertTrue(vpc.contains(Ipv4Cidr.parse("10.0.255.0/24")));
        assertFalse(vpc.contains(Ipv4Cidr.parse("10.1.0.0/24")));
        assertTrue(Ipv4Cidr.parse("10.0.0.0/23").overlaps(Ipv4Cidr.parse("10.0.1.0/24")));
        assertFalse(Ipv4Cidr.parse("10.0.0.0/24").overlaps(Ipv4Cidr.parse("10.0.1.0/24")));
    }
}
