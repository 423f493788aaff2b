package com.portfolio.infra.training;

import static com.portfolio.infra.testsupport.PolicyJson.actionResourcePairs;
import static com.portfolio.infra.testsupport.PolicyJson.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.portfolio.infra.support.Policies;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** GIVEN the stack's resolved ARNs WHEN the instance role's policy is built THEN it grants exactly the contract's calls. */
class FleetPoliciesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final FleetPolicies.Resources ARNS = new FleetPolicies.Resources(
            "arn:aws:sqs:eu-west-1:123456789012:portfolio-dev-jobs",
            "arn:aws:dynamodb:eu-west-1:123456789012:table/portfolio-dev-training-jobs",
            "arn:aws:dynamodb:eu-west-1:123456789012:table/portfolio-dev-instances",
            "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-0000-0000-0000-000000000000",
            "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:6d3c:autoScalingGroupName/portfolio-dev-fleet",
            "arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0123",
            "arn:aws:elasticfilesystem:eu-west-1:123456789012:access-point/fsap-data",
            "arn:aws:elasticfilesystem:eu-west-1:123456789012:access-point/fsap-ckpt",
            "arn:aws:elasticfilesystem:eu-west-1:123456789012:access-point/fsap-pkg");

    private static JsonNode statement(String document, String sid) throws Exception {
        for (JsonNode s : JSON.readTree(document).get("Statement")) {
            if (s.get("Sid").asText().equals(sid)) {
                return s;
            }
        }
        throw new AssertionError("no statement " + sid + " in " + document);
    }

    @Test
    void theRoleGrantsExactlyTheWorkersCallsEachOnItsOwnResource() {
        String document = FleetPolicies.instanceRole(ARNS);
        var expected = new TreeSet<String>();
        for (String action : List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility")) {
            expected.add(action + " " + ARNS.jobsQueueArn());
        }
        for (String action : List.of("dynamodb:GetItem", "dynamodb:UpdateItem")) {
            expected.add(action + " " + ARNS.trainingJobsTableArn());
        }
        for (String action : List.of("dynamodb:GetItem", "dynamodb:UpdateItem")) {
            expected.add(action + " " + ARNS.instancesTableArn());
        }
        for (String action : List.of("kms:Decrypt", "kms:GenerateDataKey")) {
            expected.add(action + " " + ARNS.keyArn());
        }
        for (String action : List.of("states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat")) {
            expected.add(action + " *");
        }
        expected.add("autoscaling:SetInstanceProtection " + ARNS.groupArn());
        expected.add("elasticfilesystem:ClientMount " + ARNS.fileSystemArn());
        expected.add("elasticfilesystem:ClientWrite " + ARNS.fileSystemArn());
        assertEquals(expected, actionResourcePairs(document));
    }

    @Test
    void mountsGoThroughTheThreeAccessPointsAndWritesOnlyThroughCheckpointsAndTrainingData() throws Exception {
        String document = FleetPolicies.instanceRole(ARNS);
        JsonNode mount = statement(document, "MountAccessPoints");
        assertEquals(Set.of(ARNS.trainingDataAccessPointArn(), ARNS.checkpointsAccessPointArn(), ARNS.packagesAccessPointArn()),
                Set.copyOf(strings(mount.at("/Condition/StringEquals/elasticfilesystem:AccessPointArn"))));
        JsonNode write = statement(document, "WriteCheckpointsAndData");
        assertEquals(Set.of(ARNS.trainingDataAccessPointArn(), ARNS.checkpointsAccessPointArn()),
                Set.copyOf(strings(write.at("/Condition/StringEquals/elasticfilesystem:AccessPointArn"))));
        // Every statement allows; only the task callbacks, which take no resource, name "*".
        for (JsonNode s : JSON.readTree(document).get("Statement")) {
            assertEquals("Allow", s.get("Effect").asText());
            assertFalse(s.has("NotAction") || s.has("NotResource"), s.toString());
            if (strings(s.get("Resource")).contains("*")) {
                assertEquals("ReportTasks", s.get("Sid").asText());
            }
        }
    }

    @Test
    void onlyEc2AssumesTheRole() throws Exception {
        JsonNode trust = statement(Policies.assumeRoleByEc2(), "TrustEc2");
        assertEquals("ec2.amazonaws.com", trust.at("/Principal/Service").asText());
        assertEquals("sts:AssumeRole", trust.get("Action").asText());
        assertEquals(1, JSON.readTree(Policies.assumeRoleByEc2()).get("Statement").size());
    }
}
