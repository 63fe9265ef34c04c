package org.cephgw.gateway.management;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * Readiness: the NFS port is bound and the service is running. Registered in cephgw-pekko.conf
 * under {@code pekko.management.health-checks.readiness-checks}; Pekko Management creates it
 * with the (classic) actor system.
 */
public final class NfsListeningCheck implements Supplier<CompletionStage<Boolean>> {
    private final GatewayRuntime runtime;

    public NfsListeningCheck(ActorSystem system) {
        this.runtime = GatewayRuntime.get(Adapter.toTyped(system));
    }

    @Override
    public CompletionStage<Boolean> get() {
        return CompletableFuture.completedFuture(runtime.nfsAddress() != null && runtime.served() != null);
    }
}
