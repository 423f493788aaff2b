package com.portfolio.infra.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.config.Environment;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.testsupport.TestStacks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The NAT instance the program plans passes every rule in development; each change that makes it
 * more than a NAT, or puts it in production, is a mandatory violation; and without its tag, its
 * public address and subnet are violations again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NatInstanceRulesTest {

    private static final Plan PLAN = TestStacks.plan(TestStacks.settings("dev", Map.of("portfolio:natGateways", "instance")));

    private static PolicyReport evaluate(Plan plan) {
        return CompliantPlanTest.engine().evaluate(plan);
    }

    /** The plan with one resource's top-level inputs changed. */
    private static Plan changed(String type, String name, Consumer<Map<String, Object>> change) {
        var resources = PLAN.resources().stream().map(r -> {
            if (!r.type().equals(type) || !r.name().equals(name)) {
                return r;
            }
            var inputs = new LinkedHashMap<>(r.inputs());
            change.accept(inputs);
            return new PlannedResource(r.urn(), r.type(), r.name(), r.id(), r.parentUrn(), r.custom(), inputs, r.protect(),
                    r.retainOnDelete(), null);
        }).toList();
        return new Plan(PLAN.project(), PLAN.stack(), PLAN.environment(), resources, PLAN.outputs());
    }

    private static List<String> messages(PolicyReport report, String rule) {
        return report.violationsOf(rule).stream().map(Violation::message).toList();
    }

    @Test
    void theProgramsNatInstancePassesEveryMandatoryRuleInDevelopment() {
        PolicyReport report = evaluate(PLAN);
        assertEquals(false, report.hasMandatory(), CompliantPlanTest.print(report));
        assertTrue(report.violationsOf("SEC-VPC-07").isEmpty());
        // In development REL-VPC-07 is an advisory: the instance is allowed, and said to be prod-only wrong.
        assertEquals(List.of(Severity.ADVISORY), report.violationsOf("REL-VPC-07").stream().map(Violation::severity).toList());
    }

    @Test
    void inProductionANatInstanceIsMandatoryViolation() {
        PolicyReport report = evaluate(PLAN.withEnvironment(Environment.PRODUCTION));
        assertEquals(List.of("NAT instance network-nat-lt in a production stack; expected NAT gateways, one per zone"),
                messages(report, "REL-VPC-07"));
        assertEquals(Severity.MANDATORY, report.violationsOf("REL-VPC-07").get(0).severity());
    }

    @Test
    void aKeyPairIsRefused() {
        var report = evaluate(changed("aws:ec2/launchTemplate:LaunchTemplate", "network-nat-lt", i -> i.put("keyName", "laptop")));
        assertEquals(List.of("NAT instance network-nat-lt has key pair laptop; expected none (it is reached with Session Manager)"),
                messages(report, "SEC-VPC-07"));
    }

    @Test
    void ingressFromBeyondTheVpcIsRefused() {
        var report = evaluate(changed("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "network-nat-from-vpc",
                i -> i.put("cidrIpv4", "192.168.0.0/16")));
        assertEquals(List.of("NAT instance ingress network-nat-from-vpc admits 192.168.0.0/16; expected only addresses of the VPC "
                + "([10.0.0.0/16])"), messages(report, "SEC-VPC-07"));
    }

    @Test
    void aRoleThatMayDoMoreIsRefused() {
        String wider = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"ec2:ReplaceRoute\","
                + "\"ec2:TerminateInstances\"],\"Resource\":\"*\"}]}";
        var report = evaluate(changed("aws:iam/rolePolicy:RolePolicy", "network-nat-routes", i -> i.put("policy", wider)));
        assertEquals(List.of("NAT instance role network-nat-role allows ec2:TerminateInstances; expected only "
                + "[ec2:CreateRoute, ec2:ModifyInstanceAttribute, ec2:ReplaceRoute]"), messages(report, "SEC-VPC-07"));
        var managed = evaluate(changed("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "network-nat-ssm",
                i -> i.put("policyArn", "arn:aws:iam::aws:policy/AdministratorAccess")));
        assertEquals(List.of("NAT instance role network-nat-role has managed policy arn:aws:iam::aws:policy/AdministratorAccess; "
                + "expected only AmazonSSMManagedInstanceCore"), messages(managed, "SEC-VPC-07"));
    }

    @Test
    void aGroupOfMoreThanOneIsRefused() {
        var report = evaluate(changed("aws:autoscaling/group:Group", "network-nat-asg", i -> i.put("maxSize", 2.0)));
        assertEquals(List.of("Auto Scaling group network-nat-asg runs NAT instance network-nat-lt with maxSize 2; expected 1 "
                + "(a second instance would take the routes from the first)"), messages(report, "SEC-VPC-07"));
    }

    @Test
    void withoutItsTagTheInstancesPublicAddressAndSubnetAreViolations() {
        var report = evaluate(changed("aws:ec2/launchTemplate:LaunchTemplate", "network-nat-lt", i -> {
            var tags = new LinkedHashMap<>((Map<?, ?>) i.get("tags"));
            tags.remove("purpose");
            i.put("tags", tags);
        }));
        assertEquals(List.of("launch template network-nat-lt networkInterfaces[0] associatePublicIpAddress is true; expected false"),
                messages(report, "SEC-LT-02"));
        assertEquals(2, report.violationsOf("SEC-VPC-02").size(), CompliantPlanTest.print(report));
    }
}
