package com.portfolio.infra.plan;

import com.portfolio.infra.support.AwsRegions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code aws:index/getAvailabilityZones} answered the way EC2's DescribeAvailabilityZones and the
 * provider's data source answer it, from the region table: zones not opted in are left out unless
 * {@code allAvailabilityZones}; {@code state} and each filter must match (any of a filter's values,
 * with EC2's {@code *} and {@code ?} wildcards); excluded names and IDs are dropped; names and IDs
 * come back sorted, each list on its own, as the provider sorts them.
 */
final class ZoneLookup {

    /** The filters EC2 supports that the table can answer, by the zone attribute each one reads. */
    private static final Map<String, Function<AwsRegions.Zone, String>> FILTERS = Map.of(
            "zone-name", AwsRegions.Zone::name,
            "zone-id", AwsRegions.Zone::id,
            "zone-type", AwsRegions.Zone::type,
            "group-name", AwsRegions.Zone::groupName,
            "opt-in-status", AwsRegions.Zone::optInStatus,
            "region-name", ZoneLookup::regionOf,
            // Every zone of the table is available: a region's impaired or closed zones are not listed.
            "state", zone -> "available");

    private ZoneLookup() {
    }

    static Map<String, Object> answer(AwsRegions.Region region, Map<String, Object> args) {
        boolean all = Boolean.TRUE.equals(args.get("allAvailabilityZones"));
        List<Map<String, Object>> filters = new ArrayList<>(filters(args.get("filters")));
        if (args.get("state") instanceof String state) {
            filters.add(Map.of("name", "state", "values", List.of(state)));
        }
        Set<String> excludedNames = Set.copyOf(strings(args.get("excludeNames"), "excludeNames"));
        Set<String> excludedIds = Set.copyOf(strings(args.get("excludeZoneIds"), "excludeZoneIds"));

        var names = new TreeSet<String>();
        var ids = new TreeSet<String>();
        var groups = new TreeSet<String>();
        for (AwsRegions.Zone zone : region.zones()) {
            boolean visible = all || zone.optInStatus().equals(AwsRegions.NO_OPT_IN);
            if (visible && matchesAll(zone, filters) && !excludedNames.contains(zone.name())
                    && !excludedIds.contains(zone.id())) {
                names.add(zone.name());
                ids.add(zone.id());
                groups.add(zone.groupName());
            }
        }
        var result = new LinkedHashMap<String, Object>();
        result.put("id", region.code());
        result.put("names", List.copyOf(names));
        result.put("zoneIds", List.copyOf(ids));
        result.put("groupNames", List.copyOf(groups));
        args.forEach(result::putIfAbsent); // the data source echoes its arguments
        return result;
    }

    private static boolean matchesAll(AwsRegions.Zone zone, List<Map<String, Object>> filters) {
        for (Map<String, Object> filter : filters) {
            String name = String.valueOf(filter.get("name"));
            Function<AwsRegions.Zone, String> attribute = FILTERS.get(name);
            if (attribute == null) {
                throw new IllegalArgumentException("the offline plan cannot answer getAvailabilityZones with the filter \""
                        + name + "\"; it models " + new TreeSet<>(FILTERS.keySet()) + " (add the filter to "
                        + ZoneLookup.class.getSimpleName() + ")");
            }
            String value = attribute.apply(zone);
            if (strings(filter.get("values"), "filter " + name + " values").stream().noneMatch(v -> wildcard(v).matcher(value).matches())) {
                return false;
            }
        }
        return true;
    }

    /** EC2 filter values: {@code *} any run of characters, {@code ?} one character, backslash escapes. */
    static Pattern wildcard(String value) {
        var regex = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                regex.append(Pattern.quote(String.valueOf(value.charAt(++i))));
            } else if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static String regionOf(AwsRegions.Zone zone) {
        // An Availability Zone's group is its region; a Local Zone's group is <region>-<place>-<n>.
        return zone.type().equals(AwsRegions.AVAILABILITY_ZONE) ? zone.groupName()
                : zone.groupName().replaceFirst("-[a-z]+-\\d+$", "");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> filters(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(Map.class::isInstance)) {
            throw new IllegalArgumentException("getAvailabilityZones: filters must be a list of {name, values}, got " + value);
        }
        return (List<Map<String, Object>>) value;
    }

    private static List<String> strings(Object value, String what) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("getAvailabilityZones: " + what + " must be a list of strings, got " + value);
        }
        return list.stream().map(String::valueOf).toList();
    }
}
