package com.portfolio.infra;

import com.portfolio.infra.support.CommonPool;

/**
 * The engine entry point as {@link Main} runs it, with {@link ForbiddenCidrRule} added to the
 * policy, so a test can launch a run the gate must stop. Only on the test class path.
 */
public final class EngineMainWithTestRule {

    private EngineMainWithTestRule() {
    }

    public static void main(String[] args) {
        CommonPool.guard();
        System.exit(Main.runUnderEngine(System.getenv(), System.out, System.err, ForbiddenCidrRule.withStandardRules()));
    }
}
