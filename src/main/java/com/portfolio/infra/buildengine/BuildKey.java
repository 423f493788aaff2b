package com.portfolio.infra.buildengine;

import java.util.regex.Pattern;

/**
 * Where one build of one package lives in the artifact bucket:
 * {@code builds/<component>/<package>/<fingerprint>/}.
 *
 * @param component   lambda-layer or ml-packages
 * @param packageName folder name of the package, one S3 key segment
 * @param fingerprint 64 hex digits
 */
public record BuildKey(Component component, String packageName, String fingerprint) {

    public static final String SOURCE_ZIP = "source.zip";
    public static final String MARKER = "built.json";

    private static final Pattern PACKAGE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public BuildKey {
        if (component == null) {
            throw new IllegalArgumentException("Component is missing; expected one of lambda-layer, ml-packages");
        }
        requirePackageName(packageName);
        Fingerprint.requireHex(fingerprint);
    }

    /** Fails with the value if it cannot be one S3 key segment / one folder name. */
    public static String requirePackageName(String packageName) {
        if (packageName == null || !PACKAGE_NAME.matcher(packageName).matches()) {
            throw new IllegalArgumentException("Package name '" + packageName
                    + "' is not allowed; expected letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return packageName;
    }

    /** {@code builds/<component>/<package>/}: every fingerprint ever built of this package. */
    public static String packagePrefix(Component component, String packageName) {
        return "builds/" + component.id() + "/" + requirePackageName(packageName) + "/";
    }

    /** {@code builds/<component>/<package>/installed.json}: what the package's {@code current} points at. */
    public static String installedRecordKey(Component component, String packageName) {
        return packagePrefix(component, packageName) + InstalledRecord.FILE;
    }

    /** {@code builds/<component>/<package>/<fingerprint>/}, handed to the build as ARTIFACT_PREFIX. */
    public String prefix() {
        return packagePrefix(component, packageName) + fingerprint + "/";
    }

    public String sourceZipKey() {
        return prefix() + SOURCE_ZIP;
    }

    public String markerKey() {
        return prefix() + MARKER;
    }

    /** Key of a build output such as {@code layer.zip}. */
    public String outputKey(String fileName) {
        return prefix() + fileName;
    }
}
