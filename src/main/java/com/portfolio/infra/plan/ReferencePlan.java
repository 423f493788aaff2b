package com.portfolio.infra.plan;

import com.portfolio.infra.config.Environment;
import com.portfolio.infra.support.CommonPool;
import com.pulumi.aws.s3.BucketV2;
import com.pulumi.aws.s3.BucketV2Args;
import java.util.Map;

/**
 * The plan benchmark's reference: a one-resource program planned exactly as {@code plan} plans
 * the real one (same jar, same engine, same printing), so the ratio between the two shows what
 * the program itself costs beyond starting the JVM and the engine.
 */
public final class ReferencePlan {

    private ReferencePlan() {
    }

    public static void main(String[] args) {
        CommonPool.guard();
        Plan plan = OfflinePlanner.run("portfolio", "reference", Environment.DEVELOPMENT, "us-east-1", ctx ->
                new BucketV2("only", BucketV2Args.builder().tags(Map.of("project", "portfolio")).build()));
        PlanPrinter.print(plan, System.out);
    }
}
