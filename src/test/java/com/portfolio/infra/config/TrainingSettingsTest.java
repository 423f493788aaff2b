package com.portfolio.infra.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingSettingsTest {

    private static StackSettings parse(String... keyValues) {
        var raw = new HashMap<String, RawValue>();
        raw.put("aws:region", RawValue.plain("eu-west-1"));
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put(keyValues[i], RawValue.plain(keyValues[i + 1]));
        }
        return StackSettingsParser.parse("portfolio", "dev", new RawConfig(raw), Path.of("."));
    }

    private static List<String> problems(String... keyValues) {
        return assertThrows(SettingsException.class, () -> parse(keyValues)).problems();
    }

    @Test
    void unsetKeysTakeTheDocumentedDefaults() {
        TrainingSettings training = parse().training();
        assertEquals(3, training.receiveLimit());
        assertEquals(300, training.heartbeatSeconds());
        assertEquals(900, training.visibilityTimeoutSeconds());
        assertEquals(86_400, training.jobTimeoutSeconds());
        assertEquals(1, training.deadLetterAlarmMessages());
        assertEquals(3_600, training.oldestMessageAlarmSeconds());
        assertEquals(null, training.opsEmail());
        assertEquals("portfolio-dev-fleet", training.fleetGroupName("portfolio-dev"));
        assertEquals("ERROR", training.workflowLogLevel());
        assertFalse(training.workflowLogExecutionData());
    }

    @Test
    void theReceiveLimitStaysWithinThreeToTen() {
        assertEquals(10, parse("training:receiveLimit", "10").training().receiveLimit());
        assertEquals(List.of("training:receiveLimit: got \"2\"; expected a whole number from 3 to 10 (default 3)"),
                problems("training:receiveLimit", "2"));
        assertEquals(List.of("training:receiveLimit: got \"11\"; expected a whole number from 3 to 10 (default 3)"),
                problems("training:receiveLimit", "11"));
    }

    @Test
    void aHeartbeatAsLongAsTheVisibilityTimeoutIsRefused() {
        assertEquals(List.of("training:visibilityTimeoutSeconds: got 600 with training:heartbeatSeconds 600; expected "
                        + "more than the heartbeat (e.g. 1800), or a job is handed to a second worker between two heartbeats"),
                problems("training:heartbeatSeconds", "600", "training:visibilityTimeoutSeconds", "600"));
        assertEquals(599, parse("training:heartbeatSeconds", "599", "training:visibilityTimeoutSeconds", "600")
                .training().heartbeatSeconds());
    }

    @Test
    void aJobTimeoutNoLongerThanTheHeartbeatIsRefused() {
        assertEquals(List.of("training:jobTimeoutSeconds: got 900 with training:heartbeatSeconds 900; expected more "
                        + "than the heartbeat, or no job can report even once"),
                problems("training:heartbeatSeconds", "900", "training:visibilityTimeoutSeconds", "1800",
                        "training:jobTimeoutSeconds", "900"));
    }

    @Test
    void badValuesSayWhatIsExpected() {
        assertEquals(List.of("training:opsEmail: got \"ops-at-example\" (not an e-mail address); expected an e-mail "
                + "address such as ops@example.com to subscribe to the ops topic (default: none)"),
                problems("training:opsEmail", "ops-at-example"));
        assertEquals(List.of("training:workflowLogLevel: got \"OFF\"; expected one of ERROR, ALL (default ERROR)"),
                problems("training:workflowLogLevel", "OFF"));
        assertEquals(List.of("training:fleetAutoScalingGroup: got \"arn:aws:autoscaling:x\" (not an Auto Scaling group "
                + "name); expected an Auto Scaling group name, 1 to 255 characters without ':' (default <project>-<stack>-fleet)"),
                problems("training:fleetAutoScalingGroup", "arn:aws:autoscaling:x"));
        assertEquals(List.of("training:heartbeatSecond: unknown key; did you mean training:heartbeatSeconds?"),
                problems("training:heartbeatSecond", "300"));
    }

    @Test
    void aConfiguredGroupAndAddressAreUsed() {
        TrainingSettings training = parse("training:fleetAutoScalingGroup", "gpu-fleet", "training:opsEmail",
                "ops@example.com").training();
        assertEquals("gpu-fleet", training.fleetGroupName("portfolio-dev"));
        assertEquals("ops@example.com", training.opsEmail());
    }
}
