package com.portfolio.infra.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ML packages' build image: by default the AWS Deep Learning Container for the stack's
 * region and versions; an explicit Deep Learning Container must agree with them; Docker Hub
 * stays possible, with a warning unless credentials are configured.
 */
class MlBuildImageTest {

    private static final String DLC_US_EAST_1 =
            "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.5.1-gpu-py311-cu124-ubuntu22.04-ec2";
    private static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dockerhub-AbC123";

    private static MlTrainingSettings parse(String region, String... keyValues) {
        var raw = new HashMap<String, RawValue>();
        raw.put("aws:region", RawValue.plain(region));
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put(keyValues[i], RawValue.plain(keyValues[i + 1]));
        }
        return StackSettingsParser.parse("portfolio", "dev", new RawConfig(raw), Path.of(".")).mlTraining();
    }

    private static List<String> problems(String region, String... keyValues) {
        return assertThrows(SettingsException.class, () -> parse(region, keyValues)).problems();
    }

    @ParameterizedTest
    @CsvSource({
            "us-east-1,763104351884.dkr.ecr.us-east-1.amazonaws.com",
            "eu-central-1,763104351884.dkr.ecr.eu-central-1.amazonaws.com",
            "af-south-1,626614931356.dkr.ecr.af-south-1.amazonaws.com",
            "ap-east-1,871362719292.dkr.ecr.ap-east-1.amazonaws.com",
            "eu-south-2,503227376785.dkr.ecr.eu-south-2.amazonaws.com",
            "me-central-1,914824155844.dkr.ecr.me-central-1.amazonaws.com",
            "cn-north-1,727897471807.dkr.ecr.cn-north-1.amazonaws.com.cn",
    })
    void theDefaultIsTheDeepLearningContainerInTheStacksOwnRegion(String region, String registry) {
        assertEquals(registry + "/pytorch-training:2.5.1-gpu-py311-cu124-ubuntu22.04-ec2", parse(region).buildImage());
    }

    @ParameterizedTest
    @CsvSource({
            "2.5.1,12.4,2.5.1-gpu-py311-cu124-ubuntu22.04-ec2",
            "2.6.0,12.6,2.6.0-gpu-py312-cu126-ubuntu22.04-ec2",
            "2.7.1,12.8,2.7.1-gpu-py312-cu128-ubuntu22.04-ec2",
            "2.9.0,13.0,2.9.0-gpu-py312-cu130-ubuntu22.04-ec2",
    })
    void theDefaultFollowsTheTorchAndCudaVersions(String torch, String cuda, String tag) {
        MlTrainingSettings ml = parse("eu-west-1", "ml-training:torchVersion", torch, "ml-training:cudaVersion", cuda);
        assertEquals("763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:" + tag, ml.buildImage());
    }

    @Test
    void versionsWithNoPublishedContainerNeedAnImageOfTheirOwn() {
        assertEquals(List.of("ml-training:buildImage: missing, and AWS publishes no Deep Learning Container for PyTorch "
                        + "2.4.0 with CUDA 12.1 to default to; expected an image with CUDA 12.1 and PyTorch 2.4.0, or "
                        + "ml-training:torchVersion and ml-training:cudaVersion set to one of: PyTorch 2.5.1 with CUDA 12.4, "
                        + "PyTorch 2.6.0 with CUDA 12.6, PyTorch 2.7.1 with CUDA 12.8, PyTorch 2.8.0 with CUDA 12.9, "
                        + "PyTorch 2.9.0 with CUDA 13.0"),
                problems("us-east-1", "ml-training:torchVersion", "2.4.0", "ml-training:cudaVersion", "12.1"));
        assertEquals("ghcr.io/acme/cuda:12.1-torch2.4", parse("us-east-1", "ml-training:torchVersion", "2.4.0",
                "ml-training:cudaVersion", "12.1", "ml-training:buildImage", "ghcr.io/acme/cuda:12.1-torch2.4").buildImage());
    }

    @Test
    void aRegionWithoutDeepLearningContainersNeedsAnImage() {
        assertEquals(List.of("ml-training:buildImage: missing, and AWS publishes no Deep Learning Containers in "
                        + "us-gov-west-1 to default to; expected an image with the CUDA toolkit and Python 3.10+, "
                        + "preferably in ECR in us-gov-west-1"),
                problems("us-gov-west-1"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // another region's registry
            "763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-training:2.5.1-gpu-py311-cu124-ubuntu22.04-ec2"
                    + "|from the registry of us-west-2, not of the stack's region us-east-1: every build would pull it across regions",
            // another PyTorch
            "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.6.0-gpu-py312-cu126-ubuntu22.04-ec2"
                    + "|built for PyTorch 2.6.0 with CUDA 12.6, but ml-training:torchVersion is 2.5.1 and ml-training:cudaVersion 12.4",
            // no CUDA
            "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.5.1-cpu-py311-ubuntu22.04-ec2"
                    + "|a CPU image, without the CUDA toolkit",
    })
    void aDeepLearningContainerNamedExplicitlyMustMatchTheStack(String image, String detail) {
        assertEquals(List.of("ml-training:buildImage: got \"" + image + "\" (" + detail + "); expected " + DLC_US_EAST_1
                        + ", the Deep Learning Container for PyTorch 2.5.1 with CUDA 12.4 in us-east-1"),
                problems("us-east-1", "ml-training:buildImage", image));
    }

    @Test
    void aDeepLearningContainerOfTheStacksVersionsAndRegionIsAccepted() {
        assertEquals(DLC_US_EAST_1, parse("us-east-1", "ml-training:buildImage", DLC_US_EAST_1).buildImage());
        String pinned = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.5.1-gpu-py311-cu124-ubuntu22.04-ec2-v1.8";
        assertEquals(pinned, parse("us-east-1", "ml-training:buildImage", pinned).buildImage());
    }

    @Test
    void registryCredentialsAreASecretsFullArnForARegistryOtherThanEcr() {
        assertEquals(SECRET, parse("us-east-1", "ml-training:buildImage", "pytorch/pytorch:2.5.1-cuda12.4-cudnn9-devel",
                "ml-training:buildImageCredentials", SECRET).buildImageCredentials());
        assertEquals(List.of("ml-training:buildImageCredentials: got \"dockerhub\" (not a secret's full ARN); expected the "
                        + "full ARN of a Secrets Manager secret with the registry's user name and password, ending in the "
                        + "six characters Secrets Manager adds, e.g. " + SECRET),
                problems("us-east-1", "ml-training:buildImage", "pytorch/pytorch:2.5.1-cuda12.4-cudnn9-devel",
                        "ml-training:buildImageCredentials", "dockerhub"));
        assertEquals(List.of("ml-training:buildImageCredentials: set, but ml-training:buildImage \"" + DLC_US_EAST_1
                        + "\" is in ECR, which CodeBuild pulls with the project's role; expected it unset, or an image in "
                        + "another registry such as Docker Hub"),
                problems("us-east-1", "ml-training:buildImageCredentials", SECRET));
    }

    @ParameterizedTest
    @CsvSource({
            "pytorch/pytorch:2.5.1-cuda12.4-cudnn9-devel,DOCKER_HUB",
            "ubuntu,DOCKER_HUB",
            "docker.io/nvidia/cuda:12.4.1-devel-ubuntu22.04,DOCKER_HUB",
            "aws/codebuild/amazonlinux-x86_64-standard:5.0,CODEBUILD_CURATED",
            "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.5.1-gpu-py311-cu124-ubuntu22.04-ec2,ECR",
            "727897471807.dkr.ecr.cn-north-1.amazonaws.com.cn/pytorch-training:2.5.1,ECR",
            "public.ecr.aws/deep-learning-containers/pytorch-training:2.5.1-gpu-py311-cu124-ubuntu22.04-ec2,OTHER",
            "nvcr.io/nvidia/pytorch:24.05-py3,OTHER",
            "localhost/cuda:12.4,OTHER",
    })
    void imagesAreTakenToTheRegistryDockerWouldPullThemFrom(String image, ImageRegistry registry) {
        assertEquals(registry, ImageRegistry.of(image));
    }

    @Test
    void aDockerHubImageWarnsThatItIsPulledAnonymouslyUnlessCredentialsAreSet() {
        MlTrainingSettings anonymous = parse("eu-west-1", "ml-training:buildImage", "pytorch/pytorch:2.5.1-cuda12.4-cudnn9-devel");
        assertEquals(Optional.of("ml-training:buildImage \"pytorch/pytorch:2.5.1-cuda12.4-cudnn9-devel\" is pulled from "
                        + "Docker Hub anonymously: Docker Hub rate-limits anonymous pulls (builds then fail with "
                        + "\"toomanyrequests\") and every build pulls the whole image over the internet. Use the AWS Deep "
                        + "Learning Container of this region instead (763104351884.dkr.ecr.eu-west-1.amazonaws.com/"
                        + "pytorch-training:2.5.1-gpu-py311-cu124-ubuntu22.04-ec2, the default when the key is not set), "
                        + "or set ml-training:buildImageCredentials to a Secrets Manager secret holding Docker Hub credentials."),
                anonymous.buildImageWarning("eu-west-1"));
        assertTrue(anonymous.buildImageWarning("us-gov-west-1").orElseThrow()
                .contains("Use an image in ECR in this region instead, or set ml-training:buildImageCredentials"));
        assertEquals(Optional.empty(), parse("eu-west-1", "ml-training:buildImage", "pytorch/pytorch:2.5.1-cuda12.4-cudnn9-devel",
                "ml-training:buildImageCredentials", SECRET).buildImageWarning("eu-west-1"));
        assertEquals(Optional.empty(), parse("eu-west-1").buildImageWarning("eu-west-1"));
        assertEquals(Optional.empty(), parse("eu-west-1", "ml-training:buildImage", "nvcr.io/nvidia/pytorch:24.05-py3")
                .buildImageWarning("eu-west-1"));
    }

    @Test
    void aPublishedTagIsReadBackIntoItsRegionAndVersions() {
        assertEquals(Optional.of(new DeepLearningContainers.Image("us-east-1", "2.5.1", true, "12.4")),
                DeepLearningContainers.parse(DLC_US_EAST_1));
        assertEquals(Optional.of(new DeepLearningContainers.Image("eu-west-1", "2.9.0", true, "13.0")),
                DeepLearningContainers.parse("763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:"
                        + "2.9.0-gpu-py312-cu130-ubuntu22.04-ec2"));
        assertEquals(Optional.empty(), DeepLearningContainers.parse(
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.5.1-gpu-py311-cu124-ubuntu22.04-ec2"),
                "not AWS's registry account for the region");
        assertEquals(Optional.empty(), DeepLearningContainers.parse(
                "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.5.1-gpu-py311-cu124-ubuntu22.04-ec2"));
    }

    @Test
    void everyRegionsDefaultIsADeepLearningContainerItsOwnCheckAccepts() {
        for (String region : List.of("us-east-1", "ap-southeast-7", "mx-central-1", "cn-northwest-1")) {
            String image = parse(region).buildImage();
            assertEquals(Optional.of(new DeepLearningContainers.Image(region, "2.5.1", true, "12.4")),
                    DeepLearningContainers.parse(image), image);
            assertEquals(image, parse(region, "ml-training:buildImage", image).buildImage());
        }
    }
}
