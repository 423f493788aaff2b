package com.portfolio.infra.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.portfolio.infra.config.RawConfig;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.config.StackSettingsParser;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.testsupport.TestStacks;
import com.pulumi.core.annotations.ResourceType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shipped stacks' costs, and a price table that knows every type the program creates. */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StackCostTest {

    private static final Pattern AWS_IMPORT = Pattern.compile("^import (com\\.pulumi\\.aws\\.[a-z0-9]+\\.[A-Z][A-Za-z0-9]*);",
            Pattern.MULTILINE);
    /** Types the website, API, training control plane and fleet create, priced before they merge. */
    private static final List<String> COMING = List.of(
            "aws:apigatewayv2/api:Api", "aws:apigatewayv2/stage:Stage", "aws:apigatewayv2/route:Route",
            "aws:apigatewayv2/integration:Integration", "aws:lambda/function:Function", "aws:lambda/permission:Permission",
            "aws:dynamodb/tableItem:TableItem", "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy",
            "aws:cloudwatch/logGroup:LogGroup", "aws:s3/bucketObjectv2:BucketObjectv2",
            "aws:cloudfront/distribution:Distribution", "aws:cloudfront/originAccessControl:OriginAccessControl",
            "aws:cloudfront/function:Function", "aws:cloudfront/cachePolicy:CachePolicy",
            "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy", "aws:acm/certificate:Certificate",
            "aws:acm/certificateValidation:CertificateValidation", "aws:route53/record:Record",
            "aws:sqs/queue:Queue", "aws:sqs/queuePolicy:QueuePolicy", "aws:sqs/redrivePolicy:RedrivePolicy",
            "aws:sns/topic:Topic", "aws:sns/topicPolicy:TopicPolicy", "aws:sns/topicSubscription:TopicSubscription",
            "aws:cloudwatch/metricAlarm:MetricAlarm", "aws:cloudwatch/eventRule:EventRule", "aws:cloudwatch/eventTarget:EventTarget",
            "aws:sfn/stateMachine:StateMachine", "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
            "aws:dynamodb/table:Table", "aws:autoscaling/group:Group", "aws:ec2/launchTemplate:LaunchTemplate",
            "aws:cloudwatch/dashboard:Dashboard", "aws:autoscaling/policy:Policy");

    private static Plan planOfStackFile(String stack) {
        StackSettings settings = StackSettingsParser.parse("portfolio", stack,
                RawConfig.fromStackFile(Path.of("Pulumi." + stack + ".yaml")), Path.of("."));
        return TestStacks.plan(settings);
    }

    private static CostEstimate costOfStackFile(String stack) {
        StackSettings settings = StackSettingsParser.parse("portfolio", stack,
                RawConfig.fromStackFile(Path.of("Pulumi." + stack + ".yaml")), Path.of("."));
        return CostEstimator.estimate(TestStacks.plan(settings), settings.region(), settings.cost(), PriceTable.standard());
    }

    @Test
    void theShippedDevStackIdlesUnderFortyDollars() {
        CostEstimate dev = costOfStackFile("dev");
        assertEquals(40, dev.budgetUsd());
        assertTrue(dev.fixedTotal() < 40, "dev fixed " + dev.fixedTotal());
        // One t4g.nano, its address and its 8 GB volume; the stack key; the training dashboard; the
        // rest is CloudWatch alarms.
        assertEquals(7.356, dev.fixedByComponent().get("network-nat"), 0.001);
        assertEquals(1.0, dev.fixedByComponent().get("stack-key"), 0.001);
        assertEquals(3.0, dev.fixedByComponent().get("training-dashboard"), 0.001);
        assertEquals(0, dev.fixedTotal() - 7.356 - 1.0 - 3.0 - 0.1 * alarms(planOfStackFile("dev")), 0.001);
        assertEquals(List.of(), dev.notPriced());
        assertTrue(!dev.overBudget());
    }

    private static long alarms(Plan plan) {
        return plan.resources().stream().filter(r -> r.type().equals("aws:cloudwatch/metricAlarm:MetricAlarm")).count();
    }

    @Test
    void theShippedProdStackIdlesUnderTwoHundredDollars() {
        CostEstimate prod = costOfStackFile("prod");
        assertEquals(200, prod.budgetUsd());
        assertTrue(prod.fixedTotal() < 200, "prod fixed " + prod.fixedTotal());
        // Three NAT gateways and their addresses, one per zone; the stack key.
        assertEquals(3 * (32.85 + 3.65), prod.fixedByComponent().get("network"), 0.001);
        assertEquals(List.of(), prod.notPriced());
    }

    @Test
    void everyTypeTheProgramCreatesOrWillCreateIsPricedOrFree() throws IOException {
        var types = new TreeSet<String>(COMING);
        var plans = List.of(planOfStackFile("dev"), planOfStackFile("prod"),
                TestStacks.plan(TestStacks.settings("dev", Map.of("portfolio:budgetEmail", "me@example.com",
                        "lambda-layer:sharedWith", "[\"123456789012\"]"))));
        plans.forEach(p -> p.resources().stream().filter(r -> r.custom() && !r.type().startsWith("pulumi:providers:"))
                .map(PlannedResource::type).forEach(types::add));
        // Types created only under some settings, from the sources' imports.
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = AWS_IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    resourceToken(m.group(1)).ifPresent(types::add);
                }
            }
        }
        assertTrue(types.contains("aws:budgets/budget:Budget") && types.contains("aws:autoscaling/group:Group"), types.toString());
        var unknown = types.stream().filter(t -> !ResourcePricing.knows(t)).toList();
        assertEquals(List.of(), unknown, "price these types in cost/ResourcePricing (PRICED), or say why they are FREE");
    }

    @Test
    void thePriceTableIsDatedSourcedAndComplete() throws IOException {
        JsonNode root = new ObjectMapper().readTree(StackCostTest.class.getResourceAsStream(PriceTable.RESOURCE));
        assertTrue(root.get("asOf").asText().matches("\\d{4}-\\d{2}-\\d{2}"));
        assertTrue(root.get("source").asText().contains("AWS's public price list"));
        PriceTable table = PriceTable.standard();
        assertEquals(List.of("us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1"), table.regions());
        Set<String> reference = fieldPaths(root.get("regions").get("us-east-1"), "");
        for (String region : table.regions()) {
            assertEquals(reference, fieldPaths(root.get("regions").get(region), ""), region + " lists other prices than us-east-1");
            for (String gpu : List.of("g4dn.xlarge", "g5.xlarge", "g6.xlarge", "g4dn.2xlarge")) {
                var range = table.region(region).orElseThrow().gpu(gpu).orElseThrow();
                assertTrue(range.spotLow() > 0 && range.spotLow() < range.onDemand(), region + " " + gpu);
            }
        }
    }

    private static Set<String> fieldPaths(JsonNode node, String prefix) {
        var paths = new TreeSet<String>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var entry = it.next();
            if (entry.getValue().isObject()) {
                paths.addAll(fieldPaths(entry.getValue(), prefix + entry.getKey() + "."));
            } else {
                paths.add(prefix + entry.getKey());
            }
        }
        return paths;
    }

    private static java.util.Optional<String> resourceToken(String className) {
        try {
            Class<?> type = Class.forName(className, false, StackCostTest.class.getClassLoader());
            return java.util.Optional.ofNullable(type.getAnnotation(ResourceType.class)).map(ResourceType::type);
        } catch (ClassNotFoundException e) {
            return java.util.Optional.empty();
        }
    }

}
