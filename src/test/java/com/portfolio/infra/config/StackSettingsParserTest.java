package com.portfolio.infra.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StackSettingsParserTest {

    private static StackSettings parse(String stack, Map<String, String> values) {
        var raw = new HashMap<String, RawValue>();
        values.forEach((k, v) -> raw.put(k, RawValue.plain(v)));
        return StackSettingsParser.parse("portfolio", stack, new RawConfig(raw), Path.of("."));
    }

    private static List<String> problems(String stack, Map<String, String> values) {
        return assertThrows(SettingsException.class, () -> parse(stack, values)).problems();
    }

    private static Map<String, String> withRegion(String... keyValues) {
        var map = new HashMap<String, String>();
        map.put("aws:region", "eu-west-1");
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    @Test
    void onlyTheRegionGivenEveryOtherKeyTakesItsDocumentedDefault() {
        StackSettings settings = parse("dev", withRegion());
        assertEquals("eu-west-1", settings.region());
        assertEquals(2, settings.network().availabilityZones());
        assertEquals("10.0.0.0/16", settings.network().vpcCidr().toString());
        assertEquals(NatStrategy.SINGLE, settings.network().natGateways());
        assertEquals(List.of(), settings.network().interfaceEndpoints());
        assertEquals(30, settings.logRetentionDays());
        assertFalse(settings.mlTraining().forceRebuild());
        assertFalse(settings.lambdaLayer().forceRebuild());
        assertEquals("portfolio-dev", settings.namePrefix());
    }

    @Test
    void buildSettingsDefaultToTheDocumentedValuesAndEveryMlPackageOfTheProject() {
        StackSettings settings = parse("dev", withRegion());
        MlTrainingSettings ml = settings.mlTraining();
        assertEquals("763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:2.5.1-gpu-py311-cu124-ubuntu22.04-ec2",
                ml.buildImage(), "the Deep Learning Container of the stack's region");
        assertEquals(null, ml.buildImageCredentials());
        assertEquals("BUILD_GENERAL1_LARGE", ml.computeType());
        assertFalse(ml.gpuBuild());
        assertEquals(90, ml.buildTimeoutMinutes());
        assertEquals(3, ml.versionsKept());
        assertEquals(MlPackageFolders.discover(Path.of(".")), ml.packages());
        assertTrue(ml.packages().contains("trainkit"), ml.packages().toString());
        assertEquals("12.4", ml.cudaVersion());
        assertEquals("2.5.1", ml.torchVersion());
        LambdaLayerSettings layer = settings.lambdaLayer();
        assertEquals("aws/codebuild/amazonlinux-x86_64-standard:5.0", layer.buildImage());
        assertEquals(20, layer.buildTimeoutMinutes());
        assertEquals(List.of(), layer.sharedWith());
    }

    @Test
    void buildSettingsAreReadWhenGiven() {
        StackSettings settings = parse("dev", withRegion(
                "ml-training:buildImage", "123456789012.dkr.ecr.us-east-1.amazonaws.com/cuda:12.6",
                "ml-training:computeType", "BUILD_GENERAL1_LARGE",
                "ml-training:gpuBuild", "true",
                "ml-training:buildTimeoutMinutes", "240",
                "ml-training:versionsKept", "5",
                "ml-training:packages", "[\"trainkit\"]",
                "ml-training:cudaVersion", "12.6",
                "ml-training:torchVersion", "2.6.0",
                "lambda-layer:sharedWith", "[\"210987654321\",\"o-a1b2c3d4e5\"]"));
        assertTrue(settings.mlTraining().gpuBuild());
        assertEquals(240, settings.mlTraining().buildTimeoutMinutes());
        assertEquals(List.of("trainkit"), settings.mlTraining().packages());
        assertEquals(List.of("210987654321", "o-a1b2c3d4e5"), settings.lambdaLayer().sharedWith());
    }

    @Test
    void everyKeyIsReadWhenGiven() {
        StackSettings settings = parse("staging", withRegion(
                "portfolio:availabilityZones", "3",
                "portfolio:vpcCidr", "172.20.0.0/18",
                "portfolio:natGateways", "per-az",
                "portfolio:interfaceEndpoints", "[\"logs\",\"ecr.api\"]",
                "portfolio:logRetentionDays", "365",
                "ml-training:force-rebuild", "true",
                "lambda-layer:force-rebuild", "true"));
        assertEquals(3, settings.network().availabilityZones());
        assertEquals("172.20.0.0/18", settings.network().vpcCidr().toString());
        assertEquals(NatStrategy.PER_AZ, settings.network().natGateways());
        assertEquals(List.of("logs", "ecr.api"), settings.network().interfaceEndpoints());
        assertEquals(365, settings.logRetentionDays());
        assertTrue(settings.mlTraining().forceRebuild());
        assertTrue(settings.lambdaLayer().forceRebuild());
    }

    @Test
    void missingRegionIsNamedWithHowToSetIt() {
        assertEquals(List.of("aws:region: missing; expected an AWS region such as us-east-1 "
                        + "(set it with `pulumi config set aws:region us-east-1`)"),
                problems("dev", Map.of()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "aws:region|Ireland|aws:region: got \"Ireland\" (not a region name); expected an AWS region such as us-east-1 (set it with `pulumi config set aws:region us-east-1`)",
            "portfolio:availabilityZones|7|portfolio:availabilityZones: got \"7\"; expected a whole number from 2 to 6 (default 2)",
            "portfolio:availabilityZones|1|portfolio:availabilityZones: got \"1\"; expected a whole number from 2 to 6 (default 2)",
            "portfolio:availabilityZones|two|portfolio:availabilityZones: got \"two\"; expected a whole number from 2 to 6 (default 2)",
            "portfolio:vpcCidr|10.0.0.0/8|portfolio:vpcCidr: got \"10.0.0.0/8\" (/8 is outside /16../20); expected a private (RFC 1918) IPv4 block from /16 to /20 such as 10.0.0.0/16 (default 10.0.0.0/16)",
            "portfolio:vpcCidr|10.0.0.1/16|portfolio:vpcCidr: got \"10.0.0.1/16\" (host bits are set; the network address is 10.0.0.0/16); expected a private (RFC 1918) IPv4 block from /16 to /20 such as 10.0.0.0/16 (default 10.0.0.0/16)",
            "portfolio:vpcCidr|10.0.300.0/16|portfolio:vpcCidr: got \"10.0.300.0/16\" (octet 300 is above 255); expected a private (RFC 1918) IPv4 block from /16 to /20 such as 10.0.0.0/16 (default 10.0.0.0/16)",
            "portfolio:natGateways|multi|portfolio:natGateways: got \"multi\"; expected one of single, per-az, instance (default single)",
            "portfolio:logRetentionDays|10|portfolio:logRetentionDays: got \"10\"; expected one of CloudWatch's retention values [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] (default 30)",
            "ml-training:force-rebuild|yes|ml-training:force-rebuild: got \"yes\"; expected true or false (default false)",
            "lambda-layer:force-rebuild|1|lambda-layer:force-rebuild: got \"1\"; expected true or false (default false)",
            "portfolio:interfaceEndpoints|ssm|portfolio:interfaceEndpoints: got \"ssm\"; expected a list of strings: AWS service names such as ssm, ssmmessages, logs, sqs, ecr.api",
            "portfolio:interfaceEndpoints|[\"s3\"]|portfolio:interfaceEndpoints: element \"s3\" is already served by the VPC's free gateway endpoint; expected AWS service names such as ssm, ssmmessages, logs, sqs, ecr.api",
            "portfolio:interfaceEndpoints|[\"Logs!\"]|portfolio:interfaceEndpoints: element \"Logs!\" is not a service name; expected AWS service names such as ssm, ssmmessages, logs, sqs, ecr.api",
            "portfolio:interfaceEndpoints|[\"logs\",\"logs\"]|portfolio:interfaceEndpoints: element \"logs\" is listed twice; expected each at most once",
            "ml-training:computeType|BUILD_GENERAL1_HUGE|ml-training:computeType: got \"BUILD_GENERAL1_HUGE\"; expected one of BUILD_GENERAL1_SMALL, BUILD_GENERAL1_MEDIUM, BUILD_GENERAL1_LARGE, BUILD_GENERAL1_XLARGE, BUILD_GENERAL1_2XLARGE (default BUILD_GENERAL1_LARGE)",
            "ml-training:buildTimeoutMinutes|600|ml-training:buildTimeoutMinutes: got \"600\"; expected a whole number from 5 to 480 (default 90)",
            "ml-training:versionsKept|0|ml-training:versionsKept: got \"0\"; expected a whole number from 1 to 20 (default 3)",
            "ml-training:packages|[\"trainkti\"]|ml-training:packages: element \"trainkti\" has no folder ml-packages/trainkti with a pyproject.toml; expected package folders of ml-packages/: [trainkit]",
            "ml-training:buildImage|Not An Image|ml-training:buildImage: got \"Not An Image\" (not a container image reference); expected a container image with the CUDA toolkit and Python 3.10+ (default: the AWS Deep Learning Container for ml-training:torchVersion and ml-training:cudaVersion in the stack's region)",
            "ml-training:cudaVersion|twelve|ml-training:cudaVersion: got \"twelve\" (not a version number); expected a version such as 12.4 (default 12.4)",
            "ml-training:gpuBuild|on|ml-training:gpuBuild: got \"on\"; expected true or false (default false)",
            "lambda-layer:sharedWith|[\"12345\"]|lambda-layer:sharedWith: element \"12345\" is neither an account id nor an organization id; expected 12-digit AWS account ids or organization ids such as o-a1b2c3d4e5",
            "lambda-layer:buildTimeoutMinutes|2|lambda-layer:buildTimeoutMinutes: got \"2\"; expected a whole number from 5 to 120 (default 20)",
    })
    void aBadValueGivesOneLineNamingKeyValueAndExpectation(String key, String value, String message) {
        assertEquals(List.of(message), problems("dev", withRegion(key, value)));
    }

    @Test
    void aGpuBuildNeedsTheLargeComputeType() {
        assertEquals(List.of("ml-training:computeType: got \"BUILD_GENERAL1_MEDIUM\" with ml-training:gpuBuild true; "
                        + "expected BUILD_GENERAL1_LARGE, the only compute type CodeBuild offers GPU hosts in"),
                problems("dev", withRegion("ml-training:gpuBuild", "true", "ml-training:computeType", "BUILD_GENERAL1_MEDIUM")));
    }

    @Test
    void prodMustUseANatGatewayPerAz() {
        assertEquals(List.of("portfolio:natGateways: got \"single\" in a production stack (portfolio:environment "
                        + "production); expected per-az (production needs a NAT gateway in every AZ so one AZ's outage "
                        + "cannot cut the others' egress)"),
                problems("prod", withRegion("portfolio:natGateways", "single")));
        assertEquals(List.of("portfolio:natGateways: missing (default single) in a production stack (portfolio:environment "
                        + "production); expected per-az (production needs a NAT gateway in every AZ so one AZ's outage "
                        + "cannot cut the others' egress)"),
                problems("prod", withRegion()));
        assertEquals(NatStrategy.PER_AZ, parse("prod", withRegion("portfolio:natGateways", "per-az")).network().natGateways());
    }

    @ParameterizedTest
    @CsvSource({"prod,production", "production,production", "dev,development", "staging,development",
            "prod-eu,development", "preprod,development"})
    void theEnvironmentDefaultsByTheStacksNameOnlyForProdAndProduction(String stack, String environment) {
        Map<String, String> keys = Environment.defaultFor(stack).isProduction()
                ? withRegion("portfolio:natGateways", "per-az") : withRegion();
        assertEquals(environment, parse(stack, keys).environment().word());
    }

    @Test
    void theEnvironmentSetDecidesWhateverTheStacksName() {
        StackSettings staging = parse("staging", withRegion("portfolio:environment", "production",
                "portfolio:natGateways", "per-az"));
        assertTrue(staging.isProduction());
        assertEquals(List.of("portfolio:natGateways: missing (default single) in a production stack (portfolio:environment "
                        + "production); expected per-az (production needs a NAT gateway in every AZ so one AZ's outage "
                        + "cannot cut the others' egress)"),
                problems("staging", withRegion("portfolio:environment", "production")));
        StackSettings prod = parse("prod", withRegion("portfolio:environment", "development"));
        assertFalse(prod.isProduction());
        assertEquals(NatStrategy.SINGLE, prod.network().natGateways(), "a development prod needs no NAT per AZ");
    }

    @Test
    void aBadEnvironmentIsRefusedWithBothWordsAndTheDefault() {
        assertEquals(List.of("portfolio:environment: got \"prd\"; expected one of production, development (default "
                        + "development for a stack named staging; production for stacks named prod or production)"),
                problems("staging", withRegion("portfolio:environment", "prd")));
    }

    @Test
    void aStackNamedLikeProductionThatIsDevelopmentIsWarnedAbout() {
        var raw = new HashMap<String, RawValue>();
        withRegion().forEach((k, v) -> raw.put(k, RawValue.plain(v)));
        var byDefault = StackSettingsParser.read("portfolio", "prod-eu", new RawConfig(raw), Path.of("."));
        assertEquals(List.of("stack prod-eu has \"prod\" in its name but is a development stack (portfolio:environment "
                + "is not set, and development is the default for this name): its stateful resources are not protected "
                + "from deletion, EFS is not backed up and the production-only rules are advisory; set "
                + "portfolio:environment: production if it serves production"), byDefault.warnings());
        raw.put("portfolio:environment", RawValue.plain("development"));
        var explicit = StackSettingsParser.read("portfolio", "prod", new RawConfig(raw), Path.of("."));
        assertEquals(1, explicit.warnings().size());
        assertTrue(explicit.warnings().get(0).startsWith("stack prod has \"prod\" in its name but is a development stack "
                + "(portfolio:environment is development)"), explicit.warnings().get(0));
        raw.remove("portfolio:environment");
        assertEquals(List.of(), StackSettingsParser.read("portfolio", "staging", new RawConfig(raw), Path.of(".")).warnings());
    }

    @Test
    void aMisspeltKeyOfOurNamespacesIsRefusedWithTheNearestKnownKey() {
        assertEquals(List.of("portfolio:natGateway: unknown key; did you mean portfolio:natGateways?"),
                problems("dev", withRegion("portfolio:natGateway", "per-az")));
        assertEquals(List.of("ml-training:forceRebuild: unknown key; did you mean ml-training:force-rebuild?"),
                problems("dev", withRegion("ml-training:forceRebuild", "true")));
    }

    @Test
    void anUnknownKeyFarFromAnyKnownOneListsTheNamespacesKeys() {
        assertEquals(List.of("lambda-layer:somethingElseEntirely: unknown key; known keys in lambda-layer: "
                        + "lambda-layer:force-rebuild, lambda-layer:buildImage, lambda-layer:buildTimeoutMinutes, "
                        + "lambda-layer:sharedWith"),
                problems("dev", withRegion("lambda-layer:somethingElseEntirely", "x")));
    }

    @Test
    void theProvidersAndTheEnginesRealKeysAreAccepted() {
        assertEquals("eu-west-1", parse("dev", withRegion("aws:skipMetadataApiCheck", "false",
                "aws:defaultTags", "{\"tags\":{\"team\":\"ml\"}}", "aws:allowedAccountIds", "[\"123456789012\"]",
                "aws:s3UsePathStyle", "true", "pulumi:disable-default-providers", "[\"aws\"]",
                "pulumi:template", "aws-java")).region());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "portfolo:vpcCidr|portfolo:vpcCidr: unknown namespace \"portfolo\", which no one reads; expected one of "
                    + "lambda-layer, ml-training, portfolio, training, aws, pulumi; did you mean portfolio:vpcCidr?",
            "Portfolio:vpcCidr|Portfolio:vpcCidr: unknown namespace \"Portfolio\", which no one reads; expected one of "
                    + "lambda-layer, ml-training, portfolio, training, aws, pulumi; did you mean portfolio:vpcCidr?",
            "ml_training:gpuBuild|ml_training:gpuBuild: unknown namespace \"ml_training\", which no one reads; expected one of "
                    + "lambda-layer, ml-training, portfolio, training, aws, pulumi; did you mean ml-training:gpuBuild?",
            "other:thing|other:thing: unknown namespace \"other\", which no one reads; expected one of "
                    + "lambda-layer, ml-training, portfolio, training, aws, pulumi",
            "aws:regoin|aws:regoin: unknown key of the aws namespace, which no one reads; did you mean aws:region?",
            "aws:Profile|aws:Profile: unknown key of the aws namespace, which no one reads; did you mean aws:profile?",
            "pulumi:disable-default-provider|pulumi:disable-default-provider: unknown key of the pulumi namespace, which "
                    + "no one reads; did you mean pulumi:disable-default-providers?",
            "vpcCidr|vpcCidr: a key without a namespace, which no one reads; expected namespace:key; did you mean portfolio:vpcCidr?",
    })
    void aMisspeltNamespaceOrForeignKeyIsRefusedInsteadOfFallingBackToTheDefaults(String key, String message) {
        assertEquals(List.of(message), problems("dev", withRegion(key, "10.9.0.0/16")));
    }

    @Test
    void theProvidersCredentialsProfileIsKeptForTheBuilds() {
        assertEquals("work", parse("dev", withRegion("aws:profile", "work")).awsProfile());
        assertEquals(null, parse("dev", withRegion()).awsProfile());
    }

    @Test
    void everyProblemIsReportedTogether() {
        List<String> problems = problems("prod", Map.of(
                "portfolio:availabilityZones", "9",
                "portfolio:natGateway", "per-az",
                "ml-training:force-rebuild", "yes"));
        assertEquals(5, problems.size(), String.join("\n", problems));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("aws:region: missing")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("portfolio:availabilityZones: got \"9\"")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("portfolio:natGateways: missing (default single) in a production stack")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("portfolio:natGateway: unknown key")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("ml-training:force-rebuild: got \"yes\"")));
    }

    @Test
    void aSecretValueForAKeyThatIsNotSensitiveIsRefused() {
        var raw = new RawConfig(Map.of("aws:region", RawValue.plain("us-east-1"),
                "portfolio:vpcCidr", RawValue.unknownSecret()));
        var problems = assertThrows(SettingsException.class,
                () -> StackSettingsParser.parse("portfolio", "dev", raw, Path.of("."))).problems();
        assertEquals(List.of("portfolio:vpcCidr: is a secret (secure:) value; expected a plain value, this key is not "
                + "sensitive (set it with `pulumi config set portfolio:vpcCidr <value>` without --secret)"), problems);
    }

    private static StackSettingsParser.Parsed read(String stack, Map<String, String> values) {
        var raw = new HashMap<String, RawValue>();
        values.forEach((k, v) -> raw.put(k, RawValue.plain(v)));
        return StackSettingsParser.read("portfolio", stack, new RawConfig(raw), Path.of("."));
    }

    @Test
    void aForcedRebuildLeftOnIsAWarningOnEveryRead() {
        assertEquals(List.of("every update rebuilds the ML packages trainkit (ml-training:force-rebuild is true): "
                        + "set ml-training:force-rebuild back to false",
                "every update rebuilds the Lambda layer (lambda-layer:force-rebuild is true): "
                        + "set lambda-layer:force-rebuild back to false"),
                read("dev", withRegion("ml-training:force-rebuild", "true", "lambda-layer:force-rebuild", "true")).warnings());
        assertEquals(List.of(), read("dev", withRegion("ml-training:force-rebuild", "false")).warnings());
    }

    @Test
    void aRegionTheTableDoesNotKnowIsRefusedWhenSettingsAreRead() {
        List<String> problems = problems("dev", withRegion("aws:region", "us-east-7"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("aws:region: got \"us-east-7\" (no such region in the program's region "
                + "table (support/AwsRegions), which knows us-east-1, us-east-2, "), problems.get(0));
        assertTrue(problems.get(0).endsWith("; expected an AWS region such as us-east-1 (set it with "
                + "`pulumi config set aws:region us-east-1`)"), problems.get(0));
    }

    @Test
    void anInterfaceEndpointNoRegionOffersIsRefusedNamingTheKnownOnes() {
        List<String> problems = problems("dev", withRegion("portfolio:interfaceEndpoints", "[\"ssm\",\"ssmmessage\"]"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("portfolio:interfaceEndpoints: element \"ssmmessage\" is not an interface "
                + "endpoint service the program knows (support/AwsRegions lists codebuild, ec2, ec2messages, ecr.api, "),
                problems.get(0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "8.8.0.0/16|not private address space: it belongs to someone on the internet, whose addresses the VPC could then no longer reach",
            "172.32.0.0/16|not private address space: it belongs to someone on the internet, whose addresses the VPC could then no longer reach",
            "192.169.0.0/16|not private address space: it belongs to someone on the internet, whose addresses the VPC could then no longer reach",
            "100.64.0.0/16|shared address space (RFC 6598, 100.64.0.0/10): AWS accepts it, but it is the carrier-grade NAT range that some networks this VPC may peer or connect with already use",
    })
    void theVpcBlockMustBePrivateAddressSpace(String cidr, String detail) {
        assertEquals(List.of("portfolio:vpcCidr: got \"" + cidr + "\" (" + detail + "); expected a private (RFC 1918) "
                + "IPv4 block from /16 to /20 such as 10.0.0.0/16 (default 10.0.0.0/16)"),
                problems("dev", withRegion("portfolio:vpcCidr", cidr)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/16", "172.16.0.0/16", "172.31.240.0/20", "192.168.0.0/16"})
    void everyRfc1918BlockIsAccepted(String cidr) {
        assertEquals(cidr, parse("dev", withRegion("portfolio:vpcCidr", cidr)).network().vpcCidr().toString());
    }

    @Test
    void dockersDefaultBridgeIsAcceptedWithAWarning() {
        assertEquals(List.of("portfolio:vpcCidr 172.17.0.0/16 overlaps 172.17.0.0/16, the default bridge network of "
                        + "Docker, which CodeBuild and SageMaker containers use: from inside them, addresses of the VPC in it "
                        + "are unreachable; prefer a block such as 10.0.0.0/16"),
                read("dev", withRegion("portfolio:vpcCidr", "172.17.0.0/16")).warnings());
        assertEquals(1, read("dev", withRegion("portfolio:vpcCidr", "172.17.128.0/20")).warnings().size());
        assertEquals(List.of(), read("dev", withRegion("portfolio:vpcCidr", "172.18.0.0/16")).warnings());
    }
}
