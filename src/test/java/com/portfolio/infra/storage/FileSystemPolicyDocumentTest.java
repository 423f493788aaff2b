package com.portfolio.infra.storage;

import static com.portfolio.infra.testsupport.PolicyJson.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.portfolio.infra.storage.FileSystemPolicyDocument.Access;
import com.portfolio.infra.storage.FileSystemPolicyDocument.Grant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GIVEN the file system, its access points and the client roles / WHEN the policy is written /
 * THEN nothing passes without TLS, and each role gets exactly its access, nobody else any.
 */
class FileSystemPolicyDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FS = "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-1";
    private static final String DATA = "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-data";
    private static final String CHECKPOINTS = "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-ckpt";
    private static final String PACKAGES = "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-pkg";
    private static final String BUILD_ROLE = "arn:aws:iam::123456789012:role/ml-build";
    private static final String FLEET_ROLE = "arn:aws:iam::123456789012:role/fleet";
    private static final List<String> ALL = List.of(DATA, CHECKPOINTS, PACKAGES);
    private static final List<String> WRITABLE = List.of(DATA, CHECKPOINTS);

    private static JsonNode statements(List<Grant> grants) throws Exception {
        return JSON.readTree(FileSystemPolicyDocument.document(FS, ALL, WRITABLE, grants)).get("Statement");
    }

    @Test
    void everyClientActionWithoutTlsIsDeniedToEveryone() throws Exception {
        JsonNode deny = statements(List.of()).get(0);
        assertEquals("Deny", deny.get("Effect").asText());
        assertEquals("*", deny.get("Principal").get("AWS").asText());
        assertEquals(List.of("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess"),
                strings(deny.get("Action")));
        assertEquals(FS, deny.get("Resource").asText());
        assertEquals("{\"Bool\":{\"aws:SecureTransport\":\"false\"}}", deny.get("Condition").toString());
    }

    @Test
    void withoutGrantsNothingIsAllowed() throws Exception {
        JsonNode statements = statements(List.of());
        assertEquals(1, statements.size());
    }

    @Test
    void theFleetMountsEveryAccessPointAndWritesOnlyTheWritableOnes() throws Exception {
        JsonNode statements = statements(List.of(new Grant("TrainingFleet", FLEET_ROLE, Access.THROUGH_ACCESS_POINTS)));
        assertEquals(3, statements.size());
        JsonNode mount = statements.get(1);
        assertEquals("Allow", mount.get("Effect").asText());
        assertEquals(FLEET_ROLE, mount.get("Principal").get("AWS").asText());
        assertEquals(List.of("elasticfilesystem:ClientMount"), strings(mount.get("Action")));
        assertEquals(ALL, strings(mount.get("Condition").get("StringEquals").get("elasticfilesystem:AccessPointArn")));
        JsonNode write = statements.get(2);
        assertEquals(List.of("elasticfilesystem:ClientWrite"), strings(write.get("Action")));
        assertEquals(WRITABLE, strings(write.get("Condition").get("StringEquals").get("elasticfilesystem:AccessPointArn")));
        for (JsonNode statement : statements) {
            assertEquals(List.of(), strings(statement.get("Action")).stream().filter(a -> a.endsWith("ClientRootAccess")
                    && statement.get("Effect").asText().equals("Allow")).toList(), "the fleet never acts as root");
        }
    }

    @Test
    void thePackageBuildMountsTheRootAsRootThroughAMountTarget() throws Exception {
        JsonNode root = statements(List.of(new Grant("PackageBuild", BUILD_ROLE, Access.ROOT))).get(1);
        assertEquals("PackageBuildMountsRootAsRoot", root.get("Sid").asText());
        assertEquals(BUILD_ROLE, root.get("Principal").get("AWS").asText());
        assertEquals(FileSystemPolicyDocument.CLIENT_ACTIONS, strings(root.get("Action")));
        assertEquals("true", root.get("Condition").get("Bool").get("elasticfilesystem:AccessedViaMountTarget").asText());
    }

    @Test
    void badGrantsAreRefusedWithWhatWasWrong() {
        var error = assertThrows(IllegalArgumentException.class, () -> FileSystemPolicyDocument.document(FS, ALL, WRITABLE,
                List.of(new Grant("PackageBuild", "ml-build", Access.ROOT))));
        assertEquals("grant PackageBuild names \"ml-build\"; expected an IAM role ARN, arn:<partition>:iam::<account>:role/<name>",
                error.getMessage());
        error = assertThrows(IllegalArgumentException.class, () -> FileSystemPolicyDocument.document(FS, ALL, WRITABLE,
                List.of(new Grant("Fleet", FLEET_ROLE, Access.THROUGH_ACCESS_POINTS), new Grant("Fleet", BUILD_ROLE, Access.ROOT))));
        assertEquals("grant name Fleet is given twice; expected one grant per role", error.getMessage());
        error = assertThrows(IllegalArgumentException.class, () -> FileSystemPolicyDocument.document(FS, ALL, WRITABLE,
                List.of(new Grant("package-build", BUILD_ROLE, Access.ROOT))));
        assertEquals("grant name is \"package-build\"; expected a capitalised word of letters and digits (it names policy "
                + "statements), e.g. PackageBuild", error.getMessage());
        error = assertThrows(IllegalArgumentException.class, () -> FileSystemPolicyDocument.document(FS, List.of(DATA),
                List.of(CHECKPOINTS), List.of()));
        assertEquals("writable access points [" + CHECKPOINTS + "] are not access points of " + FS + "; expected some of ["
                + DATA + "]", error.getMessage());
    }
}
