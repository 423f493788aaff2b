package com.portfolio.infra.buildengine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Plays the ML buildspec's part for the builds an update started (moto's CodeBuild runs nothing),
 * with the real install tool against a temp folder standing in for the EFS root: a promote run
 * points {@code current} at the installed directory of its fingerprint, or builds when there is
 * none; a full build installs into a directory of its own. Both then store the installed record,
 * a full build also its marker, as the buildspec's post_build does.
 */
final class EfsBuildStandIn {

    static final Path TOOL = Path.of("ml-packages/tools/install_version.py");
    private static final int NOT_INSTALLED = 3;

    private final S3Client s3;
    private final Path packagesRoot;
    private final String fileSystemId;
    private final int versionsKept;
    private final List<String> fullBuilds = new ArrayList<>();
    private int buildNumber;

    EfsBuildStandIn(S3Client s3, Path efsRoot, String fileSystemId, int versionsKept) {
        this.s3 = s3;
        this.packagesRoot = efsRoot.resolve("packages");
        this.fileSystemId = fileSystemId;
        this.versionsKept = versionsKept;
    }

    /** Runs every build the outcomes started, as CodeBuild would. */
    void runStarted(List<PackageOutcome> outcomes) throws Exception {
        for (PackageOutcome o : outcomes) {
            if (o.decision() == Decision.BUILD || o.decision() == Decision.PROMOTE) {
                run(o);
            }
        }
    }

    /** The packages that were fully built (not only promoted), in order. */
    List<String> fullBuilds() {
        return List.copyOf(fullBuilds);
    }

    /** The fingerprint {@code current} of the package points at, from its directory's INSTALLED.json. */
    String currentFingerprint(String pkg) throws IOException {
        Path installed = packagesRoot.resolve(pkg).resolve("current").resolve("INSTALLED.json");
        String json = Files.readString(installed);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("fingerprint").asText();
    }

    Path packageDir(String pkg) {
        return packagesRoot.resolve(pkg);
    }

    private void run(PackageOutcome outcome) throws Exception {
        String pkg = outcome.source().name();
        String fingerprint = outcome.fingerprint();
        String buildId = outcome.buildId();
        Path record = Files.createTempFile("installed-", ".json");
        try {
            if (outcome.decision() == Decision.PROMOTE) {
                int code = tool("activate", "--root", packagesRoot.toString(), "--package", pkg, "--fingerprint",
                        fingerprint, "--uid", uid(), "--gid", gid(), "--build-id", buildId,
                        "--file-system-id", fileSystemId, "--record", record.toString());
                if (code == 0) {
                    putRecord(outcome, record);
                    return;
                }
                if (code != NOT_INSTALLED) {
                    throw new IllegalStateException("install_version.py activate exited " + code);
                }
            }
            String tag = String.valueOf(++buildNumber);
            Path staging = packagesRoot.resolve(pkg).resolve(".staging-" + fingerprint + "-" + tag);
            TreeWriter.put(staging, "site-packages/" + pkg.replace('-', '_') + "/__init__.py",
                    "FINGERPRINT = '" + fingerprint + "'\n");
            int code = tool("promote", "--root", packagesRoot.toString(), "--package", pkg, "--fingerprint", fingerprint,
                    "--build-tag", tag, "--staging", staging.toString(), "--uid", uid(), "--gid", gid(),
                    "--keep", String.valueOf(versionsKept), "--staging-max-age-minutes", "90", "--build-id", buildId,
                    "--file-system-id", fileSystemId, "--record", record.toString());
            if (code != 0) {
                throw new IllegalStateException("install_version.py promote exited " + code);
            }
            fullBuilds.add(pkg);
            String versionDir = InstalledRecord.fromJson(Files.readAllBytes(record), "record").versionDir();
            BuildKey key = new BuildKey(outcome.source().component(), pkg, fingerprint);
            BuildMarker marker = new BuildMarker(pkg, fingerprint, buildId, "2026-01-01T00:00:00Z",
                    Map.of("efsPath", "/packages/" + pkg + "/" + versionDir, "current", "/packages/" + pkg + "/current"));
            s3.putObject(b -> b.bucket(MotoBuildFixture.BUCKET).key(key.markerKey()), RequestBody.fromString(marker.toJson()));
            putRecord(outcome, record);
        } finally {
            Files.deleteIfExists(record);
        }
    }

    private void putRecord(PackageOutcome outcome, Path record) {
        s3.putObject(b -> b.bucket(MotoBuildFixture.BUCKET)
                        .key(BuildKey.installedRecordKey(outcome.source().component(), outcome.source().name())),
                RequestBody.fromFile(record));
    }

    private static int tool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", TOOL.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        if (code != 0 && code != NOT_INSTALLED) {
            throw new IllegalStateException("install_version.py " + args[0] + " failed (" + code + "): " + output);
        }
        return code;
    }

    /** This process's uid and gid (a new file is owned by them): the tool may chown to those without root. */
    private static String uid() throws IOException {
        return ownerAttribute("unix:uid");
    }

    private static String gid() throws IOException {
        return ownerAttribute("unix:gid");
    }

    private static String ownerAttribute(String attribute) throws IOException {
        Path probe = Files.createTempFile("owner-", ".probe");
        try {
            return String.valueOf(Files.getAttribute(probe, attribute));
        } finally {
            Files.delete(probe);
        }
    }
}
