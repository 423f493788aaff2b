package com.portfolio.infra.storage;

import com.portfolio.infra.support.PolicyDocumentBuilder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The file system's resource policy. Without one, EFS lets every client that reaches a mount
 * target mount anonymously, as root, without TLS; once it exists, a client gets only what a
 * statement allows. This one denies every client action over a connection without TLS, to
 * everyone, and allows each named role exactly its {@link Access}. A client must mount with
 * {@code iam} to be a principal at all, so an anonymous mount matches no Allow and is refused.
 * See https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html
 */
public final class FileSystemPolicyDocument {

    public static final String CLIENT_MOUNT = "elasticfilesystem:ClientMount";
    public static final String CLIENT_WRITE = "elasticfilesystem:ClientWrite";
    public static final String CLIENT_ROOT_ACCESS = "elasticfilesystem:ClientRootAccess";
    /** Every action an NFS client can be granted. */
    public static final List<String> CLIENT_ACTIONS = List.of(CLIENT_MOUNT, CLIENT_WRITE, CLIENT_ROOT_ACCESS);

    // An IAM ARN; which kind of principal it names, IAM checks when the policy is put.
    private static final Pattern ROLE_ARN = Pattern.compile("^arn:[a-z-]+:iam:[^:]*:\\d{12}:\\S+$");
    private static final Pattern GRANT_NAME = Pattern.compile("^[A-Z][A-Za-z0-9]{0,40}$");

    /** What a role may do on the file system. */
    public enum Access {
        /**
         * Mount only through the access points (each presents its own POSIX user and directory),
         * and write only through the writable ones: the training instances.
         */
        THROUGH_ACCESS_POINTS,
        /**
         * Mount the root, write, and act as root (create {@code /packages/<pkg>/...} and chown it
         * to the access points' user): the package build.
         */
        ROOT
    }

    /**
     * @param name    names the role's statements (a capitalised word, e.g. {@code PackageBuild})
     * @param roleArn the IAM role
     * @param access  what it may do
     */
    public record Grant(String name, String roleArn, Access access) {
    }

    private FileSystemPolicyDocument() {
    }

    /**
     * @param fileSystemArn       the file system
     * @param accessPointArns     every access point of it
     * @param writableAccessPoints those through which {@link Access#THROUGH_ACCESS_POINTS} roles may write
     * @param grants              the roles and their access; nobody else gets any
     */
    public static String document(String fileSystemArn, List<String> accessPointArns, List<String> writableAccessPoints,
                                  List<Grant> grants) {
        if (!accessPointArns.containsAll(writableAccessPoints)) {
            var unknown = new java.util.ArrayList<>(writableAccessPoints);
            unknown.removeAll(accessPointArns);
            throw new IllegalArgumentException("writable access points " + unknown + " are not access points of "
                    + fileSystemArn + "; expected some of " + accessPointArns);
        }
        PolicyDocumentBuilder document = PolicyDocumentBuilder.create()
                // Every principal, anonymous ones included: no client action without TLS.
                .deny("DenyClientsWithoutTls").anyPrincipal()
                .actions(CLIENT_ACTIONS.toArray(String[]::new)).resources(fileSystemArn)
                .condition("Bool", "aws:SecureTransport", "false")
                .and();
        Set<String> names = new HashSet<>();
        for (Grant grant : grants) {
            check(grant, names);
            document = switch (grant.access()) {
                case THROUGH_ACCESS_POINTS -> {
                    if (accessPointArns.isEmpty()) {
                        throw new IllegalArgumentException("grant " + grant.name() + " is " + grant.access()
                                + " but the file system has no access point; expected at least one");
                    }
                    var mounts = document.allow(grant.name() + "MountsAccessPoints").awsPrincipal(grant.roleArn())
                            .actions(CLIENT_MOUNT).resources(fileSystemArn)
                            .condition("StringEquals", "elasticfilesystem:AccessPointArn", List.copyOf(accessPointArns))
                            .and();
                    yield writableAccessPoints.isEmpty() ? mounts
                            : mounts.allow(grant.name() + "WritesWritableAccessPoints").awsPrincipal(grant.roleArn())
                            .actions(CLIENT_WRITE).resources(fileSystemArn)
                            .condition("StringEquals", "elasticfilesystem:AccessPointArn", List.copyOf(writableAccessPoints))
                            .and();
                }
                case ROOT -> document.allow(grant.name() + "MountsRootAsRoot").awsPrincipal(grant.roleArn())
                        .actions(CLIENT_ACTIONS.toArray(String[]::new)).resources(fileSystemArn)
                        .condition("Bool", "elasticfilesystem:AccessedViaMountTarget", "true")
                        .and();
            };
        }
        return document.toJson();
    }

    private static void check(Grant grant, Set<String> names) {
        if (grant.name() == null || !GRANT_NAME.matcher(grant.name()).matches()) {
            throw new IllegalArgumentException("grant name is \"" + grant.name()
                    + "\"; expected a capitalised word of letters and digits (it names policy statements), e.g. PackageBuild");
        }
        if (!names.add(grant.name())) {
            throw new IllegalArgumentException("grant name " + grant.name() + " is given twice; expected one grant per role");
        }
        if (grant.roleArn() == null || !ROLE_ARN.matcher(grant.roleArn()).matches()) {
            throw new IllegalArgumentException("grant " + grant.name() + " names \"" + grant.roleArn()
                    + "\"; expected an IAM role ARN, arn:<partition>:iam::<account>:role/<name>");
        }
        if (grant.access() == null) {
            throw new IllegalArgumentException("grant " + grant.name() + " has no access; expected one of "
                    + List.of(Access.values()));
        }
    }
}
