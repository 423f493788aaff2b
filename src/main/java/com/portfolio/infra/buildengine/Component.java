package com.portfolio.infra.buildengine;

/**
 * What a package belongs to; its id is the first segment of the cache layout, its source folder
 * the project folder its package(s) live in.
 */
public enum Component {
    LAMBDA_LAYER("lambda-layer", "lambda-layer", false),
    ML_PACKAGES("ml-packages", "ml-packages", true);

    private final String id;
    private final String sourceFolder;
    private final boolean installsOnFileSystem;

    Component(String id, String sourceFolder, boolean installsOnFileSystem) {
        this.id = id;
        this.sourceFolder = sourceFolder;
        this.installsOnFileSystem = installsOnFileSystem;
    }

    /**
     * True when a build also installs onto a file system and switches {@code current} there: then
     * "built" is not enough to be up to date (see {@link InstalledRecord}).
     */
    public boolean installsOnFileSystem() {
        return installsOnFileSystem;
    }

    public String sourceFolder() {
        return sourceFolder;
    }

    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
