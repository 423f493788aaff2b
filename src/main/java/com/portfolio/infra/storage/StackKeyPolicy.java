package com.portfolio.infra.storage;

import com.portfolio.infra.support.PolicyDocumentBuilder;

/**
 * The stack key's policy. The account root keeps full control (so IAM policies can grant use of
 * the key, the default AWS pattern); CloudWatch Logs may use it for this account's log groups only;
 * EventBridge and CloudWatch alarms may use it to publish to encrypted SNS topics of this account.
 * See https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html and
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
 */
public final class StackKeyPolicy {

    private StackKeyPolicy() {
    }

    public static String document(String partition, String region, String accountId) {
        return PolicyDocumentBuilder.create()
                .allow("AccountAdministers").awsPrincipal("arn:" + partition + ":iam::" + accountId + ":root")
                .actions("kms:*").resources("*")
                .and()
                .allow("CloudWatchLogsUseForThisAccount").servicePrincipal("logs." + region + ".amazonaws.com")
                .actions("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*")
                .resources("*")
                .condition("ArnLike", "kms:EncryptionContext:aws:logs:arn",
                        "arn:" + partition + ":logs:" + region + ":" + accountId + ":log-group:*")
                .and()
                .allow("AlarmAndEventPublishersUseForTopics")
                .servicePrincipal("events.amazonaws.com", "cloudwatch.amazonaws.com")
                .actions("kms:GenerateDataKey*", "kms:Decrypt").resources("*")
                .condition("StringEquals", "aws:SourceAccount", accountId)
                .toJson();
    }
}
