package com.portfolio.infra.lambdas;

import java.util.Map;
import java.util.TreeMap;

/**
 * A function's environment variables: where each resource it names is ({@code <KEY>_TABLE},
 * {@code <KEY>_QUEUE_URL}, {@code <KEY>_TOPIC_ARN}, {@code <KEY>_STATE_MACHINE_ARN}), the stack's
 * name, the deployed code's version, and what its caller adds.
 */
public final class FunctionEnvironment {

    public static final String STACK_NAME = "STACK_NAME";
    /** 12 hex digits that change exactly when the function's code or its layer's content does. */
    public static final String DEPLOYED_VERSION = "DEPLOYED_VERSION";

    private FunctionEnvironment() {
    }

    /**
     * @param locators per kind, resource key to its locator, for the resources the stack has
     * @param extra    caller's variables; a name clashing with a resource variable is an error
     */
    public static Map<String, String> variables(String stack, String deployedVersion,
                                                Map<ResourceKind, Map<String, String>> locators, Map<String, String> extra) {
        var variables = new TreeMap<String, String>();
        variables.put(STACK_NAME, stack);
        variables.put(DEPLOYED_VERSION, deployedVersion);
        locators.forEach((kind, byKey) -> byKey.forEach((key, locator) -> variables.put(kind.variable(key), locator)));
        extra.forEach((name, value) -> {
            if (variables.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("environment variable " + name + " is set by the program for the "
                        + "function's resources or stack; expected another name for the caller's value");
            }
        });
        return variables;
    }
}
