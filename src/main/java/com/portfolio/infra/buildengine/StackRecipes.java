package com.portfolio.infra.buildengine;

import com.portfolio.infra.config.MlPackageFolders;
import com.portfolio.infra.config.StackSettings;
import java.nio.file.Path;

/** Which recipe a package folder is built with in a stack: the layer's, or the ML packages'. */
public final class StackRecipes {

    private StackRecipes() {
    }

    /**
     * @param projectDir the project folder
     * @param settings   the stack's settings
     * @param packageDir {@code lambda-layer} or {@code ml-packages/<pkg>}, relative or absolute
     * @throws IllegalArgumentException when the folder is neither
     */
    public static ExtraInputs of(Path projectDir, StackSettings settings, Path packageDir) {
        Path project = projectDir.toAbsolutePath().normalize();
        Path dir = packageDir.toAbsolutePath().normalize();
        if (dir.equals(project.resolve(Component.LAMBDA_LAYER.sourceFolder()))) {
            return BuildRecipes.layer(settings.lambdaLayer(), BuildRecipes.readBuildspec(dir));
        }
        Path mlRoot = project.resolve(MlPackageFolders.ROOT);
        if (mlRoot.equals(dir.getParent())) {
            return BuildRecipes.mlPackages(settings.mlTraining(), BuildRecipes.readBuildspec(mlRoot));
        }
        throw new IllegalArgumentException(packageDir + " is neither lambda-layer/ nor a folder of "
                + MlPackageFolders.ROOT + "/ in " + project + "; expected one of those with --stack");
    }
}
