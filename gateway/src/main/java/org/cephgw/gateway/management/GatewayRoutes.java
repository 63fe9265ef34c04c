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
import org.cephgw.actors.ClientSummary;
import org.cephgw.gateway.config.ExportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own management routes, next to Pekko Management's {@code /health/*} and
 * {@code /cluster/*}: {@code GET /clients}, {@code GET /exports}, {@code GET /metrics}.
 * Registered in cephgw-pekko.conf under {@code pekko.management.http.routes.cephgw}; Pekko
 * Management creates it with the actor system. All read-only.
 */
public final class GatewayRoutes implements ManagementRouteProvider {
    private static final Logger log = LoggerFactory.getLogger(GatewayRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CLIENTS_TIMEOUT_SECONDS = 10;

    private final GatewayRuntime runtime;

    public GatewayRoutes(ExtendedActorSystem system) {
        this.runtime = GatewayRuntime.get(Adapter.toTyped(system));
    }

    @Override
    public Route routes(ManagementRouteProviderSettings settings) {
        return get(() -> concat(
                path("clients", () -> completeWithFuture(clients())),
                path("exports", () -> complete(exports())),
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
