package com.portfolio.infra.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings of the spot GPU training fleet, in the {@code training:} namespace.
 *
 * @param instanceTypes      {@code training:fleetInstanceTypes}: the GPU instance types the fleet
 *                           may launch, at least two distinct ones so that one reclaimed spot pool
 *                           cannot take the whole fleet; @default {@link #DEFAULT_INSTANCE_TYPES}
 * @param maxInstances       {@code training:fleetMaxInstances}: the most instances at once;
 *                           @default 4
 * @param amiParameter       {@code training:fleetAmiParameter}: the SSM parameter that holds the
 *                           image id, resolved at each launch; @default {@value #DEFAULT_AMI_PARAMETER}
 * @param backlogPerInstance {@code training:backlogPerInstance}: jobs (waiting or running) per
 *                           instance that the scaling policy aims at; @default 1
 * @param rootVolumeGiB      {@code training:fleetRootVolumeGiB}: each instance's encrypted gp3 root
 *                           volume; @default 150
 */
public record FleetSettings(List<String> instanceTypes, int maxInstances, String amiParameter, int backlogPerInstance,
                            int rootVolumeGiB) {

    public static final String INSTANCE_TYPES = "training:fleetInstanceTypes";
    public static final String MAX_INSTANCES = "training:fleetMaxInstances";
    public static final String AMI_PARAMETER = "training:fleetAmiParameter";
    public static final String BACKLOG_PER_INSTANCE = "training:backlogPerInstance";
    public static final String ROOT_VOLUME = "training:fleetRootVolumeGiB";

    /** Three generations of single-GPU instances: three spot pools per zone that fail independently. */
    public static final List<String> DEFAULT_INSTANCE_TYPES = List.of("g4dn.xlarge", "g5.xlarge", "g6.xlarge");
    public static final int DEFAULT_MAX_INSTANCES = 4;
    /**
     * AWS's Deep Learning AMI with PyTorch on Amazon Linux 2023 (NVIDIA driver, CUDA, a PyTorch
     * virtual environment in /opt/pytorch), x86_64 like every accepted instance family. PyTorch 2.5
     * matches ml-training:torchVersion's default, which the packages on EFS are built against.
     */
    public static final String DEFAULT_AMI_PARAMETER =
            "/aws/service/deeplearning/ami/x86_64/oss-nvidia-driver-gpu-pytorch-2.5-amazon-linux-2023/latest/ami-id";
    public static final int DEFAULT_BACKLOG_PER_INSTANCE = 1;
    /**
     * The Deep Learning AMI's own root snapshot is large (drivers, CUDA, PyTorch); a root volume
     * smaller than the image's snapshot fails every launch, so the floor stays well above it.
     */
    public static final int DEFAULT_ROOT_VOLUME_GIB = 150;
    public static final int MIN_ROOT_VOLUME_GIB = 100;

    /**
     * x86_64 families with NVIDIA GPUs, which the CUDA builds of the ML packages and the x86_64
     * Deep Learning AMI run on. Not g4ad (AMD GPUs: no CUDA) nor g5g (Graviton: arm64).
     */
    public static final Set<String> GPU_FAMILIES = Set.of("g4dn", "g5", "g6", "g6e", "gr6", "p3", "p3dn", "p4d",
            "p4de", "p5", "p5e", "p5en");

    private static final Pattern INSTANCE_TYPE = Pattern.compile("([a-z][a-z0-9-]*)\\.(\\d*xlarge|large|medium|metal(-\\d+xl)?)");
    /**
     * SSM parameter names as {@code resolve:ssm:} takes them: a path of segments of letters,
     * digits, {@code _ . -}; at most 15 levels; no {@code :version} or {@code :label} suffix, so
     * every launch takes the current value.
     */
    private static final Pattern PARAMETER_NAME = Pattern.compile("(/[A-Za-z0-9_.-]+)+");
    static final int MAX_PARAMETER_LEVELS = 15;
    static final int MAX_PARAMETER_LENGTH = 1011;

    static FleetSettings read(ConfigReader reader) {
        List<String> types = reader.stringList(INSTANCE_TYPES, DEFAULT_INSTANCE_TYPES, FleetSettings::checkInstanceType,
                "GPU instance types of the families " + String.join(", ", new TreeSet<>(GPU_FAMILIES))
                        + ", e.g. [" + String.join(", ", DEFAULT_INSTANCE_TYPES) + "]");
        if (reader.isSet(INSTANCE_TYPES) && !reader.hasProblemFor(INSTANCE_TYPES) && types.size() < 2) {
            reader.problem(INSTANCE_TYPES + ": got " + types + "; expected at least 2 distinct GPU instance types, "
                    + "e.g. [" + String.join(", ", DEFAULT_INSTANCE_TYPES) + "]: one type is one spot pool per zone, "
                    + "and one reclamation would take the whole fleet");
        }
        int max = reader.integer(MAX_INSTANCES, DEFAULT_MAX_INSTANCES, 1, 100);
        String ami = reader.string(AMI_PARAMETER, DEFAULT_AMI_PARAMETER, FleetSettings::checkParameterName,
                "an SSM parameter name such as " + DEFAULT_AMI_PARAMETER + " (a path starting with /, of letters, "
                        + "digits, _ . -, at most " + MAX_PARAMETER_LEVELS + " levels, no :version)");
        int backlog = reader.integer(BACKLOG_PER_INSTANCE, DEFAULT_BACKLOG_PER_INSTANCE, 1, 100);
        int rootVolume = reader.integer(ROOT_VOLUME, DEFAULT_ROOT_VOLUME_GIB, MIN_ROOT_VOLUME_GIB, 16_384);
        return new FleetSettings(types, max, ami, backlog, rootVolume);
    }

    /** The launch template's image: the parameter, which EC2 reads at each launch. */
    public String imageId() {
        return "resolve:ssm:" + amiParameter;
    }

    static Optional<String> checkInstanceType(String text) {
        Matcher m = INSTANCE_TYPE.matcher(text);
        if (!m.matches()) {
            return Optional.of("is not an instance type name (family.size, e.g. g5.xlarge)");
        }
        if (!GPU_FAMILIES.contains(m.group(1))) {
            return Optional.of("is of family " + m.group(1) + ", which is not an x86_64 NVIDIA GPU family");
        }
        return Optional.empty();
    }

    static Optional<String> checkParameterName(String text) {
        if (text.length() > MAX_PARAMETER_LENGTH) {
            return Optional.of(text.length() + " characters, more than " + MAX_PARAMETER_LENGTH);
        }
        if (text.contains(":")) {
            return Optional.of("a version, label or ARN: give the parameter's name, whose current value each launch takes");
        }
        if (!PARAMETER_NAME.matcher(text).matches()) {
            return Optional.of("not a parameter path");
        }
        long levels = text.chars().filter(c -> c == '/').count();
        if (levels > MAX_PARAMETER_LEVELS) {
            return Optional.of(levels + " levels, more than " + MAX_PARAMETER_LEVELS);
        }
        return Optional.empty();
    }
}
