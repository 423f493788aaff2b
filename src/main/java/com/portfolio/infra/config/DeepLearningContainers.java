package com.portfolio.infra.config;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * AWS Deep Learning Containers: PyTorch training images that AWS builds, patches and publishes to
 * a private ECR registry in each region, which any AWS account may pull from with its own IAM
 * permissions. The ML packages build on them by default, so a build pulls from ECR in its own
 * region: no Docker Hub rate limit, no multi-GB image crossing the internet.
 *
 * <p>Registry accounts per region:
 * https://github.com/aws/deep-learning-containers/blob/master/docs/reference/region_availability.md;
 * image tags: https://github.com/aws/deep-learning-containers/blob/master/docs/reference/available_images.md
 * and the PyTorch training release notes beside it.
 */
public final class DeepLearningContainers {

    /** The repository of the PyTorch training images, in every region's registry. */
    public static final String REPOSITORY = "pytorch-training";

    /** The registry account of each region that has one; regions opened later have their own. */
    private static final Map<String, String> REGISTRY_ACCOUNTS = new TreeMap<>(Map.ofEntries(
            Map.entry("us-east-1", "763104351884"), Map.entry("us-east-2", "763104351884"),
            Map.entry("us-west-1", "763104351884"), Map.entry("us-west-2", "763104351884"),
            Map.entry("af-south-1", "626614931356"),
            Map.entry("ap-east-1", "871362719292"), Map.entry("ap-east-2", "975050140332"),
            Map.entry("ap-south-1", "763104351884"), Map.entry("ap-south-2", "772153158452"),
            Map.entry("ap-northeast-1", "763104351884"), Map.entry("ap-northeast-2", "763104351884"),
            Map.entry("ap-northeast-3", "364406365360"),
            Map.entry("ap-southeast-1", "763104351884"), Map.entry("ap-southeast-2", "763104351884"),
            Map.entry("ap-southeast-3", "907027046896"), Map.entry("ap-southeast-4", "457447274322"),
            Map.entry("ap-southeast-5", "550225433462"), Map.entry("ap-southeast-6", "633930458069"),
            Map.entry("ap-southeast-7", "590183813437"),
            Map.entry("ca-central-1", "763104351884"), Map.entry("ca-west-1", "204538143572"),
            Map.entry("eu-central-1", "763104351884"), Map.entry("eu-central-2", "380420809688"),
            Map.entry("eu-west-1", "763104351884"), Map.entry("eu-west-2", "763104351884"),
            Map.entry("eu-west-3", "763104351884"), Map.entry("eu-north-1", "763104351884"),
            Map.entry("eu-south-1", "692866216735"), Map.entry("eu-south-2", "503227376785"),
            Map.entry("il-central-1", "780543022126"), Map.entry("mx-central-1", "637423239942"),
            Map.entry("me-south-1", "217643126080"), Map.entry("me-central-1", "914824155844"),
            Map.entry("me-west-1", "124382933778"),
            Map.entry("sa-east-1", "763104351884"),
            Map.entry("cn-north-1", "727897471807"), Map.entry("cn-northwest-1", "727897471807")));

    /**
     * The GPU training images for EC2 that AWS published, by PyTorch and CUDA version: the Python
     * each was built with, which is part of its tag.
     */
    private static final Map<Versions, String> PYTHON_BY_VERSIONS = new TreeMap<>(Map.of(
            new Versions("2.5.1", "12.4"), "py311",
            new Versions("2.6.0", "12.6"), "py312",
            new Versions("2.7.1", "12.8"), "py312",
            new Versions("2.8.0", "12.9"), "py312",
            new Versions("2.9.0", "13.0"), "py312"));

    /** {@code <torch>-<cpu|gpu>-py<nn>[-cu<cuda digits>]-...}, as the published tags read. */
    private static final Pattern TAG = Pattern.compile("(\\d+(?:\\.\\d+)+)-(cpu|gpu)-py\\d+(?:-cu(\\d+))?(?:-.*)?");
    private static final Pattern IMAGE = Pattern.compile(
            "(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/" + REPOSITORY + ":([A-Za-z0-9._-]+)");

    /** A PyTorch version and the CUDA version it is built with. */
    public record Versions(String torch, String cuda) implements Comparable<Versions> {
        @Override
        public int compareTo(Versions other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return "PyTorch " + torch + " with CUDA " + cuda;
        }
    }

    /**
     * A Deep Learning Container that an image reference names.
     *
     * @param region the region of the registry it is pulled from
     * @param torch  the PyTorch version its tag names
     * @param gpu    whether its tag names a GPU (CUDA) build
     * @param cuda   the CUDA version its tag names, such as {@code 12.4}, or null
     */
    public record Image(String region, String torch, boolean gpu, String cuda) {
    }

    private DeepLearningContainers() {
    }

    /** The registry of a region, e.g. {@code 763104351884.dkr.ecr.us-east-1.amazonaws.com}, if AWS has one there. */
    public static Optional<String> registry(String region) {
        return Optional.ofNullable(REGISTRY_ACCOUNTS.get(region)).map(account -> account + ".dkr.ecr." + region
                + ".amazonaws.com" + (region.startsWith("cn-") ? ".cn" : ""));
    }

    /** The tag of the GPU training image for EC2 for these versions, if AWS published one. */
    public static Optional<String> tag(Versions versions) {
        return Optional.ofNullable(PYTHON_BY_VERSIONS.get(versions)).map(python ->
                versions.torch() + "-gpu-" + python + "-cu" + versions.cuda().replace(".", "") + "-ubuntu22.04-ec2");
    }

    /** The GPU training image for these versions in the region's registry, if AWS publishes it there. */
    public static Optional<String> image(String region, Versions versions) {
        return registry(region).flatMap(registry -> tag(versions).map(tag -> registry + "/" + REPOSITORY + ":" + tag));
    }

    /** The versions there are GPU training images for, for messages. */
    public static String published() {
        return PYTHON_BY_VERSIONS.keySet().stream().map(Versions::toString)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * The Deep Learning Container an image reference names: a PyTorch training image in the
     * registry of a region that has one, with a tag of the published form; else empty.
     */
    public static Optional<Image> parse(String image) {
        var matcher = IMAGE.matcher(image);
        if (!matcher.matches() || !matcher.group(1).equals(REGISTRY_ACCOUNTS.get(matcher.group(2)))) {
            return Optional.empty();
        }
        var tag = TAG.matcher(matcher.group(3));
        if (!tag.matches()) {
            return Optional.empty();
        }
        String cuda = tag.group(3) == null ? null
                : tag.group(3).substring(0, tag.group(3).length() - 1) + "." + tag.group(3).substring(tag.group(3).length() - 1);
        return Optional.of(new Image(matcher.group(2), tag.group(1), tag.group(2).equals("gpu"), cuda));
    }
}
