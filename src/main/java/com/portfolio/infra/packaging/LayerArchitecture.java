package com.portfolio.infra.packaging;

import java.util.regex.Pattern;

/**
 * The CPU architecture a layer is built for, which is the build image's: pip installs native
 * wheels (pydantic-core) for the machine it runs on, and the functions using the layer must run on
 * the same architecture or fail every request on import. CodeBuild names its images by
 * architecture ({@code amazonlinux-x86_64-standard}, {@code amazonlinux-aarch64-standard}); an
 * image whose name says neither is taken as x86_64, CodeBuild's default host.
 *
 * @param lambda          Lambda's name for it ({@code x86_64}, {@code arm64}), for a function's
 *                        {@code architectures} and a layer's {@code compatibleArchitectures}
 * @param environmentType the CodeBuild environment type whose hosts run it
 */
public record LayerArchitecture(String lambda, String environmentType) {

    public static final LayerArchitecture X86_64 = new LayerArchitecture("x86_64", "LINUX_CONTAINER");
    public static final LayerArchitecture ARM64 = new LayerArchitecture("arm64", "ARM_CONTAINER");

    private static final Pattern ARM = Pattern.compile("(^|[^a-z0-9])(aarch64|arm64)([^a-z0-9]|$)");

    public static LayerArchitecture ofBuildImage(String image) {
        return ARM.matcher(image.toLowerCase(java.util.Locale.ROOT)).find() ? ARM64 : X86_64;
    }
}
