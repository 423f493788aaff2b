package com.portfolio.infra.support;

/**
 * Policy exceptions that a component declares and a policy rule recognises, worded once. A
 * resource declares one with the tag {@code policy-exception:<RULE-ID>} whose value is the reason.
 */
public final class PolicyExceptions {

    private PolicyExceptions() {
    }

    public static String tagKey(String ruleId) {
        return "policy-exception:" + ruleId;
    }

    /**
     * SEC-CB-02 for a build that mounts EFS itself: CodeBuild's managed EFS mount is plain NFS
     * (no TLS, no IAM identity), which a TLS-only, role-only file system refuses, and a container
     * may call mount(2) only in privileged mode. The rule accepts this reason only from a project
     * that actually needs it. Tag values allow letters, digits, spaces and {@code _.:/=+-@}.
     */
    public static final String PRIVILEGED_TO_MOUNT_EFS_WITH_TLS =
            "mounts EFS itself with TLS and its role: the managed EFS mount of CodeBuild is plain NFS";
}
