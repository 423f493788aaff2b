package com.portfolio.infra.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GIVEN two plans WHEN compared THEN each added, removed and changed resource, and each changed input by path. */
class PlanDiffTest {

    static final String STACK = "urn:pulumi:dev::portfolio::pulumi:pulumi:Stack::portfolio-dev";

    static PlannedResource resource(String urn, Map<String, Object> inputs) {
        String name = urn.substring(urn.lastIndexOf("::") + 2);
        String chain = urn.split("::")[2];
        String type = chain.substring(chain.lastIndexOf('$') + 1);
        return new PlannedResource(urn, type, name, name + "-id", STACK, true, inputs, false, false, null);
    }

    static Plan plan(PlannedResource... resources) {
        return new Plan("portfolio", "dev", List.of(resources), Map.of());
    }

    @Test
    void addedUpdatedRemovedAndUnchangedResourcesAreTold() {
        String kept = "urn:pulumi:dev::portfolio::aws:s3/bucketV2:BucketV2::kept";
        String changed = "urn:pulumi:dev::portfolio::aws:ec2/subnet:Subnet::private-0";
        var before = plan(resource(kept, Map.of("bucket", "kept")),
                resource(changed, Map.of("cidrBlock", "10.0.0.0/19", "tags", Map.of("tier", "private"))),
                resource("urn:pulumi:dev::portfolio::aws:s3/bucketV2:BucketV2::gone", Map.of()));
        var after = plan(resource(kept, Map.of("bucket", "kept")),
                resource(changed, Map.of("cidrBlock", "10.0.32.0/19", "tags", Map.of("tier", "public", "zone", "a"))),
                resource("urn:pulumi:dev::portfolio::aws:s3/bucketV2:BucketV2::new", Map.of()));

        PlanDiff diff = PlanDiff.between(before, after);

        assertEquals(List.of("new"), diff.added().stream().map(PlannedResource::name).toList());
        assertEquals(List.of("gone"), diff.removed().stream().map(PlannedResource::name).toList());
        assertEquals(1, diff.unchanged());
        assertEquals(1, diff.updated().size());
        assertEquals(List.of(new PlanDiff.Change("cidrBlock", "10.0.0.0/19", "10.0.32.0/19"),
                        new PlanDiff.Change("tags.tier", "private", "public"),
                        new PlanDiff.Change("tags.zone", PlanDiff.ABSENT, "a")),
                diff.updated().get(0).changes());
    }

    @Test
    void listsCompareByIndexAndNumbersByValue() {
        String urn = "urn:pulumi:dev::portfolio::aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2::raw";
        var before = plan(resource(urn, Map.of("rules", List.of(Map.of("days", 30L)), "retention", 7L)));
        var after = plan(resource(urn, Map.of("rules", List.of(Map.of("days", 90.0), Map.of("days", 1.0)), "retention", 7.0)));

        assertEquals(List.of(new PlanDiff.Change("rules.0.days", 30L, 90.0), new PlanDiff.Change("rules.1", PlanDiff.ABSENT, Map.of("days", 1.0))),
                PlanDiff.between(before, after).updated().get(0).changes());
        assertEquals("90", PlanDiff.show(90.0, 160), "whole numbers are shown as written");
    }

    @Test
    void insideAJsonValuedInputTheChangedPathIsTold() {
        String urn = "urn:pulumi:dev::portfolio::aws:iam/rolePolicy:RolePolicy::builder";
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"%s\",\"Resource\":\"*\"}]}";
        var before = plan(resource(urn, Map.of("policy", String.format(policy, "s3:GetObject"))));
        var after = plan(resource(urn, Map.of("policy", String.format(policy, "s3:*"))));

        assertEquals(List.of(new PlanDiff.Change("policy{}.Statement.0.Action", "s3:GetObject", "s3:*")),
                PlanDiff.between(before, after).updated().get(0).changes());
    }

    @Test
    void aChangedDeletionOptionIsAChange() {
        String urn = "urn:pulumi:dev::portfolio::aws:dynamodb/table:Table::jobs";
        var before = plan(resource(urn, Map.of()));
        var protectedTable = new PlannedResource(urn, "aws:dynamodb/table:Table", "jobs", "jobs-id", STACK, true, Map.of(), true,
                false, null);

        assertEquals(List.of(new PlanDiff.Change("(option) protect", false, true)),
                PlanDiff.between(before, plan(protectedTable)).updated().get(0).changes());
    }

    @Test
    void theOfflinePlansUrnsMatchARealEnginesAndTheStacksRootsMatchEachOther() {
        String offline = "urn:pulumi:dev::portfolio::pulumi:pulumi:Stack$portfolio:storage:RawBucket$aws:s3/bucketV2:BucketV2::raw-data";
        String real = "urn:pulumi:dev::portfolio::portfolio:storage:RawBucket$aws:s3/bucketV2:BucketV2::raw-data";
        assertEquals("portfolio:storage:RawBucket$aws:s3/bucketV2:BucketV2::raw-data", PlanDiff.resourceKey(offline));
        assertEquals(PlanDiff.resourceKey(offline), PlanDiff.resourceKey(real));
        assertEquals(PlanDiff.resourceKey("urn:pulumi:prod::portfolio::pulumi:pulumi:Stack::portfolio-prod"), PlanDiff.resourceKey(STACK));

        var diff = PlanDiff.between(plan(resource(offline, Map.of("bucket", "a"))), plan(resource(real, Map.of("bucket", "b"))));
        assertTrue(diff.added().isEmpty() && diff.removed().isEmpty(), diff.toString());
        assertEquals(1, diff.updated().size());
    }

    @Test
    void aSecretOnEitherSideIsMarked() {
        String urn = "urn:pulumi:dev::portfolio::aws:ssm/parameter:Parameter::token";
        var plain = new LinkedHashMap<String, Object>(Map.of("value", "abc"));
        var secret = new LinkedHashMap<String, Object>(Map.of("value", PlannedResource.SECRET));

        PlanDiff.Change change = PlanDiff.between(plan(resource(urn, plain)), plan(resource(urn, secret))).updated().get(0).changes().get(0);

        assertTrue(change.involvesSecret());
        assertTrue(!new PlanDiff.Change("value", "a", "b").involvesSecret());
    }
}
