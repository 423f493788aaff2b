package com.portfolio.infra.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** GIVEN the queue and the group as CloudWatch sees them WHEN the policies evaluate THEN the fleet has this capacity. */
class FleetScalingTest {

    @ParameterizedTest(name = "{0} visible + {1} in flight over {2} in service = {3}")
    @CsvSource({
            "1, 0, 0, 1.0",    // one waiting job, no instance: the jobs themselves (divided by max(0, 1))
            "0, 0, 3, 0.0",    // an empty queue: nothing per instance
            "2, 4, 3, 2.0",
            "0, 1, 2, 0.5",
            "5, 0, 0, 5.0"})
    void backlogPerInstanceDividesTheJobsByTheInServiceInstancesAtLeastOne(long visible, long inFlight, long inService,
                                                                           double expected) {
        assertEquals(expected, FleetScaling.backlogPerInstance(visible, inFlight, inService));
    }

    @ParameterizedTest(name = "visible {0}, in flight {1}, in service {2}, desired {3}, target {4}, max {5} -> {6}")
    @CsvSource({
            "1, 0, 0, 0, 1, 4, 1",   // one job from zero: the starting step
            "0, 1, 0, 0, 1, 4, 1",   // a held job whose instance vanished: start one
            "1, 0, 0, 1, 1, 4, 1",   // already starting (desired 1, none in service yet): no second instance
            "0, 0, 3, 3, 1, 4, 0",   // three instances, nothing to do: back to zero
            "0, 0, 0, 0, 1, 4, 0",   // idle and empty stays empty
            "2, 1, 1, 1, 1, 4, 3",   // three jobs on one instance, target 1: three
            "9, 1, 2, 2, 1, 4, 4",   // more than the maximum: the maximum
            "3, 1, 2, 2, 2, 4, 2",   // target 2 jobs per instance: two instances for four jobs
            "0, 2, 3, 3, 1, 4, 2"})  // two running jobs on three instances: one goes
    void thePoliciesTogetherStartFromZeroFollowTheBacklogAndReturnToZero(long visible, long inFlight, long inService,
                                                                        long desired, int target, long max, long expected) {
        assertEquals(expected, FleetScaling.desiredCapacity(visible, inFlight, inService, desired, target, max));
    }

    @Test
    void targetTrackingAloneNeverLeavesZero() {
        double metric = FleetScaling.backlogPerInstance(5, 0, 0);
        assertEquals(0, FleetScaling.targetTrackingCapacity(0, metric, 1, 4), "the reason the starting step exists");
    }

    @Test
    void theStartingStepFiresOnlyForAnEmptyGroupWithWork() {
        assertTrue(FleetScaling.startsFromZero(1, 0, 0, 0));
        assertFalse(FleetScaling.startsFromZero(0, 0, 0, 0));
        assertFalse(FleetScaling.startsFromZero(1, 0, 1, 1));
        assertFalse(FleetScaling.startsFromZero(1, 0, 0, 1));
    }

    /** The deployed expressions, evaluated over a grid, agree with the arithmetic tested above. */
    @Test
    void theMetricMathExpressionsComputeTheSameAsTheArithmetic() {
        for (long visible = 0; visible <= 5; visible++) {
            for (long inFlight = 0; inFlight <= 3; inFlight++) {
                for (long inService = 0; inService <= 4; inService++) {
                    for (long desired = inService; desired <= inService + 1; desired++) {
                        var values = java.util.Map.of(FleetScaling.VISIBLE, (double) visible, FleetScaling.IN_FLIGHT,
                                (double) inFlight, FleetScaling.IN_SERVICE, (double) inService, FleetScaling.DESIRED, (double) desired);
                        String at = visible + "/" + inFlight + "/" + inService + "/" + desired;
                        assertEquals(FleetScaling.backlogPerInstance(visible, inFlight, inService),
                                new MetricMath(FleetScaling.BACKLOG_PER_INSTANCE, values).evaluate(), 1e-9, at);
                        assertEquals(FleetScaling.startsFromZero(visible, inFlight, inService, desired) ? 1.0 : 0.0,
                                new MetricMath(FleetScaling.STARTS_FROM_ZERO, values).evaluate(), at);
                    }
                }
            }
        }
    }

    /**
     * The part of CloudWatch metric math the expressions use: IF(c, a, b), AND, comparisons, + - * /,
     * parentheses, numbers and metric ids. Comparisons and AND give 1 or 0, as in CloudWatch.
     */
    static final class MetricMath {
        private final String text;
        private final java.util.Map<String, Double> values;
        private int at;

        MetricMath(String text, java.util.Map<String, Double> values) {
            this.text = text;
            this.values = values;
        }

        double evaluate() {
            double value = and();
            skipSpaces();
            if (at != text.length()) {
                throw new IllegalArgumentException("unexpected text at " + at + " of " + text);
            }
            return value;
        }

        private double and() {
            double left = comparison();
            while (accept("AND")) {
                double right = comparison();
                left = left != 0 && right != 0 ? 1 : 0;
            }
            return left;
        }

        private double comparison() {
            double left = sum();
            for (String op : java.util.List.of(">=", "<=", "==", "!=", ">", "<")) {
                if (accept(op)) {
                    double right = sum();
                    boolean result = switch (op) {
                        case ">=" -> left >= right;
                        case "<=" -> left <= right;
                        case "==" -> left == right;
                        case "!=" -> left != right;
                        case ">" -> left > right;
                        default -> left < right;
                    };
                    return result ? 1 : 0;
                }
            }
            return left;
        }

        private double sum() {
            double value = product();
            while (true) {
                if (accept("+")) {
                    value += product();
                } else if (accept("-")) {
                    value -= product();
                } else {
                    return value;
                }
            }
        }

        private double product() {
            double value = atom();
            while (true) {
                if (accept("*")) {
                    value *= atom();
                } else if (accept("/")) {
                    value /= atom();
                } else {
                    return value;
                }
            }
        }

        private double atom() {
            if (accept("IF(")) {
                double condition = and();
                expect(",");
                double whenTrue = and();
                expect(",");
                double whenFalse = and();
                expect(")");
                return condition != 0 ? whenTrue : whenFalse;
            }
            if (accept("(")) {
                double value = and();
                expect(")");
                return value;
            }
            skipSpaces();
            int start = at;
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                at++;
            }
            String token = text.substring(start, at);
            if (token.isEmpty()) {
                throw new IllegalArgumentException("expected a value at " + start + " of " + text);
            }
            if (Character.isDigit(token.charAt(0))) {
                return Double.parseDouble(token);
            }
            Double value = values.get(token);
            if (value == null) {
                throw new IllegalArgumentException("unknown metric id " + token + " in " + text);
            }
            return value;
        }

        private boolean accept(String token) {
            skipSpaces();
            if (text.startsWith(token, at)) {
                at += token.length();
                return true;
            }
            return false;
        }

        private void expect(String token) {
            if (!accept(token)) {
                throw new IllegalArgumentException("expected " + token + " at " + at + " of " + text);
            }
        }

        private void skipSpaces() {
            while (at < text.length() && text.charAt(at) == ' ') {
                at++;
            }
        }
    }
}
