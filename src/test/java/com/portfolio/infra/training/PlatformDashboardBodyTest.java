package com.portfolio.infra.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** GIVEN the names of a stack's resources WHEN the dashboard body is built THEN it shows exactly those, as AWS names them. */
class PlatformDashboardBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Names that appear nowhere in the builder, so any other value in the body was written into it. */
    private static PlatformDashboardBody.Inputs inputs(String region) {
        return new PlatformDashboardBody.Inputs("acme-qa", region, "q-jobs-7f3a", "q-dead-9c1e", 4, "acme-qa-fleet",
                Map.of("interruption", "rule-int-5b2d", "rebalance", "rule-reb-0e4f"),
                "arn:aws:states:" + region + ":111122223333:stateMachine:sm-77d1",
                Map.of("ML packages", "acme-qa-ml-packages", "Lambda layer", "acme-qa-lambda-layer"));
    }

    private static JsonNode body(PlatformDashboardBody.Inputs in) throws Exception {
        return JSON.readTree(PlatformDashboardBody.toJson(in));
    }

    private static List<JsonNode> graphs(JsonNode body) {
        var graphs = new ArrayList<JsonNode>();
        body.get("widgets").forEach(w -> {
            if (w.get("type").asText().equals("metric")) {
                graphs.add(w);
            }
        });
        return graphs;
    }

    private static JsonNode graph(JsonNode body, String title) {
        return graphs(body).stream().filter(g -> g.at("/properties/title").asText().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError("no graph titled " + title + " in " + body));
    }

    /** Each metric row as "namespace metric dimension=value". */
    private static Set<String> rows(JsonNode graph) {
        var rows = new TreeSet<String>();
        for (JsonNode row : graph.at("/properties/metrics")) {
            assertEquals(5, row.size(), "namespace, name, one dimension and its value, options: " + row);
            rows.add(row.get(0).asText() + " " + row.get(1).asText() + " " + row.get(2).asText() + "=" + row.get(3).asText());
        }
        return rows;
    }

    @Test
    void everyGraphShowsTheMetricsAwsPublishesUnderTheNamesAwsGivesThem() throws Exception {
        // Spelt as in the AWS documentation: SQS "Available CloudWatch metrics for Amazon SQS",
        // "Amazon CloudWatch metrics for Amazon EC2 Auto Scaling", EventBridge "Monitoring Amazon
        // EventBridge", Step Functions "Execution metrics", CodeBuild "CodeBuild CloudWatch metrics".
        JsonNode body = body(inputs("eu-west-1"));
        assertEquals(Set.of(
                "AWS/SQS ApproximateNumberOfMessagesVisible QueueName=q-jobs-7f3a",
                "AWS/SQS ApproximateNumberOfMessagesNotVisible QueueName=q-jobs-7f3a",
                "AWS/SQS ApproximateAgeOfOldestMessage QueueName=q-jobs-7f3a"), rows(graph(body, "Job queue")));
        assertEquals(Set.of("AWS/SQS ApproximateNumberOfMessagesVisible QueueName=q-dead-9c1e"),
                rows(graph(body, "Dead-letter queue (failed jobs)")));
        assertEquals(Set.of(
                "AWS/AutoScaling GroupDesiredCapacity AutoScalingGroupName=acme-qa-fleet",
                "AWS/AutoScaling GroupInServiceInstances AutoScalingGroupName=acme-qa-fleet",
                "AWS/AutoScaling GroupMaxSize AutoScalingGroupName=acme-qa-fleet"), rows(graph(body, "Training fleet")));
        assertEquals(Set.of(
                "AWS/Events TriggeredRules RuleName=rule-int-5b2d", "AWS/Events Invocations RuleName=rule-int-5b2d",
                "AWS/Events TriggeredRules RuleName=rule-reb-0e4f", "AWS/Events Invocations RuleName=rule-reb-0e4f"),
                rows(graph(body, "Spot interruptions and rebalance recommendations")));
        String machine = "StateMachineArn=arn:aws:states:eu-west-1:111122223333:stateMachine:sm-77d1";
        assertEquals(Set.of("AWS/States ExecutionsStarted " + machine, "AWS/States ExecutionsSucceeded " + machine,
                "AWS/States ExecutionsFailed " + machine, "AWS/States ExecutionsTimedOut " + machine,
                "AWS/States ExecutionsAborted " + machine), rows(graph(body, "Training workflow executions")));
        assertEquals(Set.of("AWS/CodeBuild Duration ProjectName=acme-qa-ml-packages",
                "AWS/CodeBuild Duration ProjectName=acme-qa-lambda-layer"),
                rows(graph(body, "Build duration (longest per hour)")));
        assertEquals(Set.of(
                "AWS/CodeBuild SucceededBuilds ProjectName=acme-qa-ml-packages",
                "AWS/CodeBuild FailedBuilds ProjectName=acme-qa-ml-packages",
                "AWS/CodeBuild SucceededBuilds ProjectName=acme-qa-lambda-layer",
                "AWS/CodeBuild FailedBuilds ProjectName=acme-qa-lambda-layer"), rows(graph(body, "Build results")));
        assertEquals(7, graphs(body).size(), "no graph beyond those above");
    }

    @Test
    void everyGraphReadsTheStacksRegionWithATitleAnAxisLabelAPeriodAndAStatistic() throws Exception {
        Set<String> statistics = Set.of("Sum", "Maximum", "Average", "Minimum", "SampleCount");
        for (String region : List.of("eu-west-1", "us-east-1")) {
            for (JsonNode graph : graphs(body(inputs(region)))) {
                JsonNode p = graph.get("properties");
                String title = p.path("title").asText();
                assertFalse(title.isBlank(), graph.toString());
                assertEquals(region, p.path("region").asText(), title);
                assertFalse(p.at("/yAxis/left/label").asText().isBlank(), title);
                assertTrue(statistics.contains(p.path("stat").asText()), title + ": " + p.path("stat"));
                int period = p.path("period").asInt();
                assertTrue(period >= 60 && period % 60 == 0, title + ": period " + period);
                for (JsonNode row : p.get("metrics")) {
                    assertFalse(row.get(4).path("label").asText().isBlank(), title + ": " + row);
                    if (row.get(4).path("yAxis").asText().equals("right")) {
                        assertFalse(p.at("/yAxis/right/label").asText().isBlank(), title + " draws on an unlabelled right axis");
                    }
                }
            }
        }
        JsonNode queue = graph(body(inputs("eu-west-1")), "Job queue");
        assertEquals("right", queue.at("/properties/metrics/2/4/yAxis").asText(), "the age in seconds is not on the count axis");
    }

    @Test
    void theDeadLetterGraphDrawsTheAlarmThresholdAndAggregatesAsTheAlarmDoes() throws Exception {
        JsonNode dlq = graph(body(inputs("eu-west-1")), "Dead-letter queue (failed jobs)").get("properties");
        JsonNode line = dlq.at("/annotations/horizontal/0");
        assertEquals(4, line.get("value").asInt());
        assertTrue(line.get("label").asText().contains("alarm"), line.toString());
        // QueueAlarms: Maximum over 300 seconds.
        assertEquals("Maximum", dlq.get("stat").asText());
        assertEquals(300, dlq.get("period").asInt());
    }

    @Test
    void theTextSaysWhatTheDashboardShowsAndWhereTheRunbookIs() throws Exception {
        JsonNode widgets = body(inputs("eu-west-1")).get("widgets");
        JsonNode text = widgets.get(0);
        assertEquals("text", text.get("type").asText());
        String markdown = text.at("/properties/markdown").asText();
        assertTrue(markdown.contains("acme-qa"), markdown);
        assertTrue(markdown.contains("README, section \"Training jobs\""), markdown);
        for (String shown : List.of("job queue", "dead-letter queue", "fleet", "spot interruption", "workflow", "builds")) {
            assertTrue(markdown.contains(shown), "the text names the " + shown + ": " + markdown);
        }
    }

    @Test
    void widgetsFitTheGridWithoutOverlapping() throws Exception {
        JsonNode widgets = body(inputs("eu-west-1")).get("widgets");
        var taken = new TreeSet<String>();
        for (JsonNode w : widgets) {
            int x = w.get("x").asInt();
            int y = w.get("y").asInt();
            int width = w.get("width").asInt();
            int height = w.get("height").asInt();
            assertTrue(x >= 0 && width > 0 && x + width <= 24 && y >= 0 && height > 0, w.toString());
            for (int col = x; col < x + width; col++) {
                for (int row = y; row < y + height; row++) {
                    assertTrue(taken.add(col + "," + row), "two widgets cover cell " + col + "," + row);
                }
            }
        }
    }

    @Test
    void theBodyIsValidJsonFarUnderTheSizeLimitAndAnOversizedOneIsRefused() throws Exception {
        String json = PlatformDashboardBody.toJson(inputs("eu-west-1"));
        JSON.readTree(json);
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < PlatformDashboardBody.MAX_BODY_BYTES / 100, bytes + " bytes");
        assertEquals(1_048_576, PlatformDashboardBody.MAX_BODY_BYTES);

        String huge = "q".repeat(PlatformDashboardBody.MAX_BODY_BYTES / 2);
        var in = new PlatformDashboardBody.Inputs("acme-qa", "eu-west-1", huge, "q-dead", 1, "acme-qa-fleet", Map.of(),
                "arn:aws:states:eu-west-1:111122223333:stateMachine:sm", Map.of());
        var error = assertThrows(IllegalStateException.class, () -> PlatformDashboardBody.toJson(in));
        assertTrue(error.getMessage().matches("dashboard body: \\d+ bytes; CloudWatch accepts at most 1048576"),
                error.getMessage());
    }

    @Test
    void theNameIsTheStackPrefixWithinCloudWatchsRule() {
        assertEquals("portfolio-dev-training-platform", PlatformDashboardBody.dashboardName("portfolio-dev"));
        var dotted = assertThrows(IllegalArgumentException.class, () -> PlatformDashboardBody.dashboardName("my.site-dev"));
        assertEquals("dashboard name: got \"my.site-dev-training-platform\" (29 characters, from the stack's name prefix "
                + "\"my.site-dev\"); expected 1 to 255 of A-Z, a-z, 0-9, '-' and '_', as CloudWatch accepts", dotted.getMessage());
        String longest = "p".repeat(255 - PlatformDashboardBody.NAME_SUFFIX.length());
        assertEquals(255, PlatformDashboardBody.dashboardName(longest).length());
        var tooLong = assertThrows(IllegalArgumentException.class, () -> PlatformDashboardBody.dashboardName(longest + "p"));
        assertTrue(tooLong.getMessage().contains("(256 characters"), tooLong.getMessage());
    }

    @Test
    void theConsoleUrlOpensTheDashboardInTheStacksRegion() {
        assertEquals("https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1"
                + "#dashboards:name=portfolio-dev-training-platform",
                PlatformDashboardBody.consoleUrl("eu-west-1", "portfolio-dev-training-platform"));
    }
}
