package com.portfolio.infra.training;

/**
 * How the fleet follows the job queue: AWS's pattern of scaling on the backlog per instance
 * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-using-sqs-queue.html), with the
 * metric math expressions the policies use and the same arithmetic in Java, tested directly.
 *
 * <p>Target tracking sets capacity in proportion to the current capacity, so from zero instances
 * it never moves: a second, step policy starts the first instance when jobs wait and the group is
 * empty. Target tracking alone then takes the group back to zero once the queue is empty (the
 * metric is 0, below any target).
 */
public final class FleetScaling {

    /** Metric ids of the expressions (CloudWatch: a lowercase letter first). */
    public static final String VISIBLE = "visible";
    public static final String IN_FLIGHT = "inflight";
    public static final String IN_SERVICE = "inservice";
    public static final String DESIRED = "desired";

    /**
     * Jobs (waiting and running) per in-service instance; with none in service, the jobs
     * themselves: the same as dividing by max(in service, 1), for whole instance counts.
     */
    public static final String BACKLOG_PER_INSTANCE = "IF(" + IN_SERVICE + " > 0, (" + VISIBLE + " + " + IN_FLIGHT + ") / "
            + IN_SERVICE + ", " + VISIBLE + " + " + IN_FLIGHT + ")";
    /**
     * 1 when jobs wait (or are held) while the group has no instance and wants none, else 0. The
     * desired capacity is part of it so that a group already starting its first instance (in
     * service 0, desired 1) is not asked for another each minute.
     */
    public static final String STARTS_FROM_ZERO = "IF((" + VISIBLE + " + " + IN_FLIGHT + ") >= 1 AND " + IN_SERVICE
            + " == 0 AND " + DESIRED + " == 0, 1, 0)";

    /** CloudWatch publishes SQS and group metrics each minute. */
    public static final int PERIOD_SECONDS = 60;

    private FleetScaling() {
    }

    /** {@link #BACKLOG_PER_INSTANCE} for given values. */
    public static double backlogPerInstance(long visible, long inFlight, long inService) {
        long jobs = visible + inFlight;
        return inService > 0 ? (double) jobs / inService : jobs;
    }

    /** {@link #STARTS_FROM_ZERO} for given values. */
    public static boolean startsFromZero(long visible, long inFlight, long inService, long desired) {
        return visible + inFlight >= 1 && inService == 0 && desired == 0;
    }

    /**
     * The capacity target tracking asks for: the current capacity scaled by metric / target,
     * rounded up, within the group's bounds (Auto Scaling's documented behaviour).
     */
    public static long targetTrackingCapacity(long inService, double metric, double target, long max) {
        long wanted = (long) Math.ceil(inService * metric / target);
        return Math.max(0, Math.min(max, wanted));
    }

    /**
     * What the two policies together ask for, given the queue and the group as CloudWatch sees
     * them: the starting step when it fires (+1), else target tracking's answer.
     */
    public static long desiredCapacity(long visible, long inFlight, long inService, long desired, int target, long max) {
        if (startsFromZero(visible, inFlight, inService, desired)) {
            return Math.min(max, desired + 1);
        }
        if (inService == 0) {
            // Target tracking has nothing to scale from; a group that is starting keeps its desired.
            return desired;
        }
        return targetTrackingCapacity(inService, backlogPerInstance(visible, inFlight, inService), target, max);
    }
}
