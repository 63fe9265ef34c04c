package org.cephgw.gateway.management;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.cephgw.actors.grace.GraceGate;
import org.cephgw.gateway.head.HeadDirectory;
import org.cephgw.gateway.head.VirtualIpNode;

/**
 * Readiness that means the node is back: the NFS port is bound, the NFS service runs, and this
 * node's heads serve out of a grace period of their own — the head of a per-node gateway has
 * finished its reclaims (its N is cleared: every client of its previous incarnation reclaimed,
 * or the grace time ran out); in virtual-IP mode the node hosts its share of the heads
 * (heads / Up nodes, rounded down) and each of them has. A grace period another head started does
 * not make a node unready (it serves its own clients). Pekko Management's
 * {@code cluster-membership} check adds "the node is Up". So a rolling update that waits for
 * readiness goes to the next pod only once the previous one's clients are back.
 *
 * <p>Once back, a node stays ready until it stops (the port unbound, the node leaving): heads that
 * move to it later (another node died) reclaim there while it keeps serving everyone else, and a
 * front door or Service that took the survivors out of rotation then would refuse every client.
 * Per-node mode needs its per-pod Service to route to a pod that is not ready yet
 * ({@code publishNotReadyAddresses}): its clients must reach it to reclaim.
 *
 * <p>Registered in cephgw-pekko.conf under {@code pekko.management.health-checks.readiness-checks};
 * Pekko Management creates it with the (classic) actor system.
 */
public final class ServingCheck implements Supplier<CompletionStage<Boolean>> {
    private final org.apache.pekko.actor.typed.ActorSystem<?> system;
    private final GatewayRuntime runtime;

    public ServingCheck(ActorSystem system) {
        this.system = Adapter.toTyped(system);
        this.runtime = GatewayRuntime.get(this.system);
    }

    @Override
    public CompletionStage<Boolean> get() {
        return CompletableFuture.completedFuture(ready());
    }

    private boolean ready() {
        if (runtime.nfsAddress() == null || runtime.served() == null) {
            return false;
        }
        if (runtime.back()) {
            return true;
        }
        boolean back;
        VirtualIpNode vip = runtime.virtualIp();
        if (vip != null) {
            Cluster cluster = Cluster.get(system);
            String self = cluster.selfMember().address().toString();
            long upNodes = java.util.stream.StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
                    .filter(m -> m.status() == MemberStatus.up()).count();
            List<HeadDirectory.HeadStatus> mine = vip.heads().stream().filter(h -> self.equals(h.node())).toList();
            back = upNodes > 0 && mine.size() >= vip.headCount() / upNodes
                    && mine.stream().allMatch(HeadDirectory.HeadStatus::back);
        } else {
            GraceGate gate = runtime.graceGate();
            back = gate == null || !gate.snapshot().reclaiming();
        }
        if (back) {
            runtime.markBack();
        }
        return back;
    }
}
