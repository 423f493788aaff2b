package com.portfolio.infra.lambdas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PackageSizeTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void theFunctionAndItsLayerCountTogetherAgainst250MiB() {
        assertEquals(PackageSize.Verdict.WITHIN, PackageSize.verdict(3_000, 14 * MIB));
        assertEquals(PackageSize.Verdict.NEAR, PackageSize.verdict(10 * MIB, 191 * MIB));
        assertEquals(PackageSize.Verdict.WITHIN, PackageSize.verdict(10 * MIB, 190 * MIB));
        assertEquals(PackageSize.Verdict.OVER, PackageSize.verdict(MIB, 249 * MIB + 1));
        assertEquals(PackageSize.Verdict.NEAR, PackageSize.verdict(MIB, 249 * MIB), "exactly the limit is allowed");
    }

    @Test
    void eachLineSaysTheSizesAndTheShare() {
        assertEquals("2.0 KiB unzipped + layer 14.0 MiB = 14.0 MiB of 250.0 MiB (5.6%)", PackageSize.line(2048, 14 * MIB));
        assertEquals("10.0 MiB unzipped + layer 200.0 MiB = 210.0 MiB of 250.0 MiB (84.0%): above 80% of Lambda's limit",
                PackageSize.line(10 * MIB, 200 * MIB));
        assertEquals("1.0 MiB unzipped + layer 250.0 MiB = 251.0 MiB of 250.0 MiB (100.4%): over Lambda's limit, the "
                + "function cannot be created", PackageSize.line(MIB, 250 * MIB));
        assertEquals("812 B unzipped + layer size unknown until built; limit 250.0 MiB", PackageSize.line(812, null));
    }
}
