package org.cephgw.actors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.cephgw.actors.attr.IdMapper;
import org.cephgw.actors.callback.CallbackRouter;
import org.cephgw.actors.compound.CompoundExecutor;
import org.cephgw.actors.compound.NfsServices;
import org.cephgw.actors.fh.Exports;
import org.cephgw.actors.grace.GraceLink;
import org.cephgw.actors.io.IoPool;
import org.cephgw.actors.metrics.HeadStats;
import org.cephgw.actors.metrics.NfsObservers;
import org.cephgw.actors.state.ClientProtocol;
import org.cephgw.actors.state.ClientRegistry;
import org.cephgw.actors.state.IoViews;
import org.cephgw.actors.state.OpenFiles;
import org.cephgw.actors.state.DelegationCounts;
import org.cephgw.protocol.rpc.RpcCall;

/** Starts the NFSv4.1/4.2 service of one head on an actor system. */
public final class Nfs4Server implements NfsService {
    /** The dispatcher of the client, session and open-file actors. */
    public static final String STATE_DISPATCHER = "cephgw.state-dispatcher";

    private final ActorSystem<?> system;
    private final ActorRef<ClientRegistry.Command> clients;
    private final CompoundExecutor executor;
    private final Exports exports;
    private final ActorRef<CallbackRouter.Command> callbacks;
    private final HeadStats stats;

    private Nfs4Server(ActorSystem<?> system, ActorRef<ClientRegistry.Command> clients, CompoundExecutor executor,
                       Exports exports, ActorRef<CallbackRouter.Command> callbacks, HeadStats stats) {
        this.system = system;
        this.stats = stats;
        this.callbacks = callbacks;
        this.clients = clients;
        this.executor = executor;
        this.exports = exports;
    }

    /**
     * Spawns the head's actors (clients, sessions, open files, I/O workers) and returns the
     * service the connection streams call.
     */
    public static NfsService start(ActorSystem<?> system, NfsSettings settings, List<ExportSpec> exports) {
        return start(system, settings, exports, GraceLink.NONE);
    }

    /**
     * Like {@link #start(ActorSystem, NfsSettings, List)}, taking part in grace periods through
     * {@code grace}: its gate is asked before state is granted, its participant hears about clients.
     */
    public static NfsService start(ActorSystem<?> system, NfsSettings settings, List<ExportSpec> exports,
                                   GraceLink grace) {
        String head = "head-" + settings.headIndex();
        return start(system, new Spawner() {
            @Override
            public <T> ActorRef<T> spawn(org.apache.pekko.actor.typed.Behavior<T> behavior, String name, Props props) {
                return system.systemActorOf(behavior, head + "-" + name, props);
            }
        }, settings, exports, grace, IoPool.spawn(system, settings.ioWorkers()));
    }

    /**
     * The service of one head whose actors are children of {@code parent} (they stop with it, and
     * the same head can start again under another parent), on the node's shared I/O pool: a head
     * of the virtual-IP mode, several of which a node may host.
     */
    public static NfsService start(org.apache.pekko.actor.typed.javadsl.ActorContext<?> parent, NfsSettings settings,
                                   List<ExportSpec> exports, GraceLink grace, IoPool io) {
        return start(parent.getSystem(), new Spawner() {
            @Override
            public <T> ActorRef<T> spawn(org.apache.pekko.actor.typed.Behavior<T> behavior, String name, Props props) {
                return parent.spawn(behavior, name, props);
            }
        }, settings, exports, grace, io);
    }

    /** Where a head's actors are spawned. */
    private interface Spawner {
        <T> ActorRef<T> spawn(org.apache.pekko.actor.typed.Behavior<T> behavior, String name, Props props);
    }

    private static NfsService start(ActorSystem<?> system, Spawner spawner, NfsSettings settings, List<ExportSpec> exports,
                                    GraceLink grace, IoPool io) {
        Exports ex = new Exports(exports);
        long boot = System.currentTimeMillis();
        // all NFSv4 state actors share one dispatcher (see reference.conf): a message from one to
        // another is then taken up by the same warm thread instead of waking another
        Props state = DispatcherSelector.fromConfig(STATE_DISPATCHER);
        DelegationCounts delegationCounts = new DelegationCounts();
        IoViews ioViews = new IoViews();
        ActorRef<OpenFiles.Command> openFiles = spawner.spawn(OpenFiles.create(settings.leaseTime(), delegationCounts, ioViews),
                "files", state);
        ActorRef<CallbackRouter.Command> callbacks = spawner.spawn(CallbackRouter.create(), "callbacks", state);
        HeadStats stats = new HeadStats();
        ActorRef<ClientRegistry.Command> clients = spawner.spawn(
                ClientRegistry.create(settings.headIndex(), (int) (boot / 1000), settings.leaseTime(), openFiles, grace, stats),
                "clients", state);
        NfsServices svc = new NfsServices(system.scheduler(), clients, openFiles, io, ex,
                new IdMapper(settings.idmapDomain(), settings.numericOwners()), settings, grace, System.nanoTime() ^ boot,
                callbacks, delegationCounts, ioViews);
        return new Nfs4Server(system, clients, new CompoundExecutor(svc, NfsObservers.of(system)), ex, callbacks, stats);
    }

    @Override
    public CompletionStage<org.cephgw.protocol.xdr.XdrChain> compound(RpcCall call, Connection connection) {
        return executor.execute(call, connection);
    }

    @Override
    public void backchannelReply(byte[] record, Connection connection) {
        callbacks.tell(new CallbackRouter.Incoming(record, connection));
    }

    @Override
    public void connectionClosed(Connection connection) {
        // a session whose back channel rode on it must report the path down (SEQ4_STATUS_CB_PATH_DOWN_SESSION)
        executor.connectionClosed(connection);
        callbacks.tell(new CallbackRouter.ConnectionClosed(connection));
        clients.tell(new ClientRegistry.ConnectionClosed(connection));
    }

    @Override
    public CompletionStage<List<ClientSummary>> clients() {
        return AskPattern.<ClientRegistry.Command, List<ClientProtocol.ClientInfo>>ask(clients,
                        ClientRegistry.ListClients::new, Duration.ofSeconds(5), system.scheduler())
                .thenApply(infos -> {
                    List<ClientSummary> out = new ArrayList<>();
                    for (ClientProtocol.ClientInfo i : infos) {
                        out.add(new ClientSummary(Long.toHexString(i.clientId()), printable(i.ownerId()), i.address(),
                                i.confirmed(), i.sessions(), i.openStates(), i.lockStates(), i.leaseRemainingMillis()));
                    }
                    return out;
                });
    }

    @Override
    public HeadStats stats() {
        return stats;
    }

    @Override
    public int openBackendHandles() {
        int n = 0;
        for (ExportSpec e : exports.all()) {
            n += e.fs().openHandles();
        }
        return n;
    }

    private static String printable(byte[] b) {
        for (byte x : b) {
            if (x < 0x20 || x > 0x7e) {
                return "0x" + java.util.HexFormat.of().formatHex(b);
            }
        }
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
