package com.portfolio.infra.buildengine;

/**
 * One file's part in a fingerprint, for answering "why did it rebuild?".
 *
 * @param path   POSIX path relative to the package directory
 * @param kind   regular, executable or symbolic link
 * @param sha256 64 hex digits of the normalised content (link target text for a link)
 */
public record FileHash(String path, SourceFile.Kind kind, String sha256) {
}
