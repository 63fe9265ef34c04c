package org.cephgw.gateway.management;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.cephgw.actors.ClientSummary;
import org.cephgw.actors.grace.GraceEvent;
import org.cephgw.actors.grace.GraceParticipant;
import org.cephgw.actors.grace.GraceWatcher;
import org.cephgw.persistence.grace.GraceState;
import org.cephgw.gateway.config.ExportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own management routes, next to Pekko Management's {@code /health/*} and
 * {@code /cluster/*}: {@code GET /clients}, {@code GET /exports}, {@code GET /grace}, {@code GET /metrics}.
 * Registered in cephgw-pekko.conf under {@code pekko.management.http.routes.cephgw}; Pekko
 * Management creates it with the actor system. All read-only.
 */
public final class GatewayRoutes implements ManagementRouteProvider {
    private static final Logger log = LoggerFactory.getLogger(GatewayRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CLIENTS_TIMEOUT_SECONDS = 10;
    /** short: during a singleton hand-over the proxy holds the question until the new one runs */
    private static final java.time.Duration WATCHER_TIMEOUT = java.time.Duration.ofSeconds(2);

    private final GatewayRuntime runtime;
    private final org.apache.pekko.actor.typed.ActorSystem<?> system;

    public GatewayRoutes(ExtendedActorSystem system) {
        this.system = Adapter.toTyped(system);
        this.runtime = GatewayRuntime.get(this.system);
    }

    @Override
    public Route routes(ManagementRouteProviderSettings settings) {
        return get(() -> concat(
                path("clients", () -> completeWithFuture(runtime.virtualIp() != null ? clusterClients() : clients())),
                path("heads", () -> complete(heads())),
                path("exports", () -> complete(exports())),
                path("grace", () -> completeWithFuture(grace())),
                path(org.apache.pekko.http.javadsl.server.PathMatchers.segment("grace").slash("members"),
                        () -> completeWithFuture(membersRoute())),
                path("metrics", () -> complete(metrics()))));
    }

    private CompletionStage<HttpResponse> clients() {
        GatewayRuntime.Served s = runtime.served();
        if (s == null) {
            return java.util.concurrent.CompletableFuture.completedFuture(notStarted());
        }
        CompletionStage<List<ClientSummary>> list;
        try {
            list = s.nfs().clients();
        } catch (RuntimeException e) {
            list = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        return list.toCompletableFuture()
                .orTimeout(CLIENTS_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .handle((clients, err) -> {
                    if (err != null) {
                        log.warn("GET /clients failed", err);
                        return json(StatusCodes.SERVICE_UNAVAILABLE, Map.of("error", String.valueOf(err.getMessage())));
                    }
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("count", clients.size());
                    body.put("clients", clients);
                    return json(StatusCodes.OK, body);
                });
    }

    /**
     * Virtual-IP mode: every client of every head, asked of the heads wherever they run, with
     * its head and the node hosting it.
     */
    private CompletionStage<HttpResponse> clusterClients() {
        return runtime.virtualIp().clients(java.time.Duration.ofSeconds(CLIENTS_TIMEOUT_SECONDS - 2), system.scheduler())
                .toCompletableFuture().orTimeout(CLIENTS_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .handle((heads, err) -> {
                    if (err != null) {
                        log.warn("GET /clients failed", err);
                        return json(StatusCodes.SERVICE_UNAVAILABLE, Map.of("error", String.valueOf(err.getMessage())));
                    }
                    List<Map<String, Object>> clients = new ArrayList<>();
                    List<String> silent = new ArrayList<>();
                    for (org.cephgw.gateway.head.HeadEntity.HeadClients h : heads) {
                        if (h.node() == null) {
                            silent.add(h.head());
                            continue;
                        }
                        for (ClientSummary c : h.clients()) {
                            Map<String, Object> m = JSON.convertValue(c, LinkedHashMap.class);
                            m.put("head", h.head());
                            m.put("node", h.node());
                            clients.add(m);
                        }
                    }
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("count", clients.size());
                    body.put("clients", clients);
                    if (!silent.isEmpty()) {
                        body.put("headsNotAnswering", silent);
                    }
                    return json(StatusCodes.OK, body);
                });
    }

    /**
     * Every head, the node hosting it and its phase: in virtual-IP mode as this node's directory
     * last heard from the heads; in per-node mode this node's one head.
     */
    private HttpResponse heads() {
        org.cephgw.gateway.head.VirtualIpNode vip = runtime.virtualIp();
        List<Map<String, Object>> out = new ArrayList<>();
        if (vip != null) {
            for (org.cephgw.gateway.head.HeadDirectory.HeadStatus h : vip.heads()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("head", h.head());
                m.put("index", h.index());
                m.put("node", h.node());
                m.put("phase", h.phase());
                m.put("grace", h.grace());
                m.put("inGrace", h.inGrace());
                m.put("reclaiming", h.reclaiming());
                m.put("since", java.time.Instant.ofEpochMilli(h.sinceMillis()).toString());
                out.add(m);
            }
        } else {
            GatewayRuntime.Served s = runtime.served();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("head", s != null ? s.nodeId() : null);
            m.put("node", org.cephgw.gateway.config.ConfigLoader.isClusterProvider(system.settings().config())
                    ? org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system)).selfAddress().toString()
                    : system.address().toString());
            m.put("phase", s != null ? "serving" : "starting");
            out.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mode", vip != null ? "virtual-ip" : "per-node");
        body.put("count", out.size());
        body.put("heads", out);
        return json(StatusCodes.OK, body);
    }

    /**
     * This head in the grace protocol: the database (epochs, members and their N/E flags, the
     * {@code ganesha-rados-grace dump} text), the head's state, its allow-list and reclaims; in a
     * cluster also the {@link GraceWatcher} singleton: where it runs and what it published last.
     */
    private CompletionStage<HttpResponse> grace() {
        org.apache.pekko.actor.typed.ActorRef<GraceParticipant.Command> p = runtime.grace();
        if (p == null) {
            return java.util.concurrent.CompletableFuture.completedFuture(
                    json(StatusCodes.SERVICE_UNAVAILABLE, Map.of("error", "the grace participant is not started")));
        }
        CompletionStage<GraceParticipant.Status> status;
        try {
            status = AskPattern.ask(p, GraceParticipant.GetStatus::new, java.time.Duration.ofSeconds(CLIENTS_TIMEOUT_SECONDS),
                    system.scheduler());
        } catch (RuntimeException e) {
            status = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        CompletionStage<Object> watcher = watcher();
        CompletionStage<Object> members = members();
        return status.thenCombine(watcher, (st, w) -> {
            Map<String, Object> body = graceBody(st);
            if (w != null) {
                body.put("watcher", w);
            }
            return body;
        }).thenCombine(members, (body, m) -> {
            if (m != null) {
                body.put("cluster", m);
            }
            return json(StatusCodes.OK, body);
        }).exceptionally(err -> json(StatusCodes.SERVICE_UNAVAILABLE,
                Map.of("error", String.valueOf(err.getCause() != null ? err.getCause().getMessage() : err.getMessage()))));
    }

    /** The singleton's status, or an error object when it does not answer in time; null without a cluster. */
    private CompletionStage<Object> watcher() {
        return askWatcher(GraceWatcher.GetStatus::new, GatewayRoutes::watcherBody);
    }

    /**
     * Asks the {@link GraceWatcher} singleton wherever it runs: the answer's body, an error object
     * when it does not answer within 2 s (e.g. while it moves), or null without a cluster.
     */
    private <T> CompletionStage<Object> askWatcher(
            org.apache.pekko.japi.function.Function<org.apache.pekko.actor.typed.ActorRef<T>, GraceWatcher.Command> question,
            java.util.function.Function<T, Object> body) {
        org.apache.pekko.actor.typed.ActorRef<GraceWatcher.Command> w = runtime.graceWatcher();
        if (w == null) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        CompletionStage<T> s;
        try {
            s = AskPattern.ask(w, question, WATCHER_TIMEOUT, system.scheduler());
        } catch (RuntimeException e) {
            s = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        return s.handle((st, err) -> err != null
                ? Map.of("error", "the grace watcher singleton did not answer: " + err.getMessage())
                : body.apply(st));
    }

    /**
     * {@code GET /grace/members}, from any node in either mode: every member of the grace database,
     * whether it is a head of this cluster and alive, and why the cluster is (not) in grace.
     */
    private CompletionStage<HttpResponse> membersRoute() {
        return members().thenApply(m -> m == null
                ? json(StatusCodes.SERVICE_UNAVAILABLE, Map.of("error", "no cluster: membership is not managed"))
                : json(StatusCodes.OK, m));
    }

    /** The janitor's view through the watcher singleton, an error object, or null without a cluster. */
    private CompletionStage<Object> members() {
        return askWatcher(GraceWatcher.GetMembership::new, GatewayRoutes::membersBody);
    }

    static Map<String, Object> membersBody(org.cephgw.actors.grace.Departures.View v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cur", unsigned(v.cur()));
        m.put("rec", unsigned(v.rec()));
        m.put("why", v.why());
        List<Map<String, Object>> members = new java.util.ArrayList<>();
        for (org.cephgw.actors.grace.Departures.Member x : v.members()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", x.name());
            e.put("needsGrace", x.needsGrace());
            e.put("enforcing", x.enforcing());
            e.put("ofThisCluster", x.ours());
            e.put("alive", x.alive());
            if (x.node() != null) {
                e.put("node", x.node());
            }
            if (x.awaySeconds() >= 0) {
                e.put("awaySeconds", x.awaySeconds());
                e.put("removedInSeconds", x.removeInSeconds());
            }
            members.add(e);
        }
        m.put("members", members);
        return m;
    }

    static Map<String, Object> watcherBody(GraceWatcher.Status st) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", st.node());
        m.put("watching", st.watching());
        if (st.lastPublished() != null) {
            m.put("lastPublished", eventBody(st.lastPublished()));
        }
        if (st.lastError() != null) {
            m.put("lastError", st.lastError());
        }
        return m;
    }

    private static Map<String, Object> eventBody(GraceEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("publisher", e.publisher());
        m.put("seq", e.seq());
        m.put("cur", unsigned(e.cur()));
        m.put("rec", unsigned(e.rec()));
        return m;
    }

    static Map<String, Object> graceBody(GraceParticipant.Status st) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nodeId", st.nodeId());
        body.put("store", st.store());
        body.put("state", st.phase().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        body.put("inGrace", st.inGrace());
        GraceState db = st.database();
        if (db != null) {
            body.put("cur", unsigned(db.cur()));
            body.put("rec", unsigned(db.rec()));
            List<Map<String, Object>> members = new ArrayList<>();
            db.members().forEach((node, flags) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("node", node);
                m.put("flags", flags.render().trim());
                m.put("needsGrace", flags.needsGrace());
                m.put("enforcing", flags.enforcing());
                members.add(m);
            });
            body.put("members", members);
            body.put("dump", db.dump());
        }
        body.put("recordEpoch", unsigned(st.recordEpoch()));
        body.put("reclaimEpoch", unsigned(st.graceRec()));
        body.put("allowListSize", st.allowListSize());
        body.put("reclaimCompleted", st.completed());
        Map<String, Object> reclaims = new LinkedHashMap<>();
        reclaims.put("opens", st.reclaimedOpens());
        reclaims.put("locks", st.reclaimedLocks());
        body.put("reclaims", reclaims);
        body.put("recordedClients", st.recordedClients());
        body.put("liftedLocally", st.liftedLocally());
        if (st.lastError() != null) {
            body.put("lastError", st.lastError());
        }
        if (st.lastEvent() != null) {
            // what this head last heard from the singleton (cluster only)
            body.put("lastEvent", eventBody(st.lastEvent()));
        }
        return body;
    }

    private static java.math.BigInteger unsigned(long v) {
        return new java.math.BigInteger(Long.toUnsignedString(v));
    }

    private HttpResponse exports() {
        GatewayRuntime.Served s = runtime.served();
        if (s == null) {
            return notStarted();
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < s.exports().size(); i++) {
            ExportConfig e = s.exports().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("pseudo", e.pseudo());
            m.put("path", e.path().toString());
            m.put("backend", e.backend());
            m.put("access", e.readOnly() ? "ro" : "rw");
            m.put("squash", e.squash().name().toLowerCase(Locale.ROOT));
            m.put("anonUid", Integer.toUnsignedLong(e.anonUid()));
            m.put("anonGid", Integer.toUnsignedLong(e.anonGid()));
            m.put("clients", e.clients().specs());
            // back-end files open right now (CephFS: Fh): 0 once every client has closed (leak check)
            m.put("openHandles", s.backends().get(i).openHandles());
            list.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nodeId", s.nodeId());
        body.put("count", list.size());
        body.put("exports", list);
        return json(StatusCodes.OK, body);
    }

    private HttpResponse metrics() {
        GatewayRuntime.Served s = runtime.served();
        if (s == null) {
            return notStarted();
        }
        org.cephgw.gateway.metrics.GatewayMetrics m = runtime.metrics();
        if (m != null) {
            m.refresh();
        }
        // text exposition format 0.0.4, which Prometheus reads as text/plain
        return HttpResponse.create().withStatus(StatusCodes.OK)
                .withEntity(ContentTypes.TEXT_PLAIN_UTF8, s.prometheus().scrape());
    }

    private static HttpResponse notStarted() {
        return json(StatusCodes.SERVICE_UNAVAILABLE, Map.of("error", "the NFS service is not started"));
    }

    static HttpResponse json(StatusCode status, Object body) {
        try {
            return HttpResponse.create().withStatus(status)
                    .withEntity(ContentTypes.APPLICATION_JSON, JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            log.error("cannot render JSON", e);
            return HttpResponse.create().withStatus(StatusCodes.INTERNAL_SERVER_ERROR);
        }
    }
}
