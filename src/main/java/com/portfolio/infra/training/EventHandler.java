package com.portfolio.infra.training;

import com.pulumi.core.Output;

/**
 * A Lambda function that handles events of the training control plane (from functions/&lt;name&gt;/).
 *
 * @param functionArn  what rules target
 * @param functionName what invoke permissions and the failure destination name
 * @param roleName     its execution role, which must be allowed to send its failed events to the
 *                     owning component's dead-letter queue (Lambda sends them with that role)
 */
public record EventHandler(Output<String> functionArn, Output<String> functionName, Output<String> roleName) {
}
