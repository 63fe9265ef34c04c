package org.cephgw.gateway.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cephgw.actors.grace.GraceGate;
import org.cephgw.actors.grace.GraceParticipant;
import org.cephgw.actors.grace.GraceSnapshot;
import org.cephgw.actors.grace.ReclaimGate;
import org.cephgw.actors.metrics.HeadStats;
import org.cephgw.persistence.grace.GraceState;

/**
 * The heads this node hosts (one in per-node mode; any number in virtual-IP mode, as sharding
 * places them) and what each publishes anyway: its grace gate's snapshot and database reading,
 * its client and session counts. Nothing here asks an actor or reads the grace database: the
 * gauges are refreshed from those published values just before each scrape ({@link #refresh}),
 * because the set of heads and of grace members changes while the gateway runs.
 */
public final class HeadMetrics {

    /** One hosted head; {@code stats} null until its NFS service runs. */
    private record Hosted(ReclaimGate gate, HeadStats stats) {
    }

    private final Map<String, Hosted> heads = new ConcurrentHashMap<>();
    private final MultiGauge clients;
    private final MultiGauge sessions;
    private final MultiGauge phase;
    private final MultiGauge inGrace;
    private final MultiGauge graceSeconds;
    private final MultiGauge memberFlags;
    private final MultiGauge epochs;

    public HeadMetrics(MeterRegistry registry) {
        Gauge.builder("cephgw_heads_hosted", heads, Map::size).strongReference(true)
                .description("NFS heads this node hosts (virtual-IP mode: as sharding placed them; per-node mode: 1)")
                .register(registry);
        clients = MultiGauge.builder("nfs_clients")
                .description("client ids confirmed (CREATE_SESSION) and not gone, per head").register(registry);
        sessions = MultiGauge.builder("nfs_sessions").description("NFSv4.1 sessions, per head").register(registry);
        phase = MultiGauge.builder("cephgw_grace_phase")
                .description("the head's grace phase: 0 joining, 1 enforcing-wait, 2 in-grace, 3 serving, 4 leaving")
                .register(registry);
        inGrace = MultiGauge.builder("cephgw_grace_in_grace")
                .description("1 while the head refuses new state (a grace period is in force), else 0").register(registry);
        graceSeconds = MultiGauge.builder("cephgw_grace_seconds")
                .description("seconds the head has been in its current grace period (0 out of grace)").register(registry);
        memberFlags = MultiGauge.builder("cephgw_grace_member_flags")
                .description("a grace database member's flag as the head last saw it: need_grace (N) or enforcing (E), 0/1")
                .register(registry);
        epochs = MultiGauge.builder("cephgw_grace_epoch")
                .description("the grace database's current (cur) and recovery (rec, 0 = no grace period) epoch as the head last saw it")
                .register(registry);
    }

    /**
     * Head {@code head} runs on this node (again): with its gate and, once its NFS service runs,
     * its counts. Replaces what was known of it.
     */
    public void hosted(String head, ReclaimGate gate, HeadStats stats) {
        heads.put(head, new Hosted(gate, stats));
    }

    /** Head {@code head} no longer runs here; ignored if it was started again meanwhile (another gate). */
    public void gone(String head, ReclaimGate gate) {
        heads.computeIfPresent(head, (h, was) -> was.gate() == gate ? null : was);
    }

    /** The number of heads hosted now. */
    public int hostedCount() {
        return heads.size();
    }

    /** Sets every gauge from what the heads published last; called before each scrape. */
    public synchronized void refresh() {
        List<MultiGauge.Row<?>> c = new ArrayList<>();
        List<MultiGauge.Row<?>> s = new ArrayList<>();
        List<MultiGauge.Row<?>> p = new ArrayList<>();
        List<MultiGauge.Row<?>> g = new ArrayList<>();
        List<MultiGauge.Row<?>> t = new ArrayList<>();
        List<MultiGauge.Row<?>> m = new ArrayList<>();
        List<MultiGauge.Row<?>> e = new ArrayList<>();
        heads.forEach((head, h) -> {
            Tags tags = Tags.of("head", head);
            if (h.stats() != null) {
                c.add(MultiGauge.Row.of(tags, h.stats().confirmedClients()));
                s.add(MultiGauge.Row.of(tags, h.stats().sessions()));
            }
            if (!(h.gate() instanceof GraceGate gate)) {
                return;
            }
            GraceSnapshot snap = gate.snapshot();
            p.add(MultiGauge.Row.of(tags, phaseValue(snap.phase())));
            g.add(MultiGauge.Row.of(tags, snap.inGrace() ? 1 : 0));
            t.add(MultiGauge.Row.of(tags, gate.timeInGrace().toNanos() / 1e9));
            GraceState db = gate.database();
            if (db != null) {
                e.add(MultiGauge.Row.of(tags.and("epoch", "cur"), (double) db.cur()));
                e.add(MultiGauge.Row.of(tags.and("epoch", "rec"), (double) db.rec()));
                db.members().forEach((member, flags) -> {
                    Tags mt = tags.and("member", member);
                    m.add(MultiGauge.Row.of(mt.and("flag", "need_grace"), flags.needsGrace() ? 1 : 0));
                    m.add(MultiGauge.Row.of(mt.and("flag", "enforcing"), flags.enforcing() ? 1 : 0));
                });
            }
        });
        // overwrite: the rows of a head or member that is gone disappear
        clients.register(c, true);
        sessions.register(s, true);
        phase.register(p, true);
        inGrace.register(g, true);
        graceSeconds.register(t, true);
        memberFlags.register(m, true);
        epochs.register(e, true);
    }

    /** The documented numeric value of a phase (docs/metrics.md); fixed, whatever the enum's order. */
    static int phaseValue(GraceParticipant.Phase phase) {
        return switch (phase) {
            case JOINING -> 0;
            case ENFORCING_WAIT -> 1;
            case IN_GRACE -> 2;
            case SERVING -> 3;
            case LEAVING -> 4;
        };
    }
}
