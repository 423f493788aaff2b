package com.portfolio.infra.policy.rules;

import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.ParsedPolicy.Statement;
import com.portfolio.infra.policy.PlanGraph;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a statement's condition pins who may act to this account (or an organization): a
 * positive operator ({@code StringEquals}, {@code StringLike}, {@code ArnEquals}, {@code ArnLike};
 * never an {@code ...IfExists}, which holds when the key is absent) on a key that names the
 * account, with every value naming this account: the account id itself, an organization id
 * without wildcards, or an ARN whose account field is this account.
 */
final class AccountPins {
    private AccountPins() {
    }

    static final List<String> POSITIVE = List.of("StringEquals", "StringLike", "ArnEquals", "ArnLike");
    /** Keys whose value is an account id. */
    static final List<String> ACCOUNT_KEYS = List.of("aws:SourceAccount", "aws:PrincipalAccount", "kms:CallerAccount");
    /** Keys whose value is an ARN carrying the account. */
    static final List<String> ARN_KEYS = List.of("aws:SourceArn", "aws:PrincipalArn", "kms:EncryptionContext:aws:logs:arn");
    /** Keys whose value is an organization id. */
    static final List<String> ORGANIZATION_KEYS = List.of("aws:PrincipalOrgID", "aws:SourceOrgID");
    /** The keys AWS services set for the confused-deputy guard of a role they assume or a key they use. */
    static final List<String> SOURCE_KEYS = List.of("aws:SourceAccount", "aws:SourceArn");
    private static final Pattern ORGANIZATION = Pattern.compile("o-[a-z0-9]{10,32}");

    /** This account: the one in the resource's ARN, else the stack's. */
    static Set<String> accountsOf(PlanGraph plan, PlannedResource r) {
        String[] fields = r.arn() == null ? new String[0] : r.arn().split(":", 6);
        return fields.length == 6 && fields[4].matches("\\d{12}") ? Set.of(fields[4]) : plan.accountIds();
    }

    /** Pinned by any of {@code keys} (a subset of the keys above). */
    static boolean pins(Statement s, List<String> keys, Set<String> accounts) {
        for (String key : keys) {
            List<String> values = s.conditionValues(key, POSITIVE);
            if (!values.isEmpty() && values.stream().allMatch(v -> namesThisAccount(key, v, accounts))) {
                return true;
            }
        }
        return false;
    }

    /** Pinned by any account, ARN or organization key. */
    static boolean pinsAccountOrOrganization(Statement s, Set<String> accounts) {
        return pins(s, ACCOUNT_KEYS, accounts) || pins(s, ARN_KEYS, accounts) || pins(s, ORGANIZATION_KEYS, accounts);
    }

    private static boolean namesThisAccount(String key, String value, Set<String> accounts) {
        if (ORGANIZATION_KEYS.contains(key)) {
            return ORGANIZATION.matcher(value).matches();
        }
        if (ARN_KEYS.contains(key)) {
            String[] fields = value.split(":", 6);
            return fields.length == 6 && fields[0].equals("arn") && accounts.contains(fields[4]);
        }
        return accounts.contains(value);
    }
}
