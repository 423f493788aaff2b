package com.portfolio.infra.plan;

import com.pulumi.resources.Resource;
import com.pulumi.test.Mocks;
import com.pulumi.test.internal.MockMonitor;
import com.pulumi.test.internal.PulumiTestInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;

/**
 * The mock engine's monitor, recording each registration as the engine sees it: the mocks alone
 * never learn a resource's parent or its {@code protect}/{@code retainOnDelete} options, and they
 * see secrets already unwrapped.
 */
final class RecordingMonitor extends MockMonitor {

    private final List<PlannedResource> recorded = new ArrayList<>();

    RecordingMonitor(Mocks mocks) {
        super(mocks, PulumiTestInternal.mockLog());
    }

    @Override
    public CompletableFuture<RegisterResourceResponse> registerResourceAsync(Resource resource,
                                                                             RegisterResourceRequest request) {
        return super.registerResourceAsync(resource, request).thenApply(response -> {
            boolean custom = request.getCustom();
            var inputs = ProtoValues.toMap(request.getObject());
            var state = ProtoValues.toMap(response.getObject());
            String id = custom && !response.getId().isEmpty() ? response.getId() : null;
            String parent = request.getParent().isEmpty() ? null : request.getParent();
            var planned = new PlannedResource(response.getUrn(), request.getType(), request.getName(), id, parent,
                    custom, inputs, request.getProtect(), request.getRetainOnDelete(), state);
            synchronized (recorded) {
                recorded.add(planned);
            }
            return response;
        });
    }

    List<PlannedResource> recorded() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }
}
