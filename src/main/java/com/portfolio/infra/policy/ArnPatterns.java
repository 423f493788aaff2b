package com.portfolio.infra.policy;

import java.util.Set;

/**
 * When a policy's resource pattern counts as "all resources": when it can match resources that
 * are not this stack's. A stack lives in one partition, region and account, and names its
 * resources; so a pattern reaches beyond it when a wildcard ({@code *} or {@code ?}) stands
 * <ul>
 *   <li>anywhere in a pattern that is not an ARN ({@code *}), or in an ARN cut short by it
 *       ({@code arn:aws:kms:*});</li>
 *   <li>in the partition, service, region or account field ({@code arn:*:s3:::b},
 *       {@code arn:aws:logs:*:123456789012:log-group:x}, {@code arn:aws:iam::*:role/x});</li>
 *   <li>in the resource field before the resource's name has begun: in the resource type
 *       ({@code arn:aws:iam::123456789012:*}) or as the name's first character ({@code role/*},
 *       {@code key/*}, {@code log-group:*}; S3, SQS, SNS and API Gateway's execute-api have no
 *       type, their field starts with the name: {@code arn:aws:s3:::*}).</li>
 * </ul>
 * A wildcard after the first character of a name ({@code role/portfolio-dev-*},
 * {@code log-group:/aws/codebuild/portfolio-dev-x:*}, {@code bucket/*}) stays within resources
 * named that way: the program's names start with the stack's. A pattern that starts with the ARN
 * of one of the stack's resources followed by {@code /} or {@code :} addresses what that resource
 * holds (a bucket's objects, a log group's streams) and stays within the stack as well.
 */
public final class ArnPatterns {
    /** Services whose ARN resource field is the name itself, with no resource type before it. */
    static final Set<String> UNTYPED_SERVICES = Set.of("s3", "sqs", "sns", "execute-api");

    private ArnPatterns() {
    }

    /**
     * @param pattern   a Resource (or NotResource, source ARN) pattern
     * @param stackArns the ARNs of the stack's resources
     */
    public static boolean reachesBeyondStack(String pattern, Set<String> stackArns) {
        int wildcard = firstWildcard(pattern);
        if (wildcard < 0) {
            return false;
        }
        String literal = pattern.substring(0, wildcard);
        if (stackArns.stream().anyMatch(arn -> literal.length() > arn.length() && literal.startsWith(arn)
                && (literal.charAt(arn.length()) == '/' || literal.charAt(arn.length()) == ':'))) {
            return false;
        }
        String[] fields = pattern.split(":", 6);
        if (fields.length < 6 || !fields[0].equals("arn")) {
            return true;
        }
        for (int i = 1; i <= 4; i++) {
            if (firstWildcard(fields[i]) >= 0) {
                return true;
            }
        }
        String resource = fields[5];
        String name = resource;
        if (!UNTYPED_SERVICES.contains(fields[2])) {
            int separator = firstSeparator(resource);
            if (separator < 0 || firstWildcard(resource.substring(0, separator)) >= 0) {
                return true;
            }
            name = resource.substring(separator + 1);
        }
        return firstWildcard(name) == 0 || name.isEmpty();
    }

    private static int firstWildcard(String s) {
        int star = s.indexOf('*');
        int question = s.indexOf('?');
        if (star < 0) {
            return question;
        }
        return question < 0 ? star : Math.min(star, question);
    }

    private static int firstSeparator(String resource) {
        int slash = resource.indexOf('/');
        int colon = resource.indexOf(':');
        if (slash < 0) {
            return colon;
        }
        return colon < 0 ? slash : Math.min(slash, colon);
    }
}
