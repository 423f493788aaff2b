package com.portfolio.infra.buildengine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EcrImageTest {

    @ParameterizedTest
    @CsvSource({
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/cuda:12.6, 123456789012, us-east-1, cuda",
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ml/cuda, 123456789012, eu-west-1, ml/cuda",
            "123456789012.dkr.ecr.us-west-2.amazonaws.com/team/img@sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                    + ", 123456789012, us-west-2, team/img",
    })
    void anEcrReferenceNamesItsRepository(String image, String account, String region, String repository) {
        assertEquals(Optional.of(new EcrImage(account, region, repository)), EcrImage.of(image));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch/pytorch:2.5.1-cuda12.4-cudnn9-devel", "aws/codebuild/amazonlinux-x86_64-standard:5.0",
            "public.ecr.aws/docker/library/python:3.12"})
    void otherRegistriesAreNotEcrRepositoriesOfAnAccount(String image) {
        assertEquals(Optional.empty(), EcrImage.of(image));
    }
}
