package com.portfolio.infra.policy.rules;

import com.portfolio.infra.policy.PolicyRule;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** Every policy rule, in the order of its table, with the rules added since beside their family. */
public final class StandardRules {
    private StandardRules() {
    }

    public static List<PolicyRule> all() {
        return all(LocalDate.now(ZoneOffset.UTC));
    }

    /** The rules as of {@code today}, which decides which Lambda runtimes are still supported. */
    public static List<PolicyRule> all(LocalDate today) {
        return List.of(
                new S3Rules.PublicAccessBlock(),
                new S3Rules.TlsOnly(),
                new S3Rules.NoPublicGrants(),
                new S3Rules.OwnerEnforced(),
                new S3Rules.Encrypted(),
                new S3Rules.AccessLogging(),
                new S3Rules.VersionedWithLifecycle(),
                new CloudFrontRules.PrivateS3Origin(),
                new CloudFrontRules.HttpsOnly(),
                new CloudFrontRules.CustomDomainTls(),
                new CloudFrontRules.LoggingAndHeaders(),
                new ApiRules.RouteAuthorization(),
                new ApiRules.StageAccessLogs(),
                new ApiRules.StageThrottling(),
                new LambdaRules.SupportedRuntimeNoSecrets(today),
                new LambdaRules.PermissionScoped(),
                new LambdaRules.ExplicitLimits(),
                new LambdaRules.VpcSubnets(),
                new LambdaRules.Tracing(),
                new EventRules.FailureSinks(),
                new EventRules.SpotInterruption(),
                new LogRules.DeclaredLogGroups(),
                new LogRules.DlqAlarms(),
                new LogRules.EncryptedLogGroups(),
                new DynamoRules.PointInTimeRecovery(),
                new DynamoRules.DeletionProtection(),
                new DynamoRules.Capacity(),
                new DynamoRules.Encryption(),
                new DynamoRules.CustomerKey(),
                new MessagingRules.QueueEncryptionAndAccess(),
                new MessagingRules.Redrive(),
                new MessagingRules.VisibilityVsConsumer(),
                new MessagingRules.TopicEncryptionAndAccess(),
                new EfsRules.Encrypted(),
                new EfsRules.AccessPointConfined(),
                new EfsRules.MountTargetPrivate(),
                new EfsRules.Backups(),
                new EfsRules.RegionalWithMountTargets(),
                new EfsRules.TlsOnlyNamedRoles(),
                new VpcRules.FlowLogs(),
                new VpcRules.NothingPublic(),
                new VpcRules.SecurityGroups(),
                new VpcRules.NatPerZone(),
                new VpcRules.GatewayEndpoints(),
                new VpcRules.InterfaceEndpoints(),
                new NatInstanceRules.OnlyANat(),
                new NatInstanceRules.GatewaysInProduction(),
                new TrainingFleetRules.SpotFromZero(),
                new ComputeRules.Imdsv2(),
                new ComputeRules.NoPublicIpNoSecrets(),
                new ComputeRules.EncryptedVolumes(),
                new ComputeRules.BuildLogsEncrypted(),
                new ComputeRules.BuildNoSecretsUnprivileged(),
                new ComputeRules.BuildInPrivateSubnets(),
                new ComputeRules.BuildInVpc(),
                new StepFunctionRules.LoggingAndTracing(),
                new StepFunctionRules.RetryCatchTimeout(),
                new IamRules.LeastPrivilege(),
                new IamRules.NoPolicyManagementConflicts(),
                new IamRules.TrustPolicies(),
                new KmsRules.KeyRotation(),
                new KmsRules.KeyPolicy(),
                new StackRules.RequiredTags(),
                new StackRules.KnownPurpose(),
                new StackRules.StatefulProtected(),
                new ApplyRules.AcceptedByAws());
    }
}
