package com.portfolio.infra.training;

import com.portfolio.infra.config.StackContext;
import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.cloudwatch.MetricAlarmArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import java.util.List;
import java.util.Map;

/** CloudWatch alarms on a queue's SQS metrics, raised to the ops topic (and cleared there too). */
final class QueueAlarms {

    static final String DEPTH = "ApproximateNumberOfMessagesVisible";
    static final String OLDEST_AGE = "ApproximateAgeOfOldestMessage";

    private QueueAlarms() {
    }

    /**
     * An alarm when the queue's {@code metric} reaches {@code threshold} in a 5-minute period.
     *
     * @param name the alarm's logical name
     */
    static MetricAlarm create(String name, StackContext context, String component, Output<String> queueName,
                              String metric, int threshold, String description, Output<String> topicArn,
                              CustomResourceOptions options) {
        return new MetricAlarm(name, MetricAlarmArgs.builder()
                .alarmDescription(description)
                .namespace("AWS/SQS")
                .metricName(metric)
                .dimensions(queueName.applyValue(queue -> Map.of("QueueName", queue)))
                .statistic("Maximum")
                .period(300)
                .evaluationPeriods(1)
                .threshold((double) threshold)
                .comparisonOperator("GreaterThanOrEqualToThreshold")
                // SQS sends no data points for an idle queue: that is the healthy case.
                .treatMissingData("notBreaching")
                .alarmActions(topicArn.applyValue(List::of))
                .okActions(topicArn.applyValue(List::of))
                .tags(context.tags(component))
                .build(), options);
    }
}
