package com.portfolio.infra.plan;

/**
 * The special values of Pulumi's property serialization: an object whose {@link #SIGNATURE_KEY}
 * holds one of the signatures is a secret, a resource reference, an output, an asset or an
 * archive; {@link #UNKNOWN} stands for a value known only after deployment. The engine's wire form
 * and its JSON (state files, {@code pulumi preview --json}) use the same markers.
 */
final class EngineMarkers {
    static final String SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
    static final String SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
    static final String RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
    static final String OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
    static final String ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
    static final String ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
    static final String UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    private EngineMarkers() {
    }
}
