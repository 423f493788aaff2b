package com.portfolio.infra.config;

import com.portfolio.infra.support.AwsRegions;
import com.portfolio.infra.support.Ipv4Cidr;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a stack's raw configuration into {@link StackSettings}, or fails with every problem at
 * once. The defaults live here and only here.
 */
public final class StackSettingsParser {

    /** Namespaces whose every key this program owns: an unknown key there is a typo. */
    public static final Set<String> OWN_NAMESPACES = Set.of("portfolio", "ml-training", "lambda-layer",
            TrainingSettings.NAMESPACE);

    /** The key that says whether the stack is production. */
    public static final String ENVIRONMENT_KEY = "portfolio:environment";

    public static final int DEFAULT_AZS = 2;
    public static final String DEFAULT_VPC_CIDR = "10.0.0.0/16";
    /** None: an interface endpoint costs about $7 a month per AZ; the NAT reaches the same services. */
    public static final List<String> DEFAULT_INTERFACE_ENDPOINTS = List.of();
    public static final int DEFAULT_LOG_RETENTION_DAYS = 30;

    public static final String DEFAULT_CUDA_VERSION = "12.4";
    public static final String DEFAULT_TORCH_VERSION = "2.5.1";
    public static final String DEFAULT_LAYER_IMAGE = "aws/codebuild/amazonlinux-x86_64-standard:5.0";
    public static final List<String> COMPUTE_TYPES = List.of("BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_MEDIUM",
            "BUILD_GENERAL1_LARGE", "BUILD_GENERAL1_XLARGE", "BUILD_GENERAL1_2XLARGE");

    /** The values CloudWatch Logs accepts for a log group's retention. */
    public static final List<Integer> LOG_RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180,
            365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");
    private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)*");
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?(@sha256:[0-9a-f]{64})?");
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+){1,2}");
    private static final Pattern ACCOUNT_OR_ORG = Pattern.compile("\\d{12}|o-[a-z0-9]{10,32}");
    /** A secret's full ARN, with the six characters Secrets Manager appends to its name. */
    private static final Pattern SECRET_ARN = Pattern.compile(
            "arn:aws(-cn|-us-gov)?:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}");
    /**
     * RFC 1918's private blocks: a VPC block must lie in one. 100.64.0.0/10 (RFC 6598), which AWS
     * also accepts, is refused: it is the carrier-grade NAT range, which on-premises and partner
     * networks reached through peering, VPN or Direct Connect often use already.
     */
    static final List<Ipv4Cidr> PRIVATE_ADDRESS_SPACE = List.of(Ipv4Cidr.parse("10.0.0.0/8"),
            Ipv4Cidr.parse("172.16.0.0/12"), Ipv4Cidr.parse("192.168.0.0/16"));
    static final Ipv4Cidr SHARED_ADDRESS_SPACE = Ipv4Cidr.parse("100.64.0.0/10");
    /** Docker's default bridge network, inside the containers of CodeBuild and SageMaker. */
    static final Ipv4Cidr DOCKER_BRIDGE = Ipv4Cidr.parse("172.17.0.0/16");
    /** Served by the free gateway endpoints the VPC always has. */
    private static final Set<String> GATEWAY_SERVICES = Set.of("s3", "dynamodb");

    private StackSettingsParser() {
    }

    /**
     * Valid settings and what the user should hear about them: settings that are allowed but
     * probably not meant (a production-sounding stack that is not production, a forced rebuild
     * left on). Whoever runs the program prints the warnings, on every plan and update.
     */
    public record Parsed(StackSettings settings, List<String> warnings) {
        public Parsed {
            warnings = List.copyOf(warnings);
        }
    }

    /** The settings alone, for callers that have no one to warn (tests, fingerprints). */
    public static StackSettings parse(String project, String stack, RawConfig raw, Path projectDir) {
        return read(project, stack, raw, projectDir).settings();
    }

    /**
     * @param projectDir the project folder; the ML packages are the folders of
     *                   {@code ml-packages/} that hold a {@code pyproject.toml}
     * @throws SettingsException with every problem found, when any
     */
    public static Parsed read(String project, String stack, RawConfig raw, Path projectDir) {
        var reader = new ConfigReader(raw);
        StackNames.problem(project, stack).ifPresent(reader::problem);
        Environment environment = readEnvironment(reader, stack);
        boolean production = environment.isProduction();

        String region = reader.requiredString("aws:region", StackSettingsParser::checkRegion,
                "an AWS region such as us-east-1 (set it with `pulumi config set aws:region us-east-1`)");

        // Read, not owned: the AWS provider takes it too, and the builds must use the same account.
        String profile = raw.get("aws:profile").filter(RawValue::isKnown).map(RawValue::text)
                .filter(text -> !text.isBlank()).orElse(null);

        int azs = reader.integer("portfolio:availabilityZones", DEFAULT_AZS, 2, NetworkSettings.MAX_AVAILABILITY_ZONES);
        String cidrText = reader.string("portfolio:vpcCidr", DEFAULT_VPC_CIDR, StackSettingsParser::checkVpcCidr,
                "a private (RFC 1918) IPv4 block from /16 to /20 such as " + DEFAULT_VPC_CIDR + " (default "
                        + DEFAULT_VPC_CIDR + ")");
        var natChoices = new LinkedHashMap<String, NatStrategy>();
        for (NatStrategy strategy : NatStrategy.values()) {
            natChoices.put(strategy.word(), strategy);
        }
        NatStrategy nat = reader.oneOf("portfolio:natGateways", NatStrategy.SINGLE, natChoices, "single");
        if (production && nat != NatStrategy.PER_AZ && !reader.hasProblemFor("portfolio:natGateways")) {
            String received = raw.get("portfolio:natGateways").isPresent() ? "got \"" + nat.word() + "\""
                    : "missing (default single)";
            reader.problem("portfolio:natGateways: " + received + " in a production stack (portfolio:environment "
                    + "production); expected per-az (production needs a NAT gateway in every AZ so one AZ's outage "
                    + "cannot cut the others' egress)");
        }
        List<String> endpoints = reader.stringList("portfolio:interfaceEndpoints", DEFAULT_INTERFACE_ENDPOINTS,
                service -> checkEndpointService(service, region),
                "AWS service names such as ssm, ssmmessages, logs, sqs, ecr.api");
        if (cidrText != null && !reader.hasProblemFor("portfolio:vpcCidr")
                && Ipv4Cidr.parse(cidrText).overlaps(DOCKER_BRIDGE)) {
            reader.warning("portfolio:vpcCidr " + cidrText + " overlaps " + DOCKER_BRIDGE + ", the default bridge network "
                    + "of Docker, which CodeBuild and SageMaker containers use: from inside them, addresses of the VPC "
                    + "in it are unreachable; prefer a block such as " + DEFAULT_VPC_CIDR);
        }
        int retention = reader.oneOfNumbers("portfolio:logRetentionDays", DEFAULT_LOG_RETENTION_DAYS,
                LOG_RETENTION_DAYS::contains, "one of CloudWatch's retention values " + LOG_RETENTION_DAYS
                        + " (default " + DEFAULT_LOG_RETENTION_DAYS + ")");

        var mlTraining = readMlTraining(reader, MlPackageFolders.discover(projectDir), region);
        var lambdaLayer = readLambdaLayer(reader);
        var api = ApiSettings.read(reader, production, reader.hasProblemFor("aws:region") ? null : region);
        var training = TrainingSettings.read(reader);
        var fleet = FleetSettings.read(reader);
        var cost = CostSettingsParser.read(reader, production);
        var website = WebsiteSettings.read(reader);

        reader.rejectUnknownKeys(OWN_NAMESPACES, ForeignConfigKeys.BY_NAMESPACE);
        List<String> problems = reader.problems();
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
        var settings = new StackSettings(project, stack, environment, region, profile,
                new NetworkSettings(azs, Ipv4Cidr.parse(cidrText), nat, endpoints),
                retention, mlTraining, lambdaLayer,
                api, training, fleet, cost, website);
        return new Parsed(settings, reader.warnings());
    }

    /**
     * {@code portfolio:environment}, defaulting by the stack's name. A stack named like production
     * that is not production is allowed (a copy of prod for tests) but said out loud, since it
     * loses every protection production has.
     */
    private static Environment readEnvironment(ConfigReader reader, String stack) {
        var choices = new LinkedHashMap<String, Environment>();
        for (Environment environment : Environment.values()) {
            choices.put(environment.word(), environment);
        }
        String name = stack == null ? "" : stack;
        Environment fallback = Environment.defaultFor(name);
        Environment environment = reader.oneOf(ENVIRONMENT_KEY, fallback, choices,
                fallback.word() + " for a stack named " + name + "; production for stacks named prod or production");
        if (!environment.isProduction() && name.contains("prod") && !reader.hasProblemFor(ENVIRONMENT_KEY)) {
            reader.warning("stack " + name + " has \"prod\" in its name but is a development stack ("
                    + (reader.isSet(ENVIRONMENT_KEY) ? ENVIRONMENT_KEY + " is development"
                    : ENVIRONMENT_KEY + " is not set, and development is the default for this name")
                    + "): its stateful resources are not protected from deletion, EFS is not backed up and the "
                    + "production-only rules are advisory; set " + ENVIRONMENT_KEY + ": production if it serves production");
        }
        return environment;
    }

    /** @param region the stack's region, or null when it is missing or invalid (a problem already) */
    private static MlTrainingSettings readMlTraining(ConfigReader reader, List<String> available, String region) {
        boolean force = reader.bool("ml-training:force-rebuild", false);
        String image = reader.string("ml-training:buildImage", null, StackSettingsParser::checkImage,
                "a container image with the CUDA toolkit and Python 3.10+ (default: the AWS Deep Learning Container "
                        + "for ml-training:torchVersion and ml-training:cudaVersion in the stack's region)");
        String computeType = reader.oneOf("ml-training:computeType", "BUILD_GENERAL1_LARGE", identity(COMPUTE_TYPES),
                "BUILD_GENERAL1_LARGE");
        boolean gpu = reader.bool("ml-training:gpuBuild", false);
        if (gpu && !"BUILD_GENERAL1_LARGE".equals(computeType) && !reader.hasProblemFor("ml-training:computeType")) {
            reader.problem("ml-training:computeType: got \"" + computeType + "\" with ml-training:gpuBuild true; "
                    + "expected BUILD_GENERAL1_LARGE, the only compute type CodeBuild offers GPU hosts in");
        }
        int timeout = reader.integer("ml-training:buildTimeoutMinutes", 90, 5, 480);
        int kept = reader.integer("ml-training:versionsKept", 3, 1, 20);
        List<String> packages = reader.stringList("ml-training:packages", available,
                name -> available.contains(name) ? Optional.empty()
                        : Optional.of("has no folder ml-packages/" + name + " with a pyproject.toml"),
                "package folders of ml-packages/: " + available);
        String cuda = reader.string("ml-training:cudaVersion", DEFAULT_CUDA_VERSION, StackSettingsParser::checkVersion,
                "a version such as 12.4 (default " + DEFAULT_CUDA_VERSION + ")");
        String torch = reader.string("ml-training:torchVersion", DEFAULT_TORCH_VERSION, StackSettingsParser::checkVersion,
                "a version such as 2.5.1 (default " + DEFAULT_TORCH_VERSION + ")");
        String credentials = reader.string("ml-training:buildImageCredentials", null,
                text -> SECRET_ARN.matcher(text).matches() ? Optional.empty() : Optional.of("not a secret's full ARN"),
                "the full ARN of a Secrets Manager secret with the registry's user name and password, ending in the "
                        + "six characters Secrets Manager adds, e.g. "
                        + "arn:aws:secretsmanager:us-east-1:123456789012:secret:dockerhub-AbC123");

        boolean versionsValid = !reader.hasProblemFor("ml-training:cudaVersion")
                && !reader.hasProblemFor("ml-training:torchVersion");
        var versions = new DeepLearningContainers.Versions(torch, cuda);
        if (image == null && !reader.hasProblemFor("ml-training:buildImage")) {
            image = region == null || !versionsValid ? "" : defaultMlImage(reader, region, versions);
        } else if (image != null && region != null && versionsValid) {
            checkDeepLearningContainer(reader, image, region, versions);
        }
        if (credentials != null && image != null && !image.isEmpty()
                && Set.of(ImageRegistry.ECR, ImageRegistry.CODEBUILD_CURATED).contains(ImageRegistry.of(image))) {
            reader.problem("ml-training:buildImageCredentials: set, but ml-training:buildImage \"" + image + "\" is "
                    + (ImageRegistry.of(image) == ImageRegistry.ECR ? "in ECR, which CodeBuild pulls with the project's role"
                    : "a CodeBuild image, which CodeBuild pulls itself")
                    + "; expected it unset, or an image in another registry such as Docker Hub");
        }
        if (force) {
            reader.warning("every update rebuilds the ML packages " + String.join(", ", packages)
                    + " (ml-training:force-rebuild is true): set ml-training:force-rebuild back to false");
        }
        return new MlTrainingSettings(force, image, computeType, gpu, timeout, kept, packages, cuda, torch, credentials);
    }

    /** The Deep Learning Container for the versions in the stack's region, or "" and a problem. */
    private static String defaultMlImage(ConfigReader reader, String region, DeepLearningContainers.Versions versions) {
        if (DeepLearningContainers.registry(region).isEmpty()) {
            reader.problem("ml-training:buildImage: missing, and AWS publishes no Deep Learning Containers in "
                    + region + " to default to; expected an image with the CUDA toolkit and Python 3.10+, "
                    + "preferably in ECR in " + region);
            return "";
        }
        return DeepLearningContainers.image(region, versions).orElseGet(() -> {
            reader.problem("ml-training:buildImage: missing, and AWS publishes no Deep Learning Container for "
                    + versions + " to default to; expected an image with CUDA " + versions.cuda() + " and PyTorch "
                    + versions.torch() + ", or ml-training:torchVersion and ml-training:cudaVersion set to one of: "
                    + DeepLearningContainers.published());
            return "";
        });
    }

    /** A Deep Learning Container named explicitly must be a GPU build of the stack's versions, in its region. */
    private static void checkDeepLearningContainer(ConfigReader reader, String image, String region,
                                                   DeepLearningContainers.Versions versions) {
        DeepLearningContainers.parse(image).ifPresent(dlc -> {
            String detail = null;
            if (!dlc.region().equals(region)) {
                detail = "from the registry of " + dlc.region() + ", not of the stack's region " + region
                        + ": every build would pull it across regions";
            } else if (!dlc.gpu()) {
                detail = "a CPU image, without the CUDA toolkit";
            } else if (!(versions.torch().equals(dlc.torch()) || versions.torch().startsWith(dlc.torch() + "."))
                    || !versions.cuda().equals(dlc.cuda())) {
                detail = "built for PyTorch " + dlc.torch() + " with CUDA " + dlc.cuda() + ", but ml-training:torchVersion is "
                        + versions.torch() + " and ml-training:cudaVersion " + versions.cuda();
            }
            if (detail != null) {
                reader.problem("ml-training:buildImage: got \"" + image + "\" (" + detail + "); expected "
                        + DeepLearningContainers.image(region, versions)
                                .map(expected -> expected + ", the Deep Learning Container for " + versions + " in " + region)
                                .orElse("a GPU image for " + versions + " in " + region));
            }
        });
    }

    private static LambdaLayerSettings readLambdaLayer(ConfigReader reader) {
        boolean force = reader.bool("lambda-layer:force-rebuild", false);
        String image = reader.string("lambda-layer:buildImage", DEFAULT_LAYER_IMAGE, StackSettingsParser::checkImage,
                "a CodeBuild image with the layer's Python 3.13 (default " + DEFAULT_LAYER_IMAGE + ")");
        int timeout = reader.integer("lambda-layer:buildTimeoutMinutes", 20, 5, 120);
        List<String> sharedWith = reader.stringList("lambda-layer:sharedWith", List.of(),
                id -> ACCOUNT_OR_ORG.matcher(id).matches() ? Optional.empty()
                        : Optional.of("is neither an account id nor an organization id"),
                "12-digit AWS account ids or organization ids such as o-a1b2c3d4e5");
        if (force) {
            reader.warning("every update rebuilds the Lambda layer (lambda-layer:force-rebuild is true): "
                    + "set lambda-layer:force-rebuild back to false");
        }
        return new LambdaLayerSettings(force, image, timeout, sharedWith);
    }

    private static Map<String, String> identity(List<String> words) {
        var map = new LinkedHashMap<String, String>();
        words.forEach(word -> map.put(word, word));
        return map;
    }

    private static Optional<String> checkImage(String text) {
        return IMAGE.matcher(text).matches() ? Optional.empty() : Optional.of("not a container image reference");
    }

    private static Optional<String> checkVersion(String text) {
        return VERSION.matcher(text).matches() ? Optional.empty() : Optional.of("not a version number");
    }

    private static Optional<String> checkRegion(String text) {
        if (!REGION.matcher(text).matches()) {
            return Optional.of("not a region name");
        }
        return AwsRegions.find(text).isPresent() ? Optional.empty()
                : Optional.of("no such region in the program's region table (support/AwsRegions), which knows "
                        + String.join(", ", AwsRegions.codes()));
    }

    private static Optional<String> checkVpcCidr(String text) {
        var parsed = Ipv4Cidr.parseOrExplain(text);
        if (parsed.cidr() == null) {
            return parsed.errorDetail();
        }
        int prefix = parsed.cidr().prefix();
        if (prefix < 16 || prefix > 20) {
            return Optional.of("/" + prefix + " is outside /16../20");
        }
        if (SHARED_ADDRESS_SPACE.contains(parsed.cidr())) {
            return Optional.of("shared address space (RFC 6598, 100.64.0.0/10): AWS accepts it, but it is the "
                    + "carrier-grade NAT range that some networks this VPC may peer or connect with already use");
        }
        if (PRIVATE_ADDRESS_SPACE.stream().noneMatch(block -> block.contains(parsed.cidr()))) {
            return Optional.of("not private address space: it belongs to someone on the internet, whose addresses "
                    + "the VPC could then no longer reach");
        }
        return Optional.empty();
    }

    /** @param region the stack's region, or null when it is missing or invalid (a problem already) */
    private static Optional<String> checkEndpointService(String service, String region) {
        if (GATEWAY_SERVICES.contains(service)) {
            return Optional.of("is already served by the VPC's free gateway endpoint");
        }
        if (service.startsWith("com.amazonaws.")) {
            return Optional.of("is a full endpoint name; give only the service part");
        }
        if (!SERVICE.matcher(service).matches()) {
            return Optional.of("is not a service name");
        }
        if (!AwsRegions.INTERFACE_ENDPOINT_SERVICES.contains(service)) {
            return Optional.of("is not an interface endpoint service the program knows (support/AwsRegions lists "
                    + String.join(", ", new java.util.TreeSet<>(AwsRegions.INTERFACE_ENDPOINT_SERVICES)) + ")");
        }
        Optional<AwsRegions.Region> known = region == null ? Optional.empty() : AwsRegions.find(region);
        if (known.isPresent() && !known.get().interfaceEndpoints().contains(service)) {
            return Optional.of("has no interface endpoint in " + region);
        }
        return Optional.empty();
    }
}
