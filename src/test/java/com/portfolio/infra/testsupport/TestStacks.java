package com.portfolio.infra.testsupport;

import com.portfolio.infra.PortfolioProgram;
import com.portfolio.infra.buildengine.BuildService;
import com.portfolio.infra.buildengine.OfflineBuildService;
import com.portfolio.infra.config.Environment;
import com.portfolio.infra.config.NatStrategy;
import com.portfolio.infra.config.RawConfig;
import com.portfolio.infra.config.RawValue;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.config.StackSettingsParser;
import com.portfolio.infra.plan.OfflinePlanner;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Settings for tests, built directly (config cannot be passed to the mock engine), and their plans. */
public final class TestStacks {

    private static final Map<StackSettings, Plan> PLANS = new ConcurrentHashMap<>();

    private TestStacks() {
    }

    public static StackSettings dev() {
        return settings("dev", 2, NatStrategy.SINGLE);
    }

    public static StackSettings prod() {
        return settings("prod", 3, NatStrategy.PER_AZ);
    }

    /** Settings as the parser makes them (so with its defaults) from a few keys, for the project folder. */
    public static StackSettings settings(String stack, int azs, NatStrategy nat) {
        return settings(stack, Map.of(
                "portfolio:availabilityZones", String.valueOf(azs),
                "portfolio:natGateways", nat.word()));
    }

    /** Dev-like settings in the given stack, with {@code keys} set on top. */
    public static StackSettings settings(String stack, Map<String, String> keys) {
        var raw = new HashMap<String, RawValue>();
        raw.put("aws:region", RawValue.plain("us-east-1"));
        raw.put("portfolio:interfaceEndpoints", RawValue.plain("[\"ssm\",\"ssmmessages\"]"));
        if (Environment.defaultFor(stack).isProduction()) {
            raw.put("portfolio:natGateways", RawValue.plain("per-az"));
        }
        keys.forEach((key, value) -> raw.put(key, RawValue.plain(value)));
        return StackSettingsParser.parse("portfolio", stack, new RawConfig(raw), Path.of("."));
    }

    /** The plan with a given build service (not cached: the service may record what it was asked). */
    public static Plan plan(StackSettings s, BuildService builds) {
        return OfflinePlanner.run(s.project(), s.stack(), s.environment(), s.region(), ctx -> PortfolioProgram.define(ctx, s,
                new PortfolioProgram.Environment(Path.of("."), builds)));
    }

    /** The program's plan for these settings; each distinct settings object is planned once. */
    public static Plan plan(StackSettings settings) {
        return PLANS.computeIfAbsent(settings, s ->
                OfflinePlanner.run(s.project(), s.stack(), s.environment(), s.region(), ctx -> PortfolioProgram.define(ctx, s,
                        new PortfolioProgram.Environment(Path.of("."), new OfflineBuildService()))));
    }

    public static PlannedResource named(Plan plan, String type, String name) {
        return plan.ofType(type).filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " named " + name + " in the plan"));
    }
}
