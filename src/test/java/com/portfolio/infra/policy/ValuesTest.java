package com.portfolio.infra.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.plan.PlannedResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Typed reads of plan inputs: a placeholder never reads as a value, strings read as booleans and numbers. */
class ValuesTest {
    static final Map<String, Object> INPUTS = Map.of(
            "computed", PlannedResource.COMPUTED,
            "blank", " ",
            "flag", "True",
            "word", "maybe",
            "count", "12",
            "notANumber", "twelve",
            "nested", Map.of("list", List.of("a", PlannedResource.COMPUTED)),
            "through", Map.of("computed", PlannedResource.COMPUTED));

    @Test
    void aComputedValueReadsAsAbsent() {
        assertEquals(Optional.empty(), Values.at(INPUTS, "computed"));
        assertEquals(Optional.empty(), Values.string(INPUTS, "computed"));
        assertEquals(Optional.of("maybe"), Values.string(INPUTS, "word"));
    }

    @Test
    void aBlankStringReadsAsAbsent() {
        assertEquals(Optional.empty(), Values.string(INPUTS, "blank"));
    }

    @Test
    void booleansMayBeStringsInAnyCase() {
        assertEquals(Optional.of(true), Values.bool(INPUTS, "flag"));
        assertEquals(Optional.empty(), Values.bool(INPUTS, "word"));
    }

    @Test
    void numbersMayBeStrings() {
        assertEquals(Optional.of(12.0), Values.number(INPUTS, "count"));
        assertEquals(Optional.empty(), Values.number(INPUTS, "notANumber"));
    }

    @Test
    void computedIsFoundOnTheWayToInsideOrAtAPath() {
        assertTrue(Values.isComputed(INPUTS, "computed"));
        assertTrue(Values.isComputed(INPUTS, "computed.below"));
        assertTrue(Values.isComputed(INPUTS, "nested"));
        assertTrue(Values.isComputed(INPUTS, "nested.list"));
        assertTrue(Values.isComputed(INPUTS, "through"));
        assertFalse(Values.isComputed(INPUTS, "word"));
        assertFalse(Values.isComputed(INPUTS, "missing.path"));
        assertFalse(Values.isComputed(Map.of("nested", Map.of("list", List.of("a"))), "nested"));
    }
}
