package com.portfolio.infra.cost;

import com.portfolio.infra.config.CostSettings.UsageAssumptions;
import com.portfolio.infra.plan.PlannedResource;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of use the stack bills by, each priced once for the whole stack at its monthly usage
 * assumption (so three functions do not count the stack's requests three times).
 */
final class UsageKinds {

    static final String NAT_DATA = "NAT gateway data processed";
    static final String ENDPOINT_DATA = "interface endpoint data processed";
    static final String DYNAMODB = "DynamoDB on-demand";
    static final String LAMBDA = "Lambda";
    static final String HTTP_API = "API Gateway HTTP API";
    static final String CLOUDFRONT = "CloudFront";
    static final String CLOUDFRONT_FUNCTIONS = "CloudFront Functions";
    static final String S3 = "S3 Standard";
    static final String EFS = "EFS (Standard, elastic throughput)";
    static final String EFS_BACKUP = "EFS backups (AWS Backup, warm)";
    static final String LOGS = "CloudWatch Logs";
    static final String SQS = "SQS";
    static final String SNS = "SNS";
    static final String STEP_FUNCTIONS = "Step Functions (standard)";

    private UsageKinds() {
    }

    /** A stack-wide kind of use priced at the assumptions. */
    static CostEstimate.UsageLine line(String kind, List<String> components, PriceTable.Region p, UsageAssumptions a) {
        return switch (kind) {
            case NAT_DATA -> perGb(kind, components, p.price("natGatewayPerGb"), a.get("natDataGb"), "natDataGb");
            case ENDPOINT_DATA -> perGb(kind, components, p.price("interfaceEndpointPerGb"), a.get("endpointDataGb"), "endpointDataGb");
            case DYNAMODB -> {
                double writes = a.get("dynamoWrites");
                double reads = a.get("dynamoReads");
                double gb = a.get("dynamoStorageGb");
                double cost = writes / 1e6 * p.price("dynamoPerMillionWrites") + reads / 1e6 * p.price("dynamoPerMillionReads")
                        + gb * p.price("dynamoGbMonth");
                yield new CostEstimate.UsageLine(kind, components, "$" + p.price("dynamoPerMillionWrites") + " per million writes, $"
                        + p.price("dynamoPerMillionReads") + " per million reads, $" + p.price("dynamoGbMonth") + " per GB-month",
                        count(writes) + " writes (dynamoWrites), " + count(reads) + " reads (dynamoReads), " + count(gb)
                                + " GB (dynamoStorageGb)", cost, cost);
            }
            case LAMBDA -> {
                double requests = a.get("apiRequests");
                double gbSeconds = a.get("lambdaGbSeconds");
                double cost = requests / 1e6 * p.price("lambdaPerMillionRequests") + gbSeconds * p.price("lambdaPerGbSecond");
                yield new CostEstimate.UsageLine(kind, components, "$" + p.price("lambdaPerMillionRequests")
                        + " per million requests, $" + p.price("lambdaPerGbSecond") + " per GB-second",
                        count(requests) + " requests (apiRequests), " + count(gbSeconds) + " GB-s (lambdaGbSeconds)", cost, cost);
            }
            case HTTP_API -> perMillion(kind, components, p.price("httpApiPerMillion"), a.get("apiRequests"), "requests", "apiRequests");
            case CLOUDFRONT -> {
                double requests = a.get("siteRequests");
                double gb = a.get("cdnDataGb");
                double cost = requests / 1e4 * p.price("cloudFrontPer10kHttpsRequests") + gb * p.price("cloudFrontPerGbOut");
                yield new CostEstimate.UsageLine(kind, components, "$" + p.price("cloudFrontPer10kHttpsRequests")
                        + " per 10,000 HTTPS requests, $" + p.price("cloudFrontPerGbOut") + " per GB out (North America, Europe)",
                        count(requests) + " requests (siteRequests), " + count(gb) + " GB (cdnDataGb)", cost, cost);
            }
            case CLOUDFRONT_FUNCTIONS -> perMillion(kind, components, p.price("cloudFrontFunctionPerMillion"),
                    a.get("siteRequests"), "invocations", "siteRequests");
            case S3 -> perGbMonth(kind, components, p.price("s3StandardGbMonth"), a.get("s3StorageGb"), "s3StorageGb");
            case EFS -> new CostEstimate.UsageLine(kind, components, "$" + p.price("efsStandardGbMonth") + " per GB-month, $"
                    + p.price("efsElasticReadPerGb") + " per GB read, $" + p.price("efsElasticWritePerGb") + " per GB written",
                    count(a.get("efsStorageGb")) + " GB stored (efsStorageGb)", a.get("efsStorageGb") * p.price("efsStandardGbMonth"),
                    a.get("efsStorageGb") * p.price("efsStandardGbMonth"));
            case EFS_BACKUP -> perGbMonth(kind, components, p.price("backupWarmGbMonth"), a.get("efsStorageGb"), "efsStorageGb");
            case LOGS -> new CostEstimate.UsageLine(kind, components, "$" + p.price("logsIngestPerGb") + " per GB ingested, $"
                    + p.price("logsStoragePerGbMonth") + " per GB-month stored",
                    count(a.get("logIngestGb")) + " GB ingested (logIngestGb)", a.get("logIngestGb") * p.price("logsIngestPerGb"),
                    a.get("logIngestGb") * p.price("logsIngestPerGb"));
            case SQS -> perMillion(kind, components, p.price("sqsPerMillionRequests"), a.get("queueRequests"), "requests", "queueRequests");
            case SNS -> perMillion(kind, components, p.price("snsPerMillionPublishes"), a.get("notifications"), "publishes", "notifications");
            case STEP_FUNCTIONS -> {
                double transitions = a.get("stateTransitions");
                double cost = transitions / 1000 * p.price("stepFunctionsPerThousandTransitions");
                yield new CostEstimate.UsageLine(kind, components, "$" + p.price("stepFunctionsPerThousandTransitions")
                        + " per 1,000 state transitions", count(transitions) + " transitions (stateTransitions)", cost, cost);
            }
            default -> throw new IllegalArgumentException("no kind of use named " + kind);
        };
    }

    /**
     * A CodeBuild project bills per build minute of its compute type (a GPU image on a GPU host);
     * its minutes are its own, so it gets a line of its own.
     */
    static ResourcePricing.Priced codeBuild(PlannedResource r, ResourcePricing.Context c) {
        String computeType = ResourcePricing.str(r, "environment.computeType");
        if (computeType == null) {
            return ResourcePricing.Priced.unpriced("its compute type is not known");
        }
        boolean gpu = "LINUX_GPU_CONTAINER".equals(ResourcePricing.str(r, "environment.type"));
        String key = gpu ? "GPU_LARGE" : computeType;
        Optional<Double> perMinute = c.prices().listed("codeBuildMinute", key);
        if (perMinute.isEmpty()) {
            return ResourcePricing.Priced.unpriced("compute type " + key + " is not in the price table");
        }
        double minutes = c.assumptions().get("buildMinutes");
        String name = Optional.ofNullable(ResourcePricing.str(r, "name")).orElse(r.name());
        return ResourcePricing.Priced.usage().andOwnUsage(new CostEstimate.UsageLine("CodeBuild " + name + " (" + key + ")",
                List.of(), "$" + perMinute.get() + " per build minute", count(minutes) + " minutes (buildMinutes, per project)",
                minutes * perMinute.get(), minutes * perMinute.get()));
    }

    private static CostEstimate.UsageLine perGb(String kind, List<String> components, double unit, double gb, String name) {
        return new CostEstimate.UsageLine(kind, components, "$" + unit + " per GB", count(gb) + " GB (" + name + ")", gb * unit, gb * unit);
    }

    private static CostEstimate.UsageLine perGbMonth(String kind, List<String> components, double unit, double gb, String name) {
        return new CostEstimate.UsageLine(kind, components, "$" + unit + " per GB-month", count(gb) + " GB (" + name + ")",
                gb * unit, gb * unit);
    }

    private static CostEstimate.UsageLine perMillion(String kind, List<String> components, double unit, double n, String what,
                                                     String name) {
        return new CostEstimate.UsageLine(kind, components, "$" + unit + " per million " + what,
                count(n) + " " + what + " (" + name + ")", n / 1e6 * unit, n / 1e6 * unit);
    }

    static String count(double n) {
        return n == Math.rint(n) ? String.format(Locale.ROOT, "%,d", (long) n) : String.format(Locale.ROOT, "%,.1f", n);
    }
}
