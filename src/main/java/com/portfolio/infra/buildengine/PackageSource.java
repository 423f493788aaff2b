package com.portfolio.infra.buildengine;

import java.nio.file.Path;

/**
 * One package to build.
 *
 * @param component lambda-layer or ml-packages
 * @param name      package name, one key segment (usually the folder name)
 * @param dir       folder holding its sources
 */
public record PackageSource(Component component, String name, Path dir) {

    public PackageSource {
        if (component == null) {
            throw new IllegalArgumentException("Package '" + name + "' has no component; expected lambda-layer or ml-packages");
        }
        BuildKey.requirePackageName(name);
        if (dir == null) {
            throw new IllegalArgumentException("Package '" + name + "' has no source directory");
        }
    }
}
