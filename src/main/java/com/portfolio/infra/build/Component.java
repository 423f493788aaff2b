package com.portfolio.infra.build;

/** What a package belongs to; its id is the first segment of the cache layout. */
public enum Component {
    LAMBDA_LAYER("lambda-layer"),
    ML_PACKAGES("ml-packages");

    private final String id;

    Component(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
