package com.portfolio.infra.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.PortfolioProgram;
import com.portfolio.infra.buildengine.BuildJob;
import com.portfolio.infra.buildengine.BuildService;
import com.portfolio.infra.buildengine.BuiltPackage;
import com.portfolio.infra.buildengine.Component;
import com.portfolio.infra.buildengine.OfflineBuildService;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.plan.OfflinePlanner;
import com.portfolio.infra.plan.PlanMocks;
import com.portfolio.infra.testsupport.TestStacks;
import com.pulumi.test.Mocks;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.PulumiTestInternal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * GIVEN a first update, where the network, the file system and the build project are all created
 * together / WHEN one kind of resource the ML build needs is slow to be created (the mocks hold it
 * back until everything that does not wait for it has run) / THEN the build service is still
 * called only after every resource the build needs has been created, that one included.
 *
 * <p>A build that does not wait for some resource is called while that resource is still held
 * back, and the test names it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FirstDeployOrderTest {

    /** No registration for this long means everything that could run without the held resources has. */
    private static final long QUIET_MILLIS = 400;

    /** What a build in the private subnets needs before it starts, each a kind of resource. */
    enum Needed {
        NAT_GATEWAYS("aws:ec2/natGateway:NatGateway", name -> true),
        PRIVATE_ROUTES_TO_THE_NAT("aws:ec2/route:Route", name -> name.startsWith("network-private-egress-")),
        PRIVATE_ROUTE_TABLE_ASSOCIATIONS("aws:ec2/routeTableAssociation:RouteTableAssociation",
                name -> name.startsWith("network-private-")),
        PUBLIC_ROUTE_TO_THE_INTERNET("aws:ec2/route:Route", name -> name.equals("network-public-internet")),
        PUBLIC_ROUTE_TABLE_ASSOCIATIONS("aws:ec2/routeTableAssociation:RouteTableAssociation",
                name -> name.startsWith("network-public-")),
        S3_GATEWAY_ENDPOINT("aws:ec2/vpcEndpoint:VpcEndpoint", name -> name.equals("network-s3")),
        INTERFACE_ENDPOINTS("aws:ec2/vpcEndpoint:VpcEndpoint",
                name -> !name.equals("network-s3") && !name.equals("network-dynamodb")),
        HTTPS_INTO_THE_INTERFACE_ENDPOINTS("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                name -> name.equals("network-endpoints-https-in")),
        BUILD_SECURITY_GROUP_EGRESS("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
                name -> name.startsWith("network-build-sg-")),
        NFS_FROM_THE_BUILD_SECURITY_GROUP("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                name -> name.equals("efs-nfs-from-build")),
        EFS_MOUNT_TARGETS("aws:efs/mountTarget:MountTarget", name -> true),
        // The build mounts with TLS as its role: refused until the file-system policy grants it.
        FILE_SYSTEM_POLICY_GRANTING_THE_BUILD_ROLE("aws:efs/fileSystemPolicy:FileSystemPolicy", name -> true),
        BUILD_ROLE("aws:iam/role:Role", name -> name.equals("ml-packages-role")),
        BUILD_ROLE_POLICY("aws:iam/rolePolicy:RolePolicy", name -> name.equals("ml-packages-role"));

        final String type;
        final Predicate<String> name;

        Needed(String type, Predicate<String> name) {
            this.type = type;
            this.name = name;
        }

        boolean matches(Resource resource) {
            return type.equals(resource.type()) && name.test(resource.name());
        }

        static boolean any(Resource resource) {
            return java.util.Arrays.stream(values()).anyMatch(n -> n.matches(resource));
        }
    }

    /** A resource as the mocks see it. */
    record Resource(String type, String name) implements Comparable<Resource> {
        @Override
        public int compareTo(Resource other) {
            return (type + "::" + name).compareTo(other.type + "::" + other.name);
        }

        @Override
        public String toString() {
            return name + " (" + type + ")";
        }
    }

    /**
     * The plan's mocks, except that resources {@code held} selects are created only once the
     * program has been quiet for a while; records which resources have been created.
     */
    static final class HoldingMocks implements Mocks {
        private final PlanMocks plan;
        private final Predicate<Resource> held;
        final Set<Resource> created = ConcurrentHashMap.newKeySet();
        final Set<Resource> heldBack = ConcurrentHashMap.newKeySet();
        private final List<Runnable> pending = new ArrayList<>();
        private volatile long lastActivity = System.nanoTime();
        private final ScheduledExecutorService releaser = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "held-resource-releaser");
            thread.setDaemon(true);
            return thread;
        });

        HoldingMocks(String region, Predicate<Resource> held) {
            this.plan = new PlanMocks(region);
            this.held = held;
            releaser.scheduleWithFixedDelay(this::releaseWhenQuiet, 50, 50, TimeUnit.MILLISECONDS);
        }

        @Override
        public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
            touch();
            var key = new Resource(args.type, args.name);
            ResourceResult result = plan.newResourceAsync(args).join();
            if (!held.test(key)) {
                created.add(key);
                return CompletableFuture.completedFuture(result);
            }
            var later = new CompletableFuture<ResourceResult>();
            synchronized (pending) {
                heldBack.add(key);
                pending.add(() -> {
                    created.add(key);
                    later.complete(result);
                });
            }
            return later;
        }

        @Override
        public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
            touch();
            return plan.callAsync(args);
        }

        void touch() {
            lastActivity = System.nanoTime();
        }

        private void releaseWhenQuiet() {
            if (System.nanoTime() - lastActivity < TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)) {
                return;
            }
            List<Runnable> ready;
            synchronized (pending) {
                ready = List.copyOf(pending);
                pending.clear();
            }
            if (!ready.isEmpty()) {
                touch();
                ready.forEach(Runnable::run);
            }
        }

        void close() {
            releaser.shutdownNow();
        }
    }

    /** Records, when the ML build is asked for, which resources had been created by then. */
    static final class RecordingBuilds implements BuildService {
        private final HoldingMocks mocks;
        private final boolean readsOnly;
        final List<Set<Resource>> createdAtMlBuild = new ArrayList<>();

        RecordingBuilds(HoldingMocks mocks) {
            this(mocks, false);
        }

        RecordingBuilds(HoldingMocks mocks, boolean readsOnly) {
            this.mocks = mocks;
            this.readsOnly = readsOnly;
        }

        @Override
        public boolean readsOnly() {
            return readsOnly;
        }

        @Override
        public List<BuiltPackage> run(BuildJob job) throws InterruptedException {
            mocks.touch();
            if (job.component() == Component.ML_PACKAGES) {
                synchronized (createdAtMlBuild) {
                    createdAtMlBuild.add(Set.copyOf(mocks.created));
                }
            }
            return new OfflineBuildService().run(job);
        }
    }

    @ParameterizedTest
    @EnumSource(Needed.class)
    void theMlBuildStartsOnlyOnceEverythingItNeedsExists(Needed slow) {
        StackSettings settings = TestStacks.prod();
        var mocks = new HoldingMocks(settings.region(), slow::matches);
        var builds = new RecordingBuilds(mocks);
        try {
            run(settings, mocks, builds);
        } finally {
            mocks.close();
        }

        Set<Resource> needed = mocks.created.stream().filter(Needed::any)
                .collect(Collectors.toCollection(TreeSet::new));
        assertFalse(mocks.heldBack.isEmpty(), "the program created no " + slow + " to hold back");
        assertTrue(needed.containsAll(mocks.heldBack), "held back resources were never created: " + mocks.heldBack);
        for (Needed kind : Needed.values()) {
            assertTrue(needed.stream().anyMatch(kind::matches), "the program created no " + kind);
        }
        assertEquals(1, builds.createdAtMlBuild.size(), "the ML build is asked for once per update");
        Set<Resource> missing = new TreeSet<>(needed);
        missing.removeAll(builds.createdAtMlBuild.get(0));
        assertEquals(Set.of(), missing, "the ML build started before these existed (" + slow + " held back)");
    }

    /** A preview builds nothing: it reports the packages without waiting for the network to exist. */
    @org.junit.jupiter.api.Test
    void aPreviewReportsTheBuildsWithoutWaitingForTheNetwork() {
        StackSettings settings = TestStacks.prod();
        var mocks = new HoldingMocks(settings.region(), Needed.INTERFACE_ENDPOINTS::matches);
        var builds = new RecordingBuilds(mocks, true);
        try {
            run(settings, mocks, builds);
        } finally {
            mocks.close();
        }
        assertEquals(1, builds.createdAtMlBuild.size(), "the ML packages are reported once per preview");
        assertTrue(builds.createdAtMlBuild.get(0).stream().noneMatch(Needed.INTERFACE_ENDPOINTS::matches),
                "the preview's report waited for the interface endpoints");
    }

    private static void run(StackSettings settings, HoldingMocks mocks, BuildService builds) {
        // One program at a time per JVM, as the offline plan itself ensures.
        synchronized (OfflinePlanner.class) {
            var test = PulumiTestInternal.builder()
                    .options(TestOptions.builder().projectName(settings.project()).stackName(settings.stack())
                            .preview(false).build())
                    .mocks(mocks)
                    .build();
            try {
                TestResult result = test.runTest(ctx -> PortfolioProgram.define(ctx, settings,
                        new PortfolioProgram.Environment(Path.of("."), builds)));
                assertEquals(List.of(), result.exceptions());
                assertEquals(0, result.exitCode(), String.join("; ", result.errors()));
            } finally {
                PulumiTestInternal.cleanup();
            }
        }
    }
}
