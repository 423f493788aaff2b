package com.portfolio.infra.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.buildengine.BuildRecipes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LayerArchitectureTest {

    @ParameterizedTest
    @CsvSource({
            "aws/codebuild/amazonlinux-x86_64-standard:5.0, x86_64, LINUX_CONTAINER",
            "aws/codebuild/amazonlinux-aarch64-standard:3.0, arm64, ARM_CONTAINER",
            "aws/codebuild/amazonlinux2-aarch64-standard:3.0, arm64, ARM_CONTAINER",
            "public.ecr.aws/docker/library/python:3.13-arm64, arm64, ARM_CONTAINER",
            "public.ecr.aws/docker/library/python:3.13, x86_64, LINUX_CONTAINER",
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/farmer:1, x86_64, LINUX_CONTAINER"})
    void theLayersArchitectureIsItsBuildImages(String image, String lambda, String environmentType) {
        var architecture = LayerArchitecture.ofBuildImage(image);
        assertEquals(lambda, architecture.lambda());
        assertEquals(environmentType, architecture.environmentType());
    }

    /** The buildspec installs wheels for the runtime the layer declares and the host it runs on. */
    @Test
    void theBuildspecInstallsForTheLayersRuntimeOnTheImagesArchitecture() throws Exception {
        String buildspec = Files.readString(Path.of("lambda-layer", BuildRecipes.BUILDSPEC_FILE));
        String version = BuildRecipes.LAYER_RUNTIME.substring("python".length());
        assertTrue(buildspec.contains("python: " + version + "\n"), "runtime-versions python must be " + version);
        assertTrue(buildspec.contains("--python-version " + version + "\n"), "pip must target CPython " + version);
        assertTrue(buildspec.contains("--platform \"manylinux2014_$(uname -m)\""),
                "pip must target the build host's architecture, which the functions share");
    }
}
