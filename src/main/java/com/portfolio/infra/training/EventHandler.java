package com.portfolio.infra.training;

import com.pulumi.core.Output;

/**
 * A Lambda function that handles events of the training control plane (from functions/&lt;name&gt;/).
 *
 * @param functionArn  what rules target
 * @param functionName what invoke permissions name
 */
public record EventHandler(Output<String> functionArn, Output<String> functionName) {
}
