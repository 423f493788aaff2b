package com.portfolio.infra.buildengine;

import java.util.List;
import java.util.stream.Collectors;

/** One or more package builds failed; every failure is listed, each with phase, reason and log link. */
public final class BuildFailuresException extends RuntimeException {

    private final List<PackageBuildFailedException> failures;

    public BuildFailuresException(List<PackageBuildFailedException> failures) {
        super(failures.size() + " package build(s) failed:\n" + failures.stream()
                .map(f -> "  - " + f.getMessage()).collect(Collectors.joining("\n")));
        this.failures = List.copyOf(failures);
        failures.forEach(this::addSuppressed);
    }

    public List<PackageBuildFailedException> failures() {
        return failures;
    }
}
