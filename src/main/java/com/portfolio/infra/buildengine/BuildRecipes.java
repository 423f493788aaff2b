package com.portfolio.infra.buildengine;

import com.portfolio.infra.config.LambdaLayerSettings;
import com.portfolio.infra.config.MlTrainingSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * How each component is built, as the inputs mixed into every fingerprint: changing the
 * buildspec, image, compute type or versions rebuilds even when no source file changed. The
 * deployment and the {@code fingerprint} command use the same recipe, so their fingerprints agree.
 */
public final class BuildRecipes {

    /** Raise to rebuild everything after a change in how builds run that no other input shows. */
    public static final String RECIPE_VERSION = "1";
    /** The Lambda runtime the layer is built for; its buildspec installs for this runtime. */
    public static final String LAYER_RUNTIME = "python3.13";
    public static final String LAYER_COMPUTE_TYPE = "BUILD_GENERAL1_SMALL";
    public static final String BUILDSPEC_FILE = "buildspec.yml";

    private BuildRecipes() {
    }

    public static ExtraInputs layer(LambdaLayerSettings settings, String buildspec) {
        return ExtraInputs.of(Map.of(
                ExtraInputs.BUILDSPEC, buildspec,
                ExtraInputs.IMAGE, settings.buildImage(),
                ExtraInputs.COMPUTE_TYPE, LAYER_COMPUTE_TYPE,
                ExtraInputs.RUNTIME_VERSION, LAYER_RUNTIME,
                ExtraInputs.RECIPE_VERSION, RECIPE_VERSION));
    }

    public static ExtraInputs mlPackages(MlTrainingSettings settings, String buildspec) {
        return ExtraInputs.of(Map.of(
                ExtraInputs.BUILDSPEC, buildspec,
                ExtraInputs.IMAGE, settings.buildImage(),
                ExtraInputs.COMPUTE_TYPE, settings.computeType() + (settings.gpuBuild() ? "/gpu" : ""),
                ExtraInputs.CUDA_VERSION, settings.cudaVersion(),
                ExtraInputs.RUNTIME_VERSION, "torch " + settings.torchVersion(),
                ExtraInputs.RECIPE_VERSION, RECIPE_VERSION));
    }

    /**
     * The buildspec in {@code dir}, with CRLF read as LF (a Windows checkout must fingerprint as a
     * Linux one does, as the package files do), or a clear error naming the file that is missing.
     */
    public static String readBuildspec(Path dir) {
        Path file = dir.resolve(BUILDSPEC_FILE);
        try {
            return Files.readString(file).replace("\r\n", "\n");
        } catch (NoSuchFileException e) {
            throw new IllegalStateException(file + " is missing; expected the buildspec CodeBuild runs for "
                    + dir.getFileName() + " (run from the project folder)");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
