package com.portfolio.infra.buildengine;

import java.nio.file.Path;

/**
 * One file of a package's build input.
 *
 * @param relativePath POSIX path relative to the package directory, e.g. {@code src/app.py}
 * @param absolutePath where to read it
 * @param kind         regular, executable or symbolic link
 */
public record SourceFile(String relativePath, Path absolutePath, Kind kind) {

    /** The kinds that change what a build sees; everything else about a file (mtime, owner) does not. */
    public enum Kind {
        REGULAR('F'),
        /** Owner-executable regular file: a script's runnability changes the build, so it is hashed. */
        EXECUTABLE('X'),
        /** Hashed as its target text, never followed: a link out of the package must not pull files in. */
        SYMLINK('L');

        private final char tag;

        Kind(char tag) {
            this.tag = tag;
        }

        /** One-byte tag framed into the fingerprint. */
        public byte tag() {
            return (byte) tag;
        }
    }
}
