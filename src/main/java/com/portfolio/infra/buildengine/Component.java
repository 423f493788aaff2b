package com.portfolio.infra.buildengine;

/**
 * What a package belongs to; its id is the first segment of the cache layout, its source folder
 * the project folder its package(s) live in.
 */
public enum Component {
    LAMBDA_LAYER("lambda-layer", "lambda-layer"),
    ML_PACKAGES("ml-packages", "ml-packages");

    private final String id;
    private final String sourceFolder;

    Component(String id, String sourceFolder) {
        this.id = id;
        this.sourceFolder = sourceFolder;
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
