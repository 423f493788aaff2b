package com.portfolio.infra.buildengine;

import java.util.ArrayList;
import java.util.List;

/**
 * The offline plan's builds: fingerprints every package and reports what an update would do as
 * far as it can be known without the cache; touches no network. Keeps what it reported so the
 * plan can print it.
 */
public final class OfflineBuildService implements BuildService {

    private final List<BuiltPackage> reported = new ArrayList<>();

    @Override
    public List<BuiltPackage> run(BuildJob job) throws InterruptedException {
        try (var fingerprinter = new Fingerprinter()) {
            var outcomes = BuildCoordinator.offline(fingerprinter, BuildLog.silent())
                    .run(job.packages(), job.inputs(), job.force(), BuildMode.PREVIEW);
            var packages = outcomes.stream().map(outcome -> new BuiltPackage(outcome, null)).toList();
            synchronized (reported) {
                reported.addAll(packages);
            }
            return packages;
        }
    }

    /** Every package planned so far, in the order reported. */
    public List<BuiltPackage> reported() {
        synchronized (reported) {
            return List.copyOf(reported);
        }
    }
}
