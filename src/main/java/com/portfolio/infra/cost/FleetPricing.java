package com.portfolio.infra.cost;

import com.portfolio.infra.plan.PlannedResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Instances: what an Auto Scaling group (or a lone instance) runs, from its launch template.
 * The instances a group always keeps ({@code minSize}) are a fixed cost at on-demand prices, with
 * their public address and root volume. Those above it run only while there is work: a spot group
 * is a range per instance-hour, from spot's low end to on-demand (the most spot charges), and is
 * never counted as if its maximum ran all month.
 */
final class FleetPricing {

    private FleetPricing() {
    }

    /** What one instance of a launch template costs besides its hours. */
    private record Extras(double ipv4Hour, double volumeGb) {
    }

    static ResourcePricing.Priced group(PlannedResource group, ResourcePricing.Context c) {
        Optional<PlannedResource> template = launchTemplateOf(group, c);
        if (template.isEmpty()) {
            return ResourcePricing.Priced.unpriced("its launch template is not in the plan");
        }
        List<String> types = instanceTypes(group, template.get());
        if (types.isEmpty()) {
            return ResourcePricing.Priced.unpriced("its instance types are not known");
        }
        int min = number(group, "minSize");
        int max = number(group, "maxSize");
        boolean spot = isSpot(group, template.get());
        Extras extras = extras(template.get(), c);
        double extraHour = extras.ipv4Hour() + extras.volumeGb() * c.prices().price("ebsGp3GbMonth") / c.hours();

        double lowHour = Double.MAX_VALUE;
        double highHour = 0;
        for (String type : types) {
            Optional<Double> onDemand = c.prices().onDemandHour(type);
            if (onDemand.isEmpty()) {
                return ResourcePricing.Priced.unpriced("instance type " + type + " is not in the price table");
            }
            double low = spot ? c.prices().gpu(type).map(PriceTable.HourlyRange::spotLow).orElse(onDemand.get()) : onDemand.get();
            lowHour = Math.min(lowHour, low);
            highHour = Math.max(highHour, onDemand.get());
        }
        String typeList = String.join(", ", types);
        var fixed = new ArrayList<ResourcePricing.Fixed>();
        if (min > 0) {
            // Kept running all month: counted at on-demand, the price a spot instance may reach too.
            double instance = highHour * c.hours() * min;
            fixed.add(new ResourcePricing.Fixed(min + " x " + typeList + " always running", instance,
                    min + " x " + ResourcePricing.fmtCount(c.hours()) + " h x $" + highHour));
            if (extras.ipv4Hour() > 0) {
                fixed.add(new ResourcePricing.Fixed("public IPv4 address of each", extras.ipv4Hour() * c.hours() * min,
                        min + " x " + ResourcePricing.fmtCount(c.hours()) + " h x $" + extras.ipv4Hour()));
            }
            if (extras.volumeGb() > 0) {
                double gbMonth = c.prices().price("ebsGp3GbMonth");
                fixed.add(new ResourcePricing.Fixed("gp3 root volume of each", extras.volumeGb() * gbMonth * min,
                        min + " x " + ResourcePricing.fmtCount(extras.volumeGb()) + " GB x $" + gbMonth));
            }
        }
        var priced = new ResourcePricing.Priced(fixed, List.of(), List.of(), null);
        if (max > min) {
            double hours = c.assumptions().get("trainingInstanceHours");
            double low = round4(lowHour + extraHour);
            double high = round4(highHour + extraHour);
            String name = Optional.ofNullable(ResourcePricing.str(group, "name")).orElse(group.name());
            priced = priced.andOwnUsage(new CostEstimate.UsageLine(
                    "instances of " + name + " above its minimum (" + min + " to " + max + ", " + typeList + ")", List.of(),
                    "while the queue has work: $" + low + "-$" + high + " per instance-hour"
                            + (spot ? " (spot; on-demand is the high end)" : " (on-demand)"),
                    UsageKinds.count(hours) + " instance-hours (trainingInstanceHours)", hours * low, hours * high));
        }
        return priced;
    }

    static ResourcePricing.Priced instance(PlannedResource instance, ResourcePricing.Context c) {
        String type = ResourcePricing.str(instance, "instanceType");
        Optional<Double> hourly = type == null ? Optional.empty() : c.prices().onDemandHour(type);
        if (hourly.isEmpty()) {
            return ResourcePricing.Priced.unpriced("instance type " + type + " is not in the price table");
        }
        return ResourcePricing.Priced.fixed(new ResourcePricing.Fixed(type + " instance", hourly.get() * c.hours(),
                ResourcePricing.fmtCount(c.hours()) + " h x $" + hourly.get()));
    }

    private static Optional<PlannedResource> launchTemplateOf(PlannedResource group, ResourcePricing.Context c) {
        Optional<Object> ref = group.input("launchTemplate.id")
                .or(() -> group.input("mixedInstancesPolicy.launchTemplate.launchTemplateSpecification.launchTemplateId"));
        return ref.flatMap(id -> c.plan().ofType("aws:ec2/launchTemplate:LaunchTemplate")
                .filter(t -> id.equals(t.id()) || id.equals(t.state().get("id"))).findFirst());
    }

    private static List<String> instanceTypes(PlannedResource group, PlannedResource template) {
        var types = new ArrayList<String>();
        if (group.input("mixedInstancesPolicy.launchTemplate.overrides").orElse(null) instanceof List<?> overrides) {
            for (Object o : overrides) {
                PlannedResource.valueAt(o, "instanceType").map(String::valueOf).ifPresent(types::add);
            }
        }
        if (types.isEmpty()) {
            Optional.ofNullable(ResourcePricing.str(template, "instanceType")).ifPresent(types::add);
        }
        return types;
    }

    private static boolean isSpot(PlannedResource group, PlannedResource template) {
        boolean mixedSpot = group.input("mixedInstancesPolicy.instancesDistribution.onDemandPercentageAboveBaseCapacity")
                .map(v -> ((Number) v).doubleValue() == 0).orElse(false);
        return mixedSpot || "spot".equalsIgnoreCase(ResourcePricing.str(template, "instanceMarketOptions.marketType"));
    }

    private static Extras extras(PlannedResource template, ResourcePricing.Context c) {
        boolean publicIp = "true".equals(ResourcePricing.str(template, "networkInterfaces.0.associatePublicIpAddress"));
        double gb = 0;
        if (template.input("blockDeviceMappings").orElse(null) instanceof List<?> devices) {
            for (Object device : devices) {
                gb += PlannedResource.valueAt(device, "ebs.volumeSize").map(v -> ((Number) v).doubleValue()).orElse(0.0);
            }
        }
        return new Extras(publicIp ? c.prices().price("publicIpv4Hour") : 0, gb);
    }

    private static int number(PlannedResource r, String path) {
        return r.input(path).map(v -> ((Number) v).intValue()).orElse(0);
    }

    private static double round4(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
