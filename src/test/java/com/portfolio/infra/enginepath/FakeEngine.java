package com.portfolio.infra.enginepath;

import com.google.common.collect.ImmutableMap;
import com.google.protobuf.Empty;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.portfolio.infra.plan.PlanMocks;
import com.pulumi.test.Mocks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.stub.StreamObserver;
import pulumirpc.EngineGrpc;
import pulumirpc.EngineOuterClass.GetRootResourceRequest;
import pulumirpc.EngineOuterClass.GetRootResourceResponse;
import pulumirpc.EngineOuterClass.LogRequest;
import pulumirpc.EngineOuterClass.SetRootResourceRequest;
import pulumirpc.EngineOuterClass.SetRootResourceResponse;
import pulumirpc.Resource.RegisterResourceOutputsRequest;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;
import pulumirpc.Resource.ResourceInvokeRequest;
import pulumirpc.Resource.ResourceInvokeResponse;
import pulumirpc.Resource.SupportsFeatureRequest;
import pulumirpc.Resource.SupportsFeatureResponse;

/**
 * The two services the Pulumi CLI serves a program on one local port: the resource monitor
 * (registrations, lookups) and the engine (log, root resource). It records what the program sent.
 * Answers come from the offline plan's {@link PlanMocks}, so the program sees the same ids, ARNs and
 * zones as in the offline plan. A preview gets the same answers: what the real engine returns for a
 * stack already deployed and unchanged (its recorded state), so the preview's build step runs too.
 * A test may give a resource type a fixed id (e.g. a file system id of AWS's form, which a stored
 * build record must match), and reads the stack outputs the program registered.
 */
final class FakeEngine implements AutoCloseable {

    /** Markers of Pulumi's property serialization protocol. */
    static final String SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
    static final String SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
    static final String OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
    static final String RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

    /** What the engine's monitor supports: what a current CLI answers yes to and the program may use. */
    private static final Set<String> FEATURES = Set.of("secrets", "resourceReferences", "outputValues",
            "deletedWith", "aliasSpecs");

    /** One RegisterResource call as received, with the URN it was given. */
    record Registration(String urn, String type, String name, boolean custom, Struct inputs) {
    }

    private final String project;
    private final String stack;
    private final PlanMocks answers;
    private final Map<String, String> idsByType;
    private final List<Registration> registrations = new ArrayList<>();
    private final List<String> invokes = new ArrayList<>();
    private final List<String> logs = new ArrayList<>();
    private final Map<String, Struct> outputsByUrn = new LinkedHashMap<>();
    private final Map<String, String> qualifiedTypes = new ConcurrentHashMap<>();
    private volatile String rootUrn = "";
    private final Server server;

    FakeEngine(String project, String stack, String region) throws IOException {
        this(project, stack, region, Map.of());
    }

    /** @param idsByType the id to answer for every resource of a type, instead of the mocks' {@code <name>-id} */
    FakeEngine(String project, String stack, String region, Map<String, String> idsByType) throws IOException {
        this.project = project;
        this.stack = stack;
        this.answers = new PlanMocks(region);
        this.idsByType = Map.copyOf(idsByType);
        this.server = ServerBuilder.forPort(0).addService(new Monitor()).addService(new EngineService()).build().start();
    }

    /** What PULUMI_MONITOR and PULUMI_ENGINE are set to. */
    String address() {
        return "127.0.0.1:" + server.getPort();
    }

    synchronized List<Registration> registrations() {
        return List.copyOf(registrations);
    }

    synchronized List<String> invokes() {
        return List.copyOf(invokes);
    }

    synchronized List<String> logs() {
        return List.copyOf(logs);
    }

    /** The stack's outputs as plain values (secrets unwrapped), as its last RegisterResourceOutputs gave them. */
    @SuppressWarnings("unchecked")
    synchronized Map<String, Object> stackOutputs() {
        String stackUrn = "urn:pulumi:" + stack + "::" + project + "::pulumi:pulumi:Stack::" + project + "-" + stack;
        Struct outputs = outputsByUrn.get(stackUrn);
        if (outputs == null) {
            throw new AssertionError("the program registered no outputs for " + stackUrn + "; it did for "
                    + outputsByUrn.keySet());
        }
        return (Map<String, Object>) plain(Value.newBuilder().setStructValue(outputs).build());
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private final class Monitor extends pulumirpc.ResourceMonitorGrpc.ResourceMonitorImplBase {
        @Override
        public void supportsFeature(SupportsFeatureRequest request, StreamObserver<SupportsFeatureResponse> response) {
            reply(response, SupportsFeatureResponse.newBuilder().setHasSupport(FEATURES.contains(request.getId())).build());
        }

        @Override
        public void registerResource(RegisterResourceRequest request, StreamObserver<RegisterResourceResponse> response) {
            try {
                reply(response, register(request));
            } catch (RuntimeException e) {
                response.onError(io.grpc.Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
            }
        }

        @Override
        public void registerResourceOutputs(RegisterResourceOutputsRequest request, StreamObserver<Empty> response) {
            synchronized (FakeEngine.this) {
                outputsByUrn.put(request.getUrn(), request.getOutputs());
            }
            reply(response, Empty.getDefaultInstance());
        }

        @Override
        public void invoke(ResourceInvokeRequest request, StreamObserver<ResourceInvokeResponse> response) {
            synchronized (FakeEngine.this) {
                invokes.add(request.getTok());
            }
            try {
                @SuppressWarnings("unchecked")
                var args = ImmutableMap.copyOf((Map<String, Object>) plain(Value.newBuilder().setStructValue(request.getArgs()).build()));
                Map<String, Object> result = answers.callAsync(new Mocks.CallArgs(request.getTok(), args, request.getProvider())).join();
                reply(response, ResourceInvokeResponse.newBuilder().setReturn(struct(result)).build());
            } catch (RuntimeException e) {
                response.onError(io.grpc.Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
            }
        }
    }

    private final class EngineService extends EngineGrpc.EngineImplBase {
        @Override
        public void log(LogRequest request, StreamObserver<Empty> response) {
            synchronized (FakeEngine.this) {
                logs.add(request.getSeverity() + ": " + request.getMessage());
            }
            reply(response, Empty.getDefaultInstance());
        }

        @Override
        public void getRootResource(GetRootResourceRequest request, StreamObserver<GetRootResourceResponse> response) {
            reply(response, GetRootResourceResponse.newBuilder().setUrn(rootUrn).build());
        }

        @Override
        public void setRootResource(SetRootResourceRequest request, StreamObserver<SetRootResourceResponse> response) {
            rootUrn = request.getUrn();
            reply(response, SetRootResourceResponse.getDefaultInstance());
        }
    }

    private RegisterResourceResponse register(RegisterResourceRequest request) {
        // Real URNs chain the parents' types but leave the stack out.
        String parentType = request.getParent().isEmpty() ? null : qualifiedTypes.get(request.getParent());
        String qualifiedType = parentType == null || parentType.equals("pulumi:pulumi:Stack")
                ? request.getType() : parentType + "$" + request.getType();
        String urn = "urn:pulumi:" + stack + "::" + project + "::" + qualifiedType + "::" + request.getName();
        qualifiedTypes.put(urn, request.getType().equals("pulumi:pulumi:Stack") ? "pulumi:pulumi:Stack" : qualifiedType);
        synchronized (this) {
            registrations.add(new Registration(urn, request.getType(), request.getName(), request.getCustom(), request.getObject()));
        }
        var reply = RegisterResourceResponse.newBuilder().setUrn(urn);
        if (!request.getCustom()) {
            return reply.setObject(request.getObject()).build();
        }
        @SuppressWarnings("unchecked")
        var inputs = (Map<String, Object>) plain(Value.newBuilder().setStructValue(request.getObject()).build());
        Mocks.ResourceResult result = answers.newResourceAsync(
                new Mocks.ResourceArgs(request.getType(), request.getName(), inputs, request.getProvider(), null)).join();
        // The inputs as sent (secrets stay wrapped), then what the provider would compute.
        var state = Struct.newBuilder(request.getObject());
        @SuppressWarnings("unchecked")
        var computed = (Map<String, Object>) result.state;
        computed.forEach((key, value) -> {
            if (!request.getObject().containsFields(key)) {
                state.putFields(key, value(value));
            }
        });
        return reply.setId(idsByType.getOrDefault(request.getType(), result.id.orElse(""))).setObject(state).build();
    }

    /** The wire form as plain Java values, secrets and output values unwrapped, resource references as URNs. */
    static Object plain(Value value) {
        return switch (value.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> null;
            case BOOL_VALUE -> value.getBoolValue();
            case NUMBER_VALUE -> value.getNumberValue();
            case STRING_VALUE -> value.getStringValue();
            case LIST_VALUE -> value.getListValue().getValuesList().stream().map(FakeEngine::plain).toList();
            case STRUCT_VALUE -> {
                Map<String, Value> fields = value.getStructValue().getFieldsMap();
                Value signature = fields.get(SIGNATURE_KEY);
                if (signature != null) {
                    String sig = signature.getStringValue();
                    if (sig.equals(SECRET_SIG) || sig.equals(OUTPUT_SIG)) {
                        yield fields.containsKey("value") ? plain(fields.get("value")) : null;
                    }
                    if (sig.equals(RESOURCE_SIG)) {
                        yield fields.get("urn").getStringValue();
                    }
                }
                var map = new LinkedHashMap<String, Object>();
                fields.forEach((k, v) -> {
                    Object p = plain(v);
                    if (p != null) {
                        map.put(k, p);
                    }
                });
                yield map;
            }
        };
    }

    private static Struct struct(Map<String, ?> map) {
        var builder = Struct.newBuilder();
        map.forEach((k, v) -> builder.putFields(k, value(v)));
        return builder.build();
    }

    private static Value value(Object plain) {
        if (plain == null) {
            return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
        }
        if (plain instanceof Boolean b) {
            return Value.newBuilder().setBoolValue(b).build();
        }
        if (plain instanceof Number n) {
            return Value.newBuilder().setNumberValue(n.doubleValue()).build();
        }
        if (plain instanceof Map<?, ?> map) {
            var builder = Struct.newBuilder();
            map.forEach((k, v) -> builder.putFields(String.valueOf(k), value(v)));
            return Value.newBuilder().setStructValue(builder).build();
        }
        if (plain instanceof Collection<?> list) {
            var builder = ListValue.newBuilder();
            list.forEach(v -> builder.addValues(value(v)));
            return Value.newBuilder().setListValue(builder).build();
        }
        return Value.newBuilder().setStringValue(String.valueOf(plain)).build();
    }

    private static <T> void reply(StreamObserver<T> observer, T message) {
        observer.onNext(message);
        observer.onCompleted();
    }
}
