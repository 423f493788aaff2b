package com.portfolio.infra.buildengine;

/**
 * The coordinator's result for one package.
 *
 * @param source         the package
 * @param fingerprint    64 hex digits
 * @param decision       up to date, build, or unknown (offline)
 * @param reason         why
 * @param detail         one human-readable line, e.g. "fingerprint 3fa4..., cache not consulted"
 * @param artifactPrefix {@code builds/<component>/<package>/<fingerprint>/}
 * @param buildId        CodeBuild build id when one ran in this call, else null
 */
public record PackageOutcome(PackageSource source, String fingerprint, Decision decision, Reason reason,
                             String detail, String artifactPrefix, String buildId) {

    PackageOutcome withBuildId(String id) {
        return new PackageOutcome(source, fingerprint, decision, reason, detail, artifactPrefix, id);
    }
}
