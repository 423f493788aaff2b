package com.portfolio.infra.support;

/** Sizes the JVM's common ForkJoinPool for the Pulumi deployment runner. */
public final class CommonPool {

    private CommonPool() {
    }

    /**
     * The deployment runner busy-waits on the common ForkJoinPool; with two CPUs the pool has a
     * single worker and newer JDKs livelock there, and JDK 17 spawns a thread per async step.
     * The property only takes effect before the pool is first used, so this runs first.
     */
    public static void guard() {
        String property = "java.util.concurrent.ForkJoinPool.common.parallelism";
        if (System.getProperty(property) == null) {
            System.setProperty(property, String.valueOf(Math.max(4, Runtime.getRuntime().availableProcessors())));
        }
    }
}
