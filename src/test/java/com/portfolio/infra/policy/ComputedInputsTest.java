package com.portfolio.infra.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GIVEN the compliant plan with any one input of any resource unknown until deployment WHEN
 * evaluated THEN no rule reports a violation: a rule that cannot see an input says it did not
 * evaluate the check, it never judges the placeholder.
 */
class ComputedInputsTest {

    static Stream<Arguments> inputs() {
        Plan plan = CompliantPlan.build("prod").build();
        List<Arguments> cases = new ArrayList<>();
        for (PlannedResource r : plan.resources()) {
            for (String input : r.inputs().keySet()) {
                if (!input.equals("tags")) {
                    cases.add(Arguments.of(r.name(), input));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}.{1} computed")
    @MethodSource("inputs")
    void aComputedInputIsNeverJudged(String resource, String input) {
        Plan compliant = CompliantPlan.build("prod").build();
        List<PlannedResource> resources = compliant.resources().stream().map(r -> {
            if (!r.name().equals(resource)) {
                return r;
            }
            var inputs = new LinkedHashMap<>(r.inputs());
            inputs.put(input, PlannedResource.COMPUTED);
            return new PlannedResource(r.urn(), r.type(), r.name(), r.id(), r.parentUrn(), r.custom(), inputs, r.protect(),
                    r.retainOnDelete(), r.state());
        }).toList();
        PolicyReport report = CompliantPlanTest.engine().evaluate(new Plan(compliant.project(), compliant.stack(), resources, compliant.outputs()));
        assertEquals(List.of(), report.violations(), () -> CompliantPlanTest.print(report));
    }
}
