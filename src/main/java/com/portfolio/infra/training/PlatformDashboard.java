package com.portfolio.infra.training;

import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.config.TrainingSettings;
import com.portfolio.infra.packaging.LambdaLayer;
import com.portfolio.infra.packaging.MlPackages;
import com.pulumi.aws.cloudwatch.Dashboard;
import com.pulumi.aws.cloudwatch.DashboardArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.Map;

/**
 * One CloudWatch dashboard of the training platform ({@link PlatformDashboardBody}): the job
 * queue and its dead-letter queue, the fleet, spot notices, the workflow and the builds, all of
 * this stack, in its region. Dashboards take no tags (CloudWatch has no tagging for them), so the
 * tag rule does not apply to it.
 */
public final class PlatformDashboard extends ComponentResource {

    public static final String TYPE = "portfolio:training:PlatformDashboard";
    /** What the build graphs call each project. */
    static final String ML_PACKAGES = "ML packages";
    static final String LAMBDA_LAYER = "Lambda layer";

    /**
     * @param context    where the stack is deployed
     * @param training   the fleet's group name and the dead-letter alarm's threshold
     * @param jobs       the job queue and its dead-letter queue
     * @param spot       the spot notice rules
     * @param workflow   the training workflow
     * @param mlPackages the ML packages' build
     * @param layer      the Lambda layer's build
     */
    public record Args(StackContext context, TrainingSettings training, JobQueue jobs, SpotInterruption spot,
                       TrainingWorkflow workflow, MlPackages mlPackages, LambdaLayer layer) {
    }

    /** The dashboard's name (dashboards are per account, not per region: the stack is in it). */
    public final String dashboardName;
    /** The dashboard in the CloudWatch console of the stack's region. */
    public final Output<String> dashboardUrl;

    public PlatformDashboard(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var settings = args.context().settings();
        var training = args.training();
        String region = settings.region();
        this.dashboardName = PlatformDashboardBody.dashboardName(settings.namePrefix());
        String fleetGroup = training.fleetGroupName(settings.namePrefix());
        var spotRules = args.spot().ruleNames;

        Output<String> body = Output.tuple(
                Output.tuple(args.jobs().queueName, args.jobs().deadLetterQueueName, args.workflow().stateMachineArn),
                Output.all(spotRules.keySet().stream().map(spotRules::get).toList()),
                Output.tuple(args.mlPackages().buildProjectName, args.layer().buildProjectName))
                .applyValue(t -> {
                    var roles = spotRules.keySet().stream().toList();
                    var ruleNames = new java.util.LinkedHashMap<String, String>();
                    for (int i = 0; i < roles.size(); i++) {
                        ruleNames.put(roles.get(i), t.t2.get(i));
                    }
                    return PlatformDashboardBody.toJson(new PlatformDashboardBody.Inputs(settings.namePrefix(), region,
                            t.t1.t1, t.t1.t2, training.deadLetterAlarmMessages(),
                            fleetGroup, ruleNames, t.t1.t3, Map.of(ML_PACKAGES, t.t3.t1, LAMBDA_LAYER, t.t3.t2)));
                });
        var dashboard = new Dashboard(name + "-dashboard", DashboardArgs.builder()
                .dashboardName(dashboardName)
                .dashboardBody(body)
                .build(), CustomResourceOptions.builder().parent(this).build());
        this.dashboardUrl = dashboard.dashboardName().applyValue(n -> PlatformDashboardBody.consoleUrl(region, n));
        registerOutputs(Map.of("dashboardUrl", dashboardUrl));
    }
}
