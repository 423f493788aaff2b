package com.portfolio.infra.plan;

import com.portfolio.infra.config.Environment;
import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.core.internal.OutputData;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.PulumiTestInternal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs a Pulumi program in-process against the SDK's mock engine and records what it would
 * deploy: no network, no cloud account, no Pulumi CLI. Runs in update mode, because in preview
 * mode the engine drops every input that holds an unknown value anywhere inside it.
 */
public final class OfflinePlanner {

    private OfflinePlanner() {
    }

    /** A program failed under the plan: its errors, as the engine reported them. */
    public static final class PlanFailedException extends RuntimeException {
        public PlanFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** @param environment the stack's environment, which the plan carries for the policy */
    public static synchronized Plan run(String project, String stack, Environment environment, String region,
                                        Consumer<Context> program) {
        var mocks = new PlanMocks(region);
        var monitor = new RecordingMonitor(mocks);
        var test = PulumiTestInternal.builder()
                .options(TestOptions.builder().projectName(project).stackName(stack).preview(false).build())
                .mocks(mocks)
                .monitorDecorator(ignored -> monitor)
                .build();
        try {
            TestResult result = test.runTest(program);
            if (!result.exceptions().isEmpty() || result.exitCode() != 0) {
                Throwable cause = result.exceptions().isEmpty() ? null : rootCause(result.exceptions().get(0));
                String message = result.exceptions().stream().map(e -> rootCause(e).getMessage())
                        .distinct().collect(Collectors.joining("; "));
                if (message.isEmpty()) {
                    message = String.join("; ", result.errors());
                }
                throw new PlanFailedException(message, cause);
            }
            var resources = new ArrayList<>(monitor.recorded());
            resources.sort(Comparator.comparing(PlannedResource::urn));
            return new Plan(project, stack, environment, resources, outputs(result.outputs()));
        } finally {
            PulumiTestInternal.cleanup();
        }
    }

    private static Map<String, Object> outputs(Map<String, Output<?>> outputs) {
        var plain = new TreeMap<String, Object>();
        outputs.forEach((name, output) -> plain.put(name, plainValue(PulumiTestInternal.extractOutputData(output))));
        return plain;
    }

    private static Object plainValue(OutputData<?> data) {
        if (data.isSecret()) {
            return PlannedResource.SECRET;
        }
        if (!data.isKnown()) {
            return PlannedResource.COMPUTED;
        }
        return plainValue(data.getValueNullable());
    }

    private static Object plainValue(Object value) {
        if (value instanceof Output<?> nested) {
            return plainValue(PulumiTestInternal.extractOutputData(nested));
        }
        if (value instanceof Map<?, ?> map) {
            var result = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> result.put(String.valueOf(k), plainValue(v)));
            return result;
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(OfflinePlanner::plainValue).toList();
        }
        return value;
    }

    private static Throwable rootCause(Throwable error) {
        Throwable current = error;
        while (current.getCause() != null && current.getCause() != current) {
            current = current.getCause();
        }
        return current;
    }
}
