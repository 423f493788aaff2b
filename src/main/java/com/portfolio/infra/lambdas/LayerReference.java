package com.portfolio.infra.lambdas;

import com.portfolio.infra.packaging.LambdaLayer;
import com.pulumi.core.Output;

/**
 * The layer a function runs with: the exact version the stack built (a new version updates every
 * function in the same update), and the runtime and architecture it was built for, which the
 * function must share: the layer holds native wheels (pydantic-core) compiled for one CPU
 * architecture and one Python version, and a mismatch deploys fine, then fails every invocation on
 * import.
 *
 * @param versionArn   the layer version's ARN
 * @param fingerprint  the layer's content fingerprint
 * @param runtime      the Lambda runtime the layer was built for, e.g. {@code python3.13}
 * @param architecture {@code x86_64} or {@code arm64}
 */
public record LayerReference(Output<String> versionArn, Output<String> fingerprint, String runtime, String architecture) {

    public static LayerReference of(LambdaLayer layer) {
        return new LayerReference(layer.layerVersionArn, layer.fingerprint, layer.runtime, layer.architecture);
    }
}
