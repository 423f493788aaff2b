package com.portfolio.infra.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GIVEN training:fleet* keys WHEN the stack is parsed THEN the fleet settings, or each problem with key, value and expectation. */
class FleetSettingsTest {

    private static final String FAMILIES = "g4dn, g5, g6, g6e, gr6, p3, p3dn, p4d, p4de, p5, p5e, p5en";

    private static FleetSettings parse(String... keyValues) {
        var raw = new HashMap<String, RawValue>();
        raw.put("aws:region", RawValue.plain("eu-west-1"));
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put(keyValues[i], RawValue.plain(keyValues[i + 1]));
        }
        return StackSettingsParser.parse("portfolio", "dev", new RawConfig(raw), Path.of(".")).fleet();
    }

    private static List<String> problems(String... keyValues) {
        return assertThrows(SettingsException.class, () -> parse(keyValues)).problems();
    }

    @Test
    void unsetKeysTakeTheDocumentedDefaults() {
        FleetSettings fleet = parse();
        assertEquals(List.of("g4dn.xlarge", "g5.xlarge", "g6.xlarge"), fleet.instanceTypes());
        assertEquals(4, fleet.maxInstances());
        assertEquals("/aws/service/deeplearning/ami/x86_64/oss-nvidia-driver-gpu-pytorch-2.5-amazon-linux-2023/latest/ami-id",
                fleet.amiParameter());
        assertEquals("resolve:ssm:" + fleet.amiParameter(), fleet.imageId());
        assertEquals(1, fleet.backlogPerInstance());
        assertEquals(150, fleet.rootVolumeGiB());
    }

    @Test
    void everyKeyCanBeSet() {
        FleetSettings fleet = parse(FleetSettings.INSTANCE_TYPES, "[\"g5.2xlarge\", \"p4d.24xlarge\", \"g6e.metal\"]",
                FleetSettings.MAX_INSTANCES, "100", FleetSettings.AMI_PARAMETER, "/team/gpu-image",
                FleetSettings.BACKLOG_PER_INSTANCE, "3", FleetSettings.ROOT_VOLUME, "200");
        assertEquals(new FleetSettings(List.of("g5.2xlarge", "p4d.24xlarge", "g6e.metal"), 100, "/team/gpu-image", 3, 200), fleet);
    }

    @Test
    void aFamilyWithoutNvidiaGpusIsRefusedNamingTheAcceptedFamilies() {
        assertEquals(List.of("training:fleetInstanceTypes: element \"m5.xlarge\" is of family m5, which is not an x86_64 "
                        + "NVIDIA GPU family; expected GPU instance types of the families " + FAMILIES
                        + ", e.g. [g4dn.xlarge, g5.xlarge, g6.xlarge]"),
                problems(FleetSettings.INSTANCE_TYPES, "[\"g5.xlarge\", \"m5.xlarge\"]"));
        // AMD GPUs (no CUDA) and Graviton (arm64, not the x86_64 image) are GPU instances the fleet cannot use.
        assertEquals(2, problems(FleetSettings.INSTANCE_TYPES, "[\"g4ad.xlarge\", \"g5g.xlarge\"]").size());
    }

    @Test
    void aMalformedTypeIsRefused() {
        assertEquals(List.of("training:fleetInstanceTypes: element \"g5-xlarge\" is not an instance type name (family.size, "
                        + "e.g. g5.xlarge); expected GPU instance types of the families " + FAMILIES
                        + ", e.g. [g4dn.xlarge, g5.xlarge, g6.xlarge]"),
                problems(FleetSettings.INSTANCE_TYPES, "[\"g5-xlarge\", \"g6.xlarge\"]"));
        assertEquals(1, problems(FleetSettings.INSTANCE_TYPES, "[\"G5.XLARGE\", \"g6.xlarge\"]").size());
        assertEquals(1, problems(FleetSettings.INSTANCE_TYPES, "[\"g5.huge\", \"g6.xlarge\"]").size());
    }

    @Test
    void oneTypeAloneIsRefusedAndSoIsTheSameTypeTwice() {
        assertEquals(List.of("training:fleetInstanceTypes: got [g5.xlarge]; expected at least 2 distinct GPU instance "
                        + "types, e.g. [g4dn.xlarge, g5.xlarge, g6.xlarge]: one type is one spot pool per zone, and one "
                        + "reclamation would take the whole fleet"),
                problems(FleetSettings.INSTANCE_TYPES, "[\"g5.xlarge\"]"));
        assertEquals(List.of("training:fleetInstanceTypes: element \"g5.xlarge\" is listed twice; expected each at most once"),
                problems(FleetSettings.INSTANCE_TYPES, "[\"g5.xlarge\", \"g5.xlarge\"]"));
        assertEquals(1, problems(FleetSettings.INSTANCE_TYPES, "[]").size());
    }

    @Test
    void numbersStayInTheirRanges() {
        assertEquals(List.of("training:fleetMaxInstances: got \"0\"; expected a whole number from 1 to 100 (default 4)"),
                problems(FleetSettings.MAX_INSTANCES, "0"));
        assertEquals(List.of("training:fleetMaxInstances: got \"101\"; expected a whole number from 1 to 100 (default 4)"),
                problems(FleetSettings.MAX_INSTANCES, "101"));
        assertEquals(List.of("training:backlogPerInstance: got \"0\"; expected a whole number from 1 to 100 (default 1)"),
                problems(FleetSettings.BACKLOG_PER_INSTANCE, "0"));
        assertEquals(List.of("training:fleetRootVolumeGiB: got \"30\"; expected a whole number from 100 to 16384 (default 150)"),
                problems(FleetSettings.ROOT_VOLUME, "30"));
    }

    @Test
    void theImageParameterMustBeAParameterNameWithoutVersion() {
        String expected = "; expected an SSM parameter name such as " + FleetSettings.DEFAULT_AMI_PARAMETER
                + " (a path starting with /, of letters, digits, _ . -, at most 15 levels, no :version)";
        assertEquals(List.of("training:fleetAmiParameter: got \"ami-0123456789abcdef0\" (not a parameter path)" + expected),
                problems(FleetSettings.AMI_PARAMETER, "ami-0123456789abcdef0"));
        assertEquals(List.of("training:fleetAmiParameter: got \"/team/gpu-image:3\" (a version, label or ARN: give the "
                        + "parameter's name, whose current value each launch takes)" + expected),
                problems(FleetSettings.AMI_PARAMETER, "/team/gpu-image:3"));
        assertEquals(List.of("training:fleetAmiParameter: got \"/team/gpu image\" (not a parameter path)" + expected),
                problems(FleetSettings.AMI_PARAMETER, "/team/gpu image"));
        assertEquals(List.of("training:fleetAmiParameter: got \"" + "/a".repeat(16) + "\" (16 levels, more than 15)" + expected),
                problems(FleetSettings.AMI_PARAMETER, "/a".repeat(16)));
        assertEquals("/a/b_c/d.e-f", parse(FleetSettings.AMI_PARAMETER, "/a/b_c/d.e-f").amiParameter());
    }
}
