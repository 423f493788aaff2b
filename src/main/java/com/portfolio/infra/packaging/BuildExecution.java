package com.portfolio.infra.packaging;

import com.portfolio.infra.buildengine.BuildJob;
import com.portfolio.infra.buildengine.BuildService;
import com.portfolio.infra.buildengine.BuiltPackage;
import com.pulumi.core.Output;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs a component's builds off the engine's threads: a build may wait an hour for CodeBuild,
 * and the engine's own pool must keep serving the rest of the update meanwhile.
 */
final class BuildExecution {

    private static final ExecutorService WAITERS = Executors.newCachedThreadPool(task -> {
        var thread = new Thread(task, "build-waiter");
        thread.setDaemon(true);
        return thread;
    });

    private BuildExecution() {
    }

    static Output<List<BuiltPackage>> run(BuildService service, BuildJob job) {
        return Output.of(CompletableFuture.supplyAsync(() -> {
            try {
                return service.run(job);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException("builds of " + job.component() + " were interrupted", e);
            }
        }, WAITERS));
    }
}
