package com.portfolio.infra.plan;

/**
 * A resource URN, {@code urn:pulumi:<stack>::<project>::<type chain>::<name>}, where the type
 * chain lists the parents' types before the resource's own, separated by {@code $}.
 */
record Urn(String text, String stack, String project, String typeChain, String name) {

    private static final String PREFIX = "urn:pulumi:";
    static final String ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

    /** @param where names the field in the message when {@code text} is not a URN */
    static Urn parse(String text, String where) {
        String[] parts = text.startsWith(PREFIX) ? text.substring(PREFIX.length()).split("::", 4) : new String[0];
        if (parts.length != 4 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new PlanFileException(where + ": expected a URN such as urn:pulumi:dev::portfolio::aws:s3/bucketV2:BucketV2::raw-data, found \""
                    + text + "\"");
        }
        return new Urn(text, parts[0], parts[1], parts[2], parts[3]);
    }

    boolean isRootStack() {
        return typeChain.equals(ROOT_STACK_TYPE);
    }

    /**
     * The URN as a real engine writes it. The offline plan's engine puts the stack at the head of
     * every type chain ({@code pulumi:pulumi:Stack$...}) and the real one does not, so a plan and
     * a preview of the same program compare resource by resource only under this form.
     */
    static String canonical(String urn) {
        String marker = "::" + ROOT_STACK_TYPE + "$";
        int at = urn.indexOf(marker);
        return at < 0 ? urn : urn.substring(0, at + 2) + urn.substring(at + marker.length());
    }
}
