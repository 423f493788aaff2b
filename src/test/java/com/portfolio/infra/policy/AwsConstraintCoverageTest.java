package com.portfolio.infra.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.config.RawConfig;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.config.StackSettingsParser;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.testsupport.TestStacks;
import com.pulumi.core.annotations.ResourceType;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

/**
 * APPLY-01 covers every type the program creates, and every constraint path names an input the
 * provider really has: a type without an entry would go unchecked, a misspelt path would check
 * nothing, and neither would fail anything else.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AwsConstraintCoverageTest {

    private static final String HOW_TO_ADD = "; map it (or say why nothing can be checked) in scripts/aws_constraints.py "
            + "and run `python3 scripts/aws_constraints.py`";
    private static final Pattern AWS_IMPORT = Pattern.compile("^import (com\\.pulumi\\.aws\\.[a-z0-9]+\\.[A-Z][A-Za-z0-9]*);",
            Pattern.MULTILINE);

    private final AwsSchemas schemas = AwsSchemas.standard();

    private static Plan planOfStackFile(String stack) {
        StackSettings settings = StackSettingsParser.parse("portfolio", stack,
                RawConfig.fromStackFile(Path.of("Pulumi." + stack + ".yaml")), Path.of("."));
        return TestStacks.plan(settings);
    }

    private Set<String> unknown(Stream<String> types) {
        var missing = new TreeSet<String>();
        types.filter(t -> schemas.type(t).isEmpty()).forEach(missing::add);
        return missing;
    }

    @Test
    void everyTypeTheStacksPlanIsMappedOrExplained() {
        // The shipped stacks, plus the options that add types: a shared layer, no interface endpoints.
        var plans = List.of(planOfStackFile("dev"), planOfStackFile("prod"),
                TestStacks.plan(TestStacks.settings("dev", Map.of("lambda-layer:sharedWith", "[\"123456789012\"]",
                        "portfolio:interfaceEndpoints", "[]"))));
        var planned = plans.stream().flatMap(p -> p.resources().stream()).filter(PlannedResource::custom)
                .map(PlannedResource::type);
        Set<String> missing = unknown(planned);
        assertEquals(Set.of(), missing, "planned types APPLY-01 knows nothing about" + HOW_TO_ADD);
        assertTrue(plans.get(2).ofType(Types.EGRESS_RULE).findAny().isPresent());
        assertTrue(plans.get(2).ofType("aws:lambda/layerVersionPermission:LayerVersionPermission").findAny().isPresent(),
                "the shared-layer variant plans a layer permission");
    }

    /** Types created only under some settings, that no plan above makes, are caught from the imports. */
    @Test
    void everyAwsResourceTheSourcesImportIsMappedOrExplained() throws IOException {
        var tokens = new ArrayList<String>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = AWS_IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    resourceToken(m.group(1)).ifPresent(tokens::add);
                }
            }
        }
        assertTrue(tokens.contains(Types.SECURITY_GROUP), tokens.toString());
        assertEquals(Set.of(), unknown(tokens.stream()), "imported resource types APPLY-01 knows nothing about" + HOW_TO_ADD);
    }

    /** The coming components (website, API, queue, workflow, fleet) are checked from their first plan. */
    @Test
    void everyTypeThePolicyNamesIsMappedOrExplained() throws IllegalAccessException {
        var tokens = new ArrayList<String>();
        for (Field field : Types.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                tokens.add((String) field.get(null));
            }
        }
        tokens.addAll(List.of("aws:apigatewayv2/api:Api", "aws:iam/instanceProfile:InstanceProfile",
                "aws:cloudfront/cachePolicy:CachePolicy", "aws:cloudfront/function:Function",
                "aws:autoscaling/policy:Policy", "aws:sns/topicSubscription:TopicSubscription"));
        assertEquals(Set.of(), unknown(tokens.stream()), "types of the policy APPLY-01 knows nothing about" + HOW_TO_ADD);
    }

    @Test
    void everyMappedTokenIsAResourceOfTheProvider() {
        var wrong = new TreeSet<String>();
        for (String token : schemas.types().keySet()) {
            if (token.startsWith("pulumi:providers:")) {
                continue;
            }
            String[] parts = token.split(":");
            String className = "com.pulumi.aws." + parts[1].split("/")[0] + "." + parts[2];
            if (!resourceToken(className).map(token::equals).orElse(false)) {
                wrong.add(token);
            }
        }
        assertEquals(Set.of(), wrong, "tokens that name no resource of pulumi-aws");
    }

    @Test
    void everyConstraintPathIsAnInputOfItsType() {
        var wrong = new TreeSet<String>();
        schemas.types().forEach((type, entry) -> entry.constraints().forEach(c -> {
            if (!ProviderInputs.has(type, c.path())) {
                wrong.add(type + " " + c.path() + " (" + c.source() + ")");
            }
        }));
        AwsFacts.all().forEach((type, constraints) -> constraints.forEach(c -> {
            if (!ProviderInputs.has(type, c.path())) {
                wrong.add(type + " " + c.path() + " (" + c.source() + ")");
            }
        }));
        AwsFacts.autoNameOverrides().forEach((type, autoName) -> {
            for (String input : new String[] {autoName.property(), autoName.prefixProperty(), autoName.fifoFlag()}) {
                if (input != null && !ProviderInputs.has(type, input)) {
                    wrong.add(type + " " + input + " (auto-name)");
                }
            }
        });
        assertEquals(Set.of(), wrong, "constraint paths that are no input of the provider");
        assertTrue(schemas.types().values().stream().mapToLong(e -> e.constraints().size()).sum() > 300);
    }

    @Test
    void theInputCheckRecognisesAMisspeltPath() {
        assertTrue(ProviderInputs.has(Types.SECURITY_GROUP, "ingress[].description"));
        assertTrue(ProviderInputs.has(Types.IAM_ROLE, "tags.{key}"));
        assertTrue(ProviderInputs.has(Types.AUTOSCALING_GROUP, "tags[].key"));
        assertEquals(false, ProviderInputs.has(Types.SECURITY_GROUP, "ingres[].description"));
        assertEquals(false, ProviderInputs.has(Types.SECURITY_GROUP, "ingress.description[]"));
        assertEquals(false, ProviderInputs.has("aws:ec2/nothing:Nothing", "name"));
    }

    private static java.util.Optional<String> resourceToken(String className) {
        try {
            Class<?> type = Class.forName(className, false, AwsConstraintCoverageTest.class.getClassLoader());
            ResourceType annotation = type.getAnnotation(ResourceType.class);
            return java.util.Optional.ofNullable(annotation).map(ResourceType::type);
        } catch (ClassNotFoundException e) {
            return java.util.Optional.empty();
        }
    }
}
