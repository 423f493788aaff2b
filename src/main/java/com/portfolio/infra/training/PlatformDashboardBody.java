package com.portfolio.infra.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The training platform dashboard's name and body (CloudWatch's dashboard JSON,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html):
 * a text widget saying what it shows and where the runbook is, then one graph each for the job
 * queue, the dead-letter queue, the fleet, spot notices, the workflow and the builds. Every metric
 * is named by a dimension value passed in, so the body shows only the stack's own resources.
 */
public final class PlatformDashboardBody {

    // Namespaces and metric names exactly as the services publish them.
    static final String SQS = "AWS/SQS";
    static final String AUTO_SCALING = "AWS/AutoScaling";
    static final String EVENTS = "AWS/Events";
    static final String STATES = "AWS/States";
    static final String CODE_BUILD = "AWS/CodeBuild";

    /** The largest dashboard body CloudWatch accepts: 1 MB. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** CloudWatch's dashboard names: 1 to 255 of these characters (PutDashboard). */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    /** Appended to the stack's name prefix. */
    public static final String NAME_SUFFIX = "-training-platform";
    /** Where the runbook is, shown in the text widget. */
    static final String RUNBOOK = "README, section \"Training jobs\"";

    /** The dashboard's grid is 24 columns wide; graphs take half of it, the text all of it. */
    private static final int GRID_WIDTH = 24;
    private static final int GRAPH_WIDTH = 12;
    private static final int GRAPH_HEIGHT = 6;
    private static final int TEXT_HEIGHT = 3;
    /** Queue and Auto Scaling group metrics arrive every minute. */
    private static final int MINUTE = 60;
    /** EventBridge and Step Functions counts, summed over five minutes. */
    private static final int FIVE_MINUTES = 300;
    /** Builds are rare and long: an hour per point. */
    private static final int HOUR = 3600;

    private static final ObjectMapper JSON = new ObjectMapper();

    private PlatformDashboardBody() {
    }

    /**
     * What the dashboard shows; every name is a physical name (or ARN) of this stack.
     *
     * @param namePrefix              {@code <project>-<stack>}, for the title
     * @param region                  the stack's region: every graph reads its metrics there
     * @param jobQueueName            the job queue
     * @param deadLetterQueueName     the job queue's dead-letter queue
     * @param deadLetterAlarmMessages the dead-letter alarm's threshold, drawn as a line
     * @param fleetGroupName          the fleet's Auto Scaling group
     * @param spotRuleNames           the spot notice rules by role (interruption, rebalance)
     * @param stateMachineArn         the training workflow
     * @param buildProjectNames       the CodeBuild projects by what they build
     */
    public record Inputs(String namePrefix, String region, String jobQueueName, String deadLetterQueueName,
                         int deadLetterAlarmMessages, String fleetGroupName, Map<String, String> spotRuleNames,
                         String stateMachineArn, Map<String, String> buildProjectNames) {
        public Inputs {
            spotRuleNames = Map.copyOf(spotRuleNames);
            buildProjectNames = Map.copyOf(buildProjectNames);
        }
    }

    /** One metric: namespace, name, its one dimension, and the legend label. */
    record Metric(String namespace, String name, String dimension, String value, String label, boolean rightAxis) {
        Metric(String namespace, String name, String dimension, String value, String label) {
            this(namespace, name, dimension, value, label, false);
        }
    }

    /** The dashboard's name for a stack's name prefix; refuses what CloudWatch would refuse. */
    public static String dashboardName(String namePrefix) {
        String name = namePrefix + NAME_SUFFIX;
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("dashboard name: got \"" + name + "\" (" + name.length()
                    + " characters, from the stack's name prefix \"" + namePrefix + "\"); expected 1 to 255 of A-Z, a-z, 0-9, "
                    + "'-' and '_', as CloudWatch accepts");
        }
        return name;
    }

    /** The dashboard in the CloudWatch console of the stack's region. */
    public static String consoleUrl(String region, String dashboardName) {
        return "https://" + region + ".console.aws.amazon.com/cloudwatch/home?region=" + region
                + "#dashboards:name=" + dashboardName;
    }

    /** The body's JSON; fails when it would be over CloudWatch's size limit. */
    public static String toJson(Inputs in) {
        String json;
        try {
            json = JSON.writeValueAsString(body(in));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a dashboard of strings and numbers did not serialise", e);
        }
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BODY_BYTES) {
            throw new IllegalStateException("dashboard body: " + bytes + " bytes; CloudWatch accepts at most "
                    + MAX_BODY_BYTES);
        }
        return json;
    }

    static ObjectNode body(Inputs in) {
        String region = in.region();
        var graphs = new ArrayList<ObjectNode>();
        graphs.add(graph(region, "Job queue", "messages", "seconds", "Maximum", MINUTE, List.of(
                new Metric(SQS, "ApproximateNumberOfMessagesVisible", "QueueName", in.jobQueueName(), "waiting"),
                new Metric(SQS, "ApproximateNumberOfMessagesNotVisible", "QueueName", in.jobQueueName(), "in flight"),
                new Metric(SQS, "ApproximateAgeOfOldestMessage", "QueueName", in.jobQueueName(),
                        "oldest waiting (s)", true)), null));
        // The alarm takes the maximum over five minutes: the graph shows what it sees.
        graphs.add(graph(region, "Dead-letter queue (failed jobs)", "messages", null, "Maximum", FIVE_MINUTES, List.of(
                new Metric(SQS, "ApproximateNumberOfMessagesVisible", "QueueName", in.deadLetterQueueName(),
                        "failed jobs waiting")), in.deadLetterAlarmMessages()));
        graphs.add(graph(region, "Training fleet", "instances", null, "Maximum", MINUTE, List.of(
                new Metric(AUTO_SCALING, "GroupDesiredCapacity", "AutoScalingGroupName", in.fleetGroupName(), "desired"),
                new Metric(AUTO_SCALING, "GroupInServiceInstances", "AutoScalingGroupName", in.fleetGroupName(), "in service"),
                new Metric(AUTO_SCALING, "GroupMaxSize", "AutoScalingGroupName", in.fleetGroupName(), "maximum")), null));
        var spot = new ArrayList<Metric>();
        new TreeMap<>(in.spotRuleNames()).forEach((role, rule) -> {
            spot.add(new Metric(EVENTS, "TriggeredRules", "RuleName", rule, role + " notices"));
            spot.add(new Metric(EVENTS, "Invocations", "RuleName", rule, role + " deliveries"));
        });
        graphs.add(graph(region, "Spot interruptions and rebalance recommendations", "events", null, "Sum",
                FIVE_MINUTES, spot, null));
        var workflow = new ArrayList<Metric>();
        for (String outcome : List.of("Started", "Succeeded", "Failed", "TimedOut", "Aborted")) {
            workflow.add(new Metric(STATES, "Executions" + outcome, "StateMachineArn", in.stateMachineArn(),
                    outcome.equals("TimedOut") ? "timed out" : outcome.toLowerCase(Locale.ROOT)));
        }
        graphs.add(graph(region, "Training workflow executions", "executions", null, "Sum", FIVE_MINUTES, workflow, null));
        var durations = new ArrayList<Metric>();
        var results = new ArrayList<Metric>();
        new TreeMap<>(in.buildProjectNames()).forEach((what, project) -> {
            durations.add(new Metric(CODE_BUILD, "Duration", "ProjectName", project, what));
            results.add(new Metric(CODE_BUILD, "SucceededBuilds", "ProjectName", project, what + " succeeded"));
            results.add(new Metric(CODE_BUILD, "FailedBuilds", "ProjectName", project, what + " failed"));
        });
        graphs.add(graph(region, "Build duration (longest per hour)", "seconds", null, "Maximum", HOUR, durations, null));
        graphs.add(graph(region, "Build results", "builds", null, "Sum", HOUR, results, null));

        var body = JSON.createObjectNode();
        body.put("start", "-PT24H");
        ArrayNode widgets = body.putArray("widgets");
        widgets.add(at(text(in), 0, 0));
        // Below the text, graphs two to a row.
        for (int i = 0; i < graphs.size(); i++) {
            widgets.add(at(graphs.get(i), (i % 2) * GRAPH_WIDTH, TEXT_HEIGHT + (i / 2) * GRAPH_HEIGHT));
        }
        return body;
    }

    private static ObjectNode at(ObjectNode widget, int x, int y) {
        return widget.put("x", x).put("y", y);
    }

    private static ObjectNode text(Inputs in) {
        var widget = JSON.createObjectNode();
        widget.put("type", "text");
        widget.put("width", GRID_WIDTH);
        widget.put("height", TEXT_HEIGHT);
        widget.putObject("properties").put("markdown", "## Training platform of " + in.namePrefix() + "\n"
                + "Training jobs from the job queue to the fleet: jobs waiting and in flight, failed jobs in the "
                + "dead-letter queue, the fleet's instances, spot interruption notices, the training workflow's "
                + "executions and the package builds (CodeBuild). Metrics of " + in.region() + ".\n\n"
                + "What to do when a graph looks wrong: the runbook in the " + RUNBOOK + ".");
        return widget;
    }

    /**
     * A line graph of {@code metrics}; the right axis is labelled only when a metric uses it.
     *
     * @param alarmThreshold drawn as a horizontal line labelled as the alarm; null for none
     */
    private static ObjectNode graph(String region, String title, String leftLabel, String rightLabel, String stat, int periodSeconds,
                                    List<Metric> metrics, Integer alarmThreshold) {
        var widget = JSON.createObjectNode();
        widget.put("type", "metric");
        widget.put("width", GRAPH_WIDTH);
        widget.put("height", GRAPH_HEIGHT);
        var properties = widget.putObject("properties");
        properties.put("title", title);
        properties.put("region", region);
        properties.put("view", "timeSeries");
        properties.put("stacked", false);
        properties.put("stat", stat);
        properties.put("period", periodSeconds);
        ArrayNode rows = properties.putArray("metrics");
        for (Metric m : metrics) {
            ArrayNode row = rows.addArray().add(m.namespace()).add(m.name()).add(m.dimension()).add(m.value());
            ObjectNode options = row.addObject().put("label", m.label());
            if (m.rightAxis()) {
                options.put("yAxis", "right");
            }
        }
        var yAxis = properties.putObject("yAxis");
        yAxis.putObject("left").put("label", leftLabel).put("min", 0).put("showUnits", false);
        if (rightLabel != null) {
            yAxis.putObject("right").put("label", rightLabel).put("min", 0).put("showUnits", false);
        }
        if (alarmThreshold != null) {
            properties.putObject("annotations").putArray("horizontal").addObject()
                    .put("label", "alarm at " + alarmThreshold).put("value", alarmThreshold);
        }
        return widget;
    }
}
