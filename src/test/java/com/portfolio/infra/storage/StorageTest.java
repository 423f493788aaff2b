package com.portfolio.infra.storage;

import static com.portfolio.infra.testsupport.TestStacks.named;
import static com.portfolio.infra.testsupport.TestStacks.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.testsupport.TestStacks;
import com.pulumi.core.Output;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StorageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String keyArn(Plan plan) {
        return named(plan, "aws:kms/key:Key", "stack-key-key").arn();
    }

    @Test
    void theStackKeyRotatesAndLetsOnlyThisAccountsLogGroupsUseIt() throws Exception {
        Plan plan = plan(TestStacks.dev());
        PlannedResource key = named(plan, "aws:kms/key:Key", "stack-key-key");
        assertEquals(true, key.inputs().get("enableKeyRotation"));
        JsonNode statements = JSON.readTree((String) key.inputs().get("policy")).get("Statement");
        JsonNode logs = statements.get(1);
        assertEquals("logs.us-east-1.amazonaws.com", logs.get("Principal").get("Service").asText());
        assertEquals("arn:aws:logs:us-east-1:123456789012:log-group:*",
                logs.get("Condition").get("ArnLike").get("kms:EncryptionContext:aws:logs:arn").asText());
    }

    @Test
    void theAccessPolicyNeedsTheFileSystemAndThePackageBuildRole() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> new EfsAccessPolicy.Args(null, Output.of("arn:aws:iam::123456789012:role/build"), null));
        assertEquals("EfsAccessPolicy needs the file system and the package build's role; got no file system", error.getMessage());
    }

    @Test
    void theFileSystemAdmitsOnlyTlsClientsAndGrantsThePackageBuildRootAndTheFleetItsAccessPoints() throws Exception {
        Plan plan = plan(TestStacks.dev());
        PlannedResource policy = named(plan, "aws:efs/fileSystemPolicy:FileSystemPolicy", "efs-access-policy");
        assertEquals("efs-fs-id", policy.inputs().get("fileSystemId"));
        JsonNode statements = JSON.readTree((String) policy.inputs().get("policy")).get("Statement");
        assertEquals(List.of("DenyClientsWithoutTls", "PackageBuildMountsRootAsRoot", "TrainingFleetMountsAccessPoints",
                        "TrainingFleetWritesWritableAccessPoints"),
                StreamSupport.stream(statements.spliterator(), false).map(s -> s.get("Sid").asText()).toList());
        assertEquals(named(plan, "aws:iam/role:Role", "ml-packages-role").arn(),
                statements.get(1).get("Principal").get("AWS").asText());
        assertEquals(named(plan, "aws:efs/fileSystem:FileSystem", "efs-fs").arn(), statements.get(1).get("Resource").asText());
        String fleetRole = named(plan, "aws:iam/role:Role", "fleet-role").arn();
        assertEquals(fleetRole, statements.get(2).get("Principal").get("AWS").asText());
        assertEquals(fleetRole, statements.get(3).get("Principal").get("AWS").asText());
    }

    @Test
    void efsIsEncryptedElasticAndMountedInEveryPrivateSubnet() {
        Plan plan = plan(TestStacks.prod());
        PlannedResource fs = named(plan, "aws:efs/fileSystem:FileSystem", "efs-fs");
        assertEquals(true, fs.inputs().get("encrypted"));
        assertEquals(keyArn(plan), fs.inputs().get("kmsKeyId"));
        assertEquals("elastic", fs.inputs().get("throughputMode"));
        assertFalse(fs.inputs().containsKey("availabilityZoneName"), "a one-zone file system would not survive an AZ");
        Set<String> privateSubnets = plan.ofType("aws:ec2/subnet:Subnet").filter(s -> "private".equals(s.tags().get("tier")))
                .map(PlannedResource::id).collect(Collectors.toSet());
        Set<Object> mounted = plan.ofType("aws:efs/mountTarget:MountTarget").map(m -> m.inputs().get("subnetId"))
                .collect(Collectors.toSet());
        assertEquals(privateSubnets, mounted);
    }

    @Test
    void accessPointsPresentAFixedPosixUserUnderTheirOwnDirectory() {
        Plan plan = plan(TestStacks.dev());
        Map<Object, PlannedResource> byPath = plan.ofType("aws:efs/accessPoint:AccessPoint")
                .collect(Collectors.toMap(a -> a.input("rootDirectory.path").orElseThrow(), a -> a));
        assertEquals(Set.of("/training-data", "/checkpoints", "/packages"), byPath.keySet());
        byPath.values().forEach(ap -> {
            assertEquals(1001.0, ap.input("posixUser.uid").orElseThrow());
            assertEquals(1001.0, ap.input("posixUser.gid").orElseThrow());
            assertEquals(1001.0, ap.input("rootDirectory.creationInfo.ownerUid").orElseThrow());
        });
        assertEquals("0755", byPath.get("/packages").input("rootDirectory.creationInfo.permissions").orElseThrow());
        assertEquals("0750", byPath.get("/checkpoints").input("rootDirectory.creationInfo.permissions").orElseThrow());
    }

    @Test
    void nfsIsAdmittedOnlyFromTheBuildAndFleetGroups() {
        Plan plan = plan(TestStacks.dev());
        String efsGroup = named(plan, "aws:ec2/securityGroup:SecurityGroup", "efs-sg").id();
        List<PlannedResource> rules = plan.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
                .filter(r -> efsGroup.equals(r.inputs().get("securityGroupId"))).toList();
        assertEquals(Set.of("network-build-sg-id", "network-fleet-sg-id"),
                rules.stream().map(r -> r.inputs().get("referencedSecurityGroupId")).collect(Collectors.toSet()));
        rules.forEach(rule -> {
            assertEquals(2049.0, rule.inputs().get("fromPort"));
            assertEquals(2049.0, rule.inputs().get("toPort"));
            assertFalse(rule.inputs().containsKey("cidrIpv4"));
        });
    }

    @Test
    void backupsAreOnInProdAndProdStateIsProtected() {
        Plan prod = plan(TestStacks.prod());
        assertEquals("ENABLED", named(prod, "aws:efs/backupPolicy:BackupPolicy", "efs-backup").input("backupPolicy.status").orElseThrow());
        assertEquals("DISABLED", named(plan(TestStacks.dev()), "aws:efs/backupPolicy:BackupPolicy", "efs-backup")
                .input("backupPolicy.status").orElseThrow());
        List<PlannedResource> stateful = prod.resources().stream().filter(r -> Set.of(
                "aws:efs/fileSystem:FileSystem", "aws:dynamodb/table:Table", "aws:kms/key:Key").contains(r.type())
                || (r.type().equals("aws:s3/bucketV2:BucketV2") && "raw-data".equals(r.tags().get("purpose")))).toList();
        // The file system, the three tables here and the training instance registry's, the key, the raw bucket.
        assertEquals(1 + 4 + 1 + 1, stateful.size());
        stateful.forEach(r -> assertTrue(r.protect() && r.retainOnDelete(), r.urn()));
        plan(TestStacks.dev()).resources().forEach(r -> assertFalse(r.protect(), r.urn()));
    }

    @Test
    void tablesAreOnDemandRecoverableEncryptedAndExpireWhereRecordsDo() {
        Plan prod = plan(TestStacks.prod());
        Map<String, PlannedResource> tables = prod.ofType("aws:dynamodb/table:Table")
                .collect(Collectors.toMap(t -> (String) t.inputs().get("name"), t -> t));
        assertEquals(Set.of("portfolio-prod-projects", "portfolio-prod-contact-messages", "portfolio-prod-training-jobs",
                "portfolio-prod-instances"), tables.keySet());
        tables.values().forEach(table -> {
            assertEquals("PAY_PER_REQUEST", table.inputs().get("billingMode"));
            assertEquals(true, table.input("pointInTimeRecovery.enabled").orElseThrow());
            assertEquals(true, table.input("serverSideEncryption.enabled").orElseThrow());
            assertEquals(keyArn(prod), table.input("serverSideEncryption.kmsKeyArn").orElseThrow());
            assertEquals(true, table.inputs().get("deletionProtectionEnabled"));
        });
        assertEquals("expiresAt", tables.get("portfolio-prod-contact-messages").input("ttl.attributeName").orElseThrow());
        assertFalse(tables.get("portfolio-prod-projects").inputs().containsKey("ttl"));
        assertEquals("byStatus", tables.get("portfolio-prod-projects").input("globalSecondaryIndexes.0.name").orElseThrow());
        plan(TestStacks.dev()).ofType("aws:dynamodb/table:Table")
                .forEach(t -> assertEquals(false, t.inputs().get("deletionProtectionEnabled")));
    }

    @Test
    void theRawBucketIsPrivateVersionedEncryptedTlsOnlyAndAgesItsData() throws Exception {
        Plan plan = plan(TestStacks.dev());
        PlannedResource bucket = named(plan, "aws:s3/bucketV2:BucketV2", "raw-data");
        PlannedResource block = named(plan, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "raw-data");
        assertEquals(bucket.id(), block.inputs().get("bucket"));
        for (String flag : List.of("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")) {
            assertEquals(true, block.inputs().get(flag), flag);
        }
        assertEquals("BucketOwnerEnforced", named(plan, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "raw-data")
                .input("rule.objectOwnership").orElseThrow());
        assertEquals("Enabled", named(plan, "aws:s3/bucketVersioningV2:BucketVersioningV2", "raw-data")
                .input("versioningConfiguration.status").orElseThrow());
        var sse = named(plan, "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "raw-data");
        assertEquals("aws:kms", sse.input("rules.0.applyServerSideEncryptionByDefault.sseAlgorithm").orElseThrow());
        assertEquals(keyArn(plan), sse.input("rules.0.applyServerSideEncryptionByDefault.kmsMasterKeyId").orElseThrow());

        var lifecycle = named(plan, "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "raw-data");
        assertEquals(90.0, lifecycle.input("rules.0.noncurrentVersionExpiration.noncurrentDays").orElseThrow());
        assertEquals(7.0, lifecycle.input("rules.0.abortIncompleteMultipartUpload.daysAfterInitiation").orElseThrow());
        assertEquals("STANDARD_IA", lifecycle.input("rules.1.transitions.0.storageClass").orElseThrow());

        JsonNode statement = JSON.readTree((String) named(plan, "aws:s3/bucketPolicy:BucketPolicy", "raw-data")
                .inputs().get("policy")).get("Statement").get(0);
        assertEquals("Deny", statement.get("Effect").asText());
        assertEquals("s3:*", statement.get("Action").asText());
        assertEquals("false", statement.get("Condition").get("Bool").get("aws:SecureTransport").asText());
        assertEquals(bucket.arn() + "/*", statement.get("Resource").get(1).asText());
    }

    @Test
    void theStackExportsWhatOtherToolsNeed() {
        Plan plan = plan(TestStacks.dev());
        assertEquals("network-vpc-id", plan.outputs().get("vpcId"));
        assertEquals(List.of("network-private-0-id", "network-private-1-id"), plan.outputs().get("privateSubnetIds"));
        assertEquals("efs-fs-id", plan.outputs().get("efsId"));
        assertEquals(Map.of("checkpoints", "efs-checkpoints-id", "packages", "efs-packages-id",
                "trainingData", "efs-training-data-id"), plan.outputs().get("efsAccessPointIds"));
        assertEquals(Map.of("projects", "portfolio-dev-projects", "contact-messages", "portfolio-dev-contact-messages",
                "training-jobs", "portfolio-dev-training-jobs"), plan.outputs().get("tableNames"));
        assertEquals("raw-data-id", plan.outputs().get("rawBucketName"));
    }
}
