package com.portfolio.infra.buildengine;

import java.util.List;

/**
 * Brings a component's packages up to date: the offline plan only fingerprints them, the engine
 * consults the cache in a preview and builds what is missing in an update.
 */
public interface BuildService {

    List<BuiltPackage> run(BuildJob job) throws InterruptedException;

    /**
     * True when this service only reads (a preview): nothing is built, so nothing needs to wait
     * for the network or the file system to exist before it reports.
     */
    default boolean readsOnly() {
        return false;
    }
}
