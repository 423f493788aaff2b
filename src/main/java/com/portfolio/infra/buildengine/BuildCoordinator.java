package com.portfolio.infra.buildengine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Rebuilds exactly the packages whose fingerprint has no marker in the cache (or whose marked
 * artifact is gone), never the others, and makes an ML package's {@code current} point at the
 * stack's fingerprint again when it points elsewhere (a promote run, see {@link BuiltPackageCheck}).
 * PREVIEW only reads (and works with no cache at all); UPDATE uploads each needed source zip and
 * runs the builds in parallel, waits for all, and reports every failure together.
 */
public final class BuildCoordinator {

    /** The build environment variable naming the file system a component installs onto. */
    public static final String FILE_SYSTEM_ID_ENV = "FILE_SYSTEM_ID";
    /** The build environment variable telling a full build ({@code build}) from a promote run. */
    public static final String BUILD_MODE_ENV = "BUILD_MODE";

    private final BuildCache cache;
    private final Map<Component, CodeBuildRunner> runners;
    private final Fingerprinter fingerprinter;
    private final BuildLog log;
    private final Map<String, String> extraEnv;
    private final int maxParallelBuilds;

    /**
     * @param cache             the artifact bucket's cache; null only for an offline preview
     * @param runners           the runner for each component's CodeBuild project (may be empty for preview)
     * @param extraEnv          further environment variables for every build
     * @param maxParallelBuilds builds running at once; @default - use 4 (CodeBuild's default
     *                          concurrent-build quota is far higher, our package counts are small)
     */
    public BuildCoordinator(BuildCache cache, Map<Component, CodeBuildRunner> runners, Fingerprinter fingerprinter,
                            BuildLog log, Map<String, String> extraEnv, int maxParallelBuilds) {
        if (maxParallelBuilds < 1) {
            throw new IllegalArgumentException("maxParallelBuilds is " + maxParallelBuilds + "; expected at least 1");
        }
        this.cache = cache;
        this.runners = runners.isEmpty() ? Map.of() : new EnumMap<>(runners);
        this.fingerprinter = fingerprinter;
        this.log = log;
        this.extraEnv = Map.copyOf(extraEnv);
        this.maxParallelBuilds = maxParallelBuilds;
    }

    /** A coordinator that can only preview, without any cache: reports fingerprints only. */
    public static BuildCoordinator offline(Fingerprinter fingerprinter, BuildLog log) {
        return new BuildCoordinator(null, Map.of(), fingerprinter, log, Map.of(), 1);
    }

    /**
     * Decides, and in UPDATE builds, every package.
     *
     * @throws BuildFailuresException after all builds have finished, when any of them failed
     */
    public List<PackageOutcome> run(List<PackageSource> packages, ExtraInputs inputs, boolean force, BuildMode mode)
            throws InterruptedException {
        if (mode == BuildMode.UPDATE && cache == null) {
            throw new IllegalStateException("An update needs the build cache (artifact bucket), but none was given; "
                    + "only a preview can run offline");
        }
        List<PackageOutcome> decided = new ArrayList<>();
        for (PackageSource source : packages) {
            Fingerprint fingerprint = fingerprinter.compute(source.dir(), inputs);
            PackageOutcome outcome = decide(source, fingerprint.hex(), force);
            log.info(source.name(), announcement(outcome.decision(), mode) + outcome.detail());
            decided.add(outcome);
        }
        if (mode == BuildMode.PREVIEW) {
            return List.copyOf(decided);
        }
        return build(decided);
    }

    private static String announcement(Decision decision, BuildMode mode) {
        String tense = mode == BuildMode.PREVIEW ? "would " : "will ";
        return switch (decision) {
            case BUILD -> tense + "build: ";
            case PROMOTE -> tense + "promote: ";
            case UP_TO_DATE, UNKNOWN -> "";
        };
    }

    private PackageOutcome decide(PackageSource source, String fingerprint, boolean force) {
        BuildKey key = new BuildKey(source.component(), source.name(), fingerprint);
        // A forced rebuild builds whatever the cache holds, so it is known even offline.
        if (force) {
            return new PackageOutcome(source, fingerprint, Decision.BUILD, Reason.FORCED,
                    "fingerprint " + fingerprint + ", rebuild forced", key.prefix(), null);
        }
        if (cache == null) {
            return new PackageOutcome(source, fingerprint, Decision.UNKNOWN, Reason.CACHE_NOT_CONSULTED,
                    "fingerprint " + fingerprint + ", cache not consulted", key.prefix(), null);
        }
        Optional<BuildMarker> marker = cache.readMarker(key);
        if (marker.isPresent()) {
            BuiltPackageCheck.Verdict verdict = checkBuilt(source, key, marker.get());
            return new PackageOutcome(source, fingerprint, verdict.decision(), verdict.reason(), verdict.detail(),
                    key.prefix(), null);
        }
        SortedSet<String> earlier = new TreeSet<>(cache.listFingerprints(source.component(), source.name()));
        boolean triedBefore = earlier.remove(fingerprint);
        String retry = triedBefore ? "; an earlier attempt at this fingerprint left no marker" : "";
        if (earlier.isEmpty()) {
            return new PackageOutcome(source, fingerprint, Decision.BUILD, Reason.NEW,
                    "fingerprint " + fingerprint + ", new package (no earlier build in the cache)" + retry,
                    key.prefix(), null);
        }
        return new PackageOutcome(source, fingerprint, Decision.BUILD, Reason.CHANGED,
                "fingerprint " + fingerprint + ", changed (" + earlier.size() + " earlier fingerprint(s), e.g. "
                        + earlier.first() + ")" + retry, key.prefix(), null);
    }

    /** Whether the artifacts a marker names are still there, or (installing components) still current. */
    private BuiltPackageCheck.Verdict checkBuilt(PackageSource source, BuildKey key, BuildMarker marker) {
        String markerLocation = cache.location(key.markerKey());
        if (source.component().installsOnFileSystem()) {
            String recordKey = BuildKey.installedRecordKey(source.component(), source.name());
            return BuiltPackageCheck.installed(key.fingerprint(), markerLocation,
                    cache.readInstalled(source.component(), source.name()), cache.location(recordKey),
                    fileSystemId(source));
        }
        Map<String, String> outputs = new TreeMap<>();
        Set<String> existing = new HashSet<>();
        marker.outputs().forEach((role, objectKey) -> {
            outputs.put(role, cache.location(objectKey));
            if (cache.hasObject(objectKey)) {
                existing.add(cache.location(objectKey));
            }
        });
        return BuiltPackageCheck.artifacts(key.fingerprint(), markerLocation, outputs, existing);
    }

    private String fileSystemId(PackageSource source) {
        String id = extraEnv.get(FILE_SYSTEM_ID_ENV);
        if (id == null || id.isBlank()) {
            throw new IllegalStateException("Package '" + source.name() + "' of " + source.component()
                    + " is installed onto a file system, but the build environment has no " + FILE_SYSTEM_ID_ENV
                    + " (got '" + id + "'); expected the id of the file system its builds mount");
        }
        return id;
    }

    private List<PackageOutcome> build(List<PackageOutcome> decided) throws InterruptedException {
        List<Integer> toBuild = new ArrayList<>();
        for (int i = 0; i < decided.size(); i++) {
            if (decided.get(i).decision() == Decision.BUILD || decided.get(i).decision() == Decision.PROMOTE) {
                toBuild.add(i);
            }
        }
        if (toBuild.isEmpty()) {
            return List.copyOf(decided);
        }
        Path workDir = createWorkDir();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(maxParallelBuilds, toBuild.size()));
        try {
            List<Future<CodeBuildRunner.Completed>> running = new ArrayList<>();
            for (int index : toBuild) {
                PackageOutcome outcome = decided.get(index);
                running.add(pool.submit(() -> buildOne(outcome, workDir)));
            }
            List<PackageOutcome> results = new ArrayList<>(decided);
            List<PackageBuildFailedException> failures = new ArrayList<>();
            for (int i = 0; i < toBuild.size(); i++) {
                PackageOutcome outcome = decided.get(toBuild.get(i));
                try {
                    results.set(toBuild.get(i), outcome.withBuildId(running.get(i).get().buildId()));
                } catch (ExecutionException e) {
                    failures.add(asFailure(outcome, e.getCause()));
                }
            }
            if (!failures.isEmpty()) {
                throw new BuildFailuresException(failures);
            }
            return List.copyOf(results);
        } finally {
            pool.shutdownNow();
            deleteQuietly(workDir);
        }
    }

    private CodeBuildRunner.Completed buildOne(PackageOutcome outcome, Path workDir) throws Exception {
        PackageSource source = outcome.source();
        CodeBuildRunner runner = runners.get(source.component());
        if (runner == null) {
            throw new IllegalStateException("No CodeBuild runner configured for component " + source.component()
                    + "; expected one per component that has packages to build");
        }
        BuildKey key = new BuildKey(source.component(), source.name(), outcome.fingerprint());
        Path zip = workDir.resolve(source.component().id() + "-" + source.name() + ".zip");
        SourceZip.create(source.dir(), zip);
        // A promote run needs the source too: it builds when the installed directory is gone.
        String location = cache.uploadSource(key, zip);
        Map<String, String> env = new TreeMap<>(extraEnv);
        env.put(BUILD_MODE_ENV, outcome.decision() == Decision.PROMOTE ? "promote" : "build");
        CodeBuildRunner.Completed completed = runner.run(new BuildRequest(key, location, cache.bucket(), env));
        if (!cache.isBuilt(key)) {
            log.warn(source.name(), "build " + completed.buildId() + " succeeded but wrote no marker at "
                    + cache.location(key.markerKey()) + "; the next update will build it again. "
                    + "Check the buildspec's last step.");
        }
        if (source.component().installsOnFileSystem()) {
            Optional<InstalledRecord> installed = cache.readInstalled(source.component(), source.name());
            if (installed.isEmpty() || !outcome.fingerprint().equals(installed.get().fingerprint())) {
                log.warn(source.name(), "build " + completed.buildId() + " succeeded but the installed record "
                        + cache.location(BuildKey.installedRecordKey(source.component(), source.name()))
                        + " does not name " + outcome.fingerprint() + "; the next update will promote it again. "
                        + "Check the buildspec's last step.");
            }
        }
        return completed;
    }

    private static PackageBuildFailedException asFailure(PackageOutcome outcome, Throwable cause) {
        if (cause instanceof PackageBuildFailedException failed) {
            return failed;
        }
        PackageBuildFailedException failed = new PackageBuildFailedException(outcome.source().name(), "NOT_STARTED",
                "upload/start", cause.getClass().getSimpleName() + ": " + cause.getMessage(), null, "(none)");
        failed.initCause(cause);
        return failed;
    }

    private static Path createWorkDir() {
        try {
            return Files.createTempDirectory("portfolio-build-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary folder for source zips: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // temporary files only; the OS cleans its temp folder
        }
    }
}
