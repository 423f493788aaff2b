package com.portfolio.infra.cost;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.config.FleetSettings;
import org.junit.jupiter.api.Test;

/** The training fleet's default instance types are priced, spot and on-demand, in every region of the table. */
class FleetPricesTest {

    @Test
    void everyDefaultFleetTypeHasASpotRangeInEveryRegion() {
        PriceTable table = PriceTable.standard();
        for (String region : table.regions()) {
            PriceTable.Region prices = table.region(region).orElseThrow();
            for (String type : FleetSettings.DEFAULT_INSTANCE_TYPES) {
                var range = prices.gpu(type).orElseThrow(() -> new AssertionError(type + " has no price in " + region));
                assertTrue(range.spotLow() > 0 && range.spotLow() < range.onDemand(), type + " in " + region + ": " + range);
            }
        }
    }
}
