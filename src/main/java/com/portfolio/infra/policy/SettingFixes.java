package com.portfolio.infra.policy;

import java.util.Map;
import java.util.Optional;

/**
 * The stack setting that fixes a rule's violation, where one does: a reader of the report should
 * change a line of {@code Pulumi.<stack>.yaml}, not look for the code that the rule's generic fix
 * describes. Only rules whose violation a setting decides are listed.
 */
public final class SettingFixes {

    private static final Map<String, String> BY_RULE = Map.of(
            // One NAT per zone is what portfolio:natGateways selects (config/NatStrategy).
            "REL-VPC-04", "portfolio:natGateways: per-az");

    private SettingFixes() {
    }

    /** E.g. {@code portfolio:natGateways: per-az} for REL-VPC-04. */
    public static Optional<String> of(String ruleId) {
        return Optional.ofNullable(BY_RULE.get(ruleId));
    }
}
