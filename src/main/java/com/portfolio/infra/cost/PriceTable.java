package com.portfolio.infra.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The unit prices of {@code prices.json}: dated, with their source, per region (and a few that
 * are the same everywhere). A price the table should have and lacks is a defect of the table, so
 * it fails loudly, naming the key and the region; a region the table lacks is not: the plan says
 * so and prints no figures.
 */
public final class PriceTable {

    public static final String RESOURCE = "/prices.json";

    private final JsonNode root;

    PriceTable(JsonNode root) {
        this.root = root;
        for (String field : List.of("asOf", "source", "hoursPerMonth", "global", "regions")) {
            if (!root.has(field)) {
                throw new IllegalStateException("price table: missing \"" + field + "\"");
            }
        }
    }

    /** The table shipped with the program. */
    public static PriceTable standard() {
        return Holder.STANDARD;
    }

    private static final class Holder {
        private static final PriceTable STANDARD = load();

        private static PriceTable load() {
            try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("price table " + RESOURCE + " is not on the class path");
                }
                return new PriceTable(new ObjectMapper().readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the price table " + RESOURCE, e);
            }
        }
    }

    public static PriceTable parse(String json) {
        try {
            return new PriceTable(new ObjectMapper().readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a price table", e);
        }
    }

    public String asOf() {
        return root.get("asOf").asText();
    }

    public String source() {
        return root.get("source").asText();
    }

    public double hoursPerMonth() {
        return root.get("hoursPerMonth").asDouble();
    }

    public List<String> regions() {
        var names = new ArrayList<String>();
        root.get("regions").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The prices of a region, if the table has it. */
    public Optional<Region> region(String name) {
        JsonNode node = root.get("regions").get(name);
        return node == null ? Optional.empty() : Optional.of(new Region(name, node, root.get("global")));
    }

    /** Spot's range for one instance type: its low end and on-demand, the most spot ever charges. */
    public record HourlyRange(double spotLow, double onDemand) {
    }

    /** One region's prices, with the global ones. */
    public static final class Region {
        private final String name;
        private final JsonNode prices;
        private final JsonNode global;

        Region(String name, JsonNode prices, JsonNode global) {
            this.name = name;
            this.prices = prices;
            this.global = global;
        }

        public String name() {
            return name;
        }

        /** A regional price, else a global one. */
        public double price(String key) {
            JsonNode node = prices.has(key) ? prices.get(key) : global.get(key);
            if (node == null || !node.isNumber()) {
                throw new IllegalStateException("price table: no number \"" + key + "\" for " + name + " nor a global one");
            }
            return node.asDouble();
        }

        /** A price from one of the region's tables ({@code codeBuildMinute}, {@code instanceHour}), if listed. */
        public Optional<Double> listed(String table, String key) {
            JsonNode node = prices.path(table).get(key);
            return node != null && node.isNumber() ? Optional.of(node.asDouble()) : Optional.empty();
        }

        /** The spot range of a GPU type, if listed. */
        public Optional<HourlyRange> gpu(String instanceType) {
            JsonNode node = prices.path("gpuInstanceHour").get(instanceType);
            if (node == null) {
                return Optional.empty();
            }
            return Optional.of(new HourlyRange(node.get("spotLow").asDouble(), node.get("onDemand").asDouble()));
        }

        /** The on-demand hourly price of any listed type, general purpose or GPU. */
        public Optional<Double> onDemandHour(String instanceType) {
            return listed("instanceHour", instanceType).or(() -> gpu(instanceType).map(HourlyRange::onDemand));
        }
    }
}
