package org.cephgw.gateway.management;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.cephgw.actors.NfsService;
import org.cephgw.actors.grace.GraceParticipant;
import org.cephgw.actors.grace.GraceWatcher;
import org.cephgw.gateway.config.ExportConfig;

/**
 * What the management routes and health checks read about the gateway running on an actor
 * system. Pekko Management instantiates route providers and health checks by class name with
 * only the actor system as argument; this extension is how they find the server.
 */
public final class GatewayRuntime implements Extension {

    /** The parts known once the NFS service is up. */
    public record Served(String nodeId, List<ExportConfig> exports, List<org.cephgw.fsal.Filesystem> backends, NfsService nfs,
                         PrometheusMeterRegistry prometheus) {
    }

    public static final ExtensionId<GatewayRuntime> ID = new ExtensionId<>() {
        @Override
        public GatewayRuntime createExtension(ActorSystem<?> system) {
            return new GatewayRuntime();
        }
    };

    private volatile Served served;
    private volatile InetSocketAddress nfsAddress;
    private volatile ActorRef<GraceParticipant.Command> grace;
    private volatile ActorRef<GraceWatcher.Command> graceWatcher;
    private volatile org.cephgw.actors.grace.GraceGate graceGate;
    private volatile boolean back;
    private volatile org.cephgw.gateway.head.VirtualIpNode virtualIp;
    private volatile org.cephgw.gateway.metrics.GatewayMetrics metrics;

    private GatewayRuntime() {
    }

    public static GatewayRuntime get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    public void served(Served s) {
        this.served = s;
    }

    /** Null until the NFS service is started. */
    public Served served() {
        return served;
    }

    /** The NFS listener is bound (null: not, or no longer). */
    public void nfsListening(InetSocketAddress address) {
        this.nfsAddress = address;
    }

    /** The head's grace participant, once started (before the NFS service). */
    public void grace(ActorRef<GraceParticipant.Command> participant) {
        this.grace = participant;
    }

    /** Null until the grace participant is started. */
    /** The node has been ready once (see ServingCheck): it stays so until it stops. */
    public void markBack() {
        back = true;
    }

    public boolean back() {
        return back;
    }

    /** The per-node head's grace gate (readiness reads its snapshot). */
    public void graceGate(org.cephgw.actors.grace.GraceGate gate) {
        this.graceGate = gate;
    }

    public org.cephgw.actors.grace.GraceGate graceGate() {
        return graceGate;
    }

    public ActorRef<GraceParticipant.Command> grace() {
        return grace;
    }

    /** The node's part of the virtual-IP mode (its heads, their directory). */
    public void virtualIp(org.cephgw.gateway.head.VirtualIpNode node) {
        this.virtualIp = node;
    }

    /** Null in per-node mode or before it is started. */
    public org.cephgw.gateway.head.VirtualIpNode virtualIp() {
        return virtualIp;
    }

    /** The proxy of the cluster's {@link GraceWatcher} singleton (cluster provider only). */
    public void graceWatcher(ActorRef<GraceWatcher.Command> proxy) {
        this.graceWatcher = proxy;
    }

    /** Null without a cluster (the participant watches the database itself) or before it is started. */
    public ActorRef<GraceWatcher.Command> graceWatcher() {
        return graceWatcher;
    }

    public InetSocketAddress nfsAddress() {
        return nfsAddress;
    }

    /** The gateway's metrics (see {@code GatewayMetrics#attach}). */
    public void metrics(org.cephgw.gateway.metrics.GatewayMetrics m) {
        this.metrics = m;
    }

    /** Null until attached (tests that start parts of a gateway without it). */
    public org.cephgw.gateway.metrics.GatewayMetrics metrics() {
        return metrics;
    }
}
