package com.portfolio.infra.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.support.AwsRegions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GIVEN a region of the table WHEN the zones are looked up with these arguments THEN AWS's answer. */
class ZoneLookupTest {

    private static AwsRegions.Region region(String code) {
        return AwsRegions.find(code).orElseThrow();
    }

    private static Map<String, Object> filter(String name, String... values) {
        return Map.of("name", name, "values", List.of(values));
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Map<String, Object> answer) {
        return (List<String>) answer.get("names");
    }

    @ParameterizedTest(name = "{0} has {1} usable zones")
    @CsvSource({"us-east-1, 6", "us-east-2, 3", "us-west-1, 2", "us-west-2, 4", "eu-west-1, 3", "ap-northeast-1, 3",
            "ap-northeast-2, 4", "ca-central-1, 3", "sa-east-1, 3", "af-south-1, 3"})
    void theProgramsQueryReturnsTheRegionsUsableZoneCount(String code, int count) {
        var answer = ZoneLookup.answer(region(code), Map.of("state", "available",
                "filters", List.of(filter("opt-in-status", "opt-in-not-required"))));
        assertEquals(count, names(answer).size(), answer.toString());
        assertEquals(count, ((List<?>) answer.get("zoneIds")).size());
        assertEquals(code, answer.get("id"));
        assertEquals(List.of(code), answer.get("groupNames"));
    }

    @Test
    void zoneIdsAreTheRealOnesNotAnotherRegions() {
        var answer = ZoneLookup.answer(region("us-west-1"), Map.of());
        assertEquals(List.of("usw1-az1", "usw1-az3"), answer.get("zoneIds"));
        assertEquals(List.of("us-west-1a", "us-west-1c"), names(answer));
        assertEquals(List.of("apne1-az1", "apne1-az2", "apne1-az4"), ZoneLookup.answer(region("ap-northeast-1"), Map.of()).get("zoneIds"));
        assertEquals(List.of("use1-az1", "use1-az2", "use1-az3", "use1-az4", "use1-az5", "use1-az6"),
                ZoneLookup.answer(region("us-east-1"), Map.of()).get("zoneIds"));
    }

    @Test
    void localZonesAppearOnlyWithAllAvailabilityZonesAndTheOptInFilterDropsThem() {
        assertEquals(4, names(ZoneLookup.answer(region("us-west-2"), Map.of())).size());
        var all = ZoneLookup.answer(region("us-west-2"), Map.of("allAvailabilityZones", true));
        assertEquals(6, names(all).size());
        assertTrue(names(all).contains("us-west-2-lax-1a"));
        assertEquals(List.of("us-west-2", "us-west-2-lax-1"), all.get("groupNames"));
        var allButOptedOut = ZoneLookup.answer(region("us-west-2"), Map.of("allAvailabilityZones", true,
                "filters", List.of(filter("opt-in-status", "opt-in-not-required"))));
        assertEquals(List.of("us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"), names(allButOptedOut));
        var localOnly = ZoneLookup.answer(region("us-west-2"), Map.of("allAvailabilityZones", true,
                "filters", List.of(filter("zone-type", "local-zone"), filter("region-name", "us-west-2"))));
        assertEquals(List.of("usw2-lax1-az1", "usw2-lax1-az2"), localOnly.get("zoneIds"));
    }

    @Test
    void excludedNamesAndIdsAreDropped() {
        var answer = ZoneLookup.answer(region("us-east-1"), Map.of(
                "excludeNames", List.of("us-east-1e"), "excludeZoneIds", List.of("use1-az3")));
        assertEquals(List.of("us-east-1a", "us-east-1b", "us-east-1d", "us-east-1f"), names(answer));
        assertFalse(((List<?>) answer.get("zoneIds")).contains("use1-az3"));
        assertFalse(((List<?>) answer.get("zoneIds")).contains("use1-az5"));
    }

    @Test
    void filterValuesAreAlternativesWithWildcardsAndFiltersMustAllMatch() {
        assertEquals(List.of("eu-west-1a", "eu-west-1c"), names(ZoneLookup.answer(region("eu-west-1"),
                Map.of("filters", List.of(filter("zone-name", "eu-west-1a", "*c"))))));
        assertEquals(List.of("euw1-az2"), ZoneLookup.answer(region("eu-west-1"),
                Map.of("filters", List.of(filter("zone-id", "euw1-az?"), filter("zone-name", "eu-west-1b")))).get("zoneIds"));
        assertEquals(List.of(), names(ZoneLookup.answer(region("eu-west-1"), Map.of("state", "impaired"))));
    }

    @Test
    void aFilterTheTableCannotAnswerIsRefusedByName() {
        var error = assertThrows(IllegalArgumentException.class, () -> ZoneLookup.answer(region("eu-west-1"),
                Map.of("filters", List.of(filter("parent-zone-id", "x")))));
        assertTrue(error.getMessage().contains("\"parent-zone-id\""), error.getMessage());
        assertTrue(error.getMessage().contains("opt-in-status"), error.getMessage());
    }

    @Test
    void everyRegionHasAtLeastTwoUsableZonesWithIdsOfItsOwnPrefix() {
        for (String code : AwsRegions.codes()) {
            var zones = region(code).availabilityZones();
            assertTrue(zones.size() >= 2, code);
            String prefix = zones.get(0).id().replaceFirst("-az\\d+$", "");
            zones.forEach(z -> {
                assertTrue(z.name().startsWith(code), z.toString());
                assertTrue(z.id().matches(prefix + "-az\\d"), z.toString());
            });
            assertEquals(zones.size(), zones.stream().map(AwsRegions.Zone::id).distinct().count(), code);
        }
        assertTrue(AwsRegions.codes().size() >= 30, AwsRegions.codes().toString());
    }
}
