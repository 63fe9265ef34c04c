package org.cephgw.gateway.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.cephgw.actors.ExportSpec;
import org.cephgw.actors.NfsSettings;
import org.cephgw.fsal.local.LocalOptions;

/**
 * Everything under {@code gateway { }}, validated. Built by {@link #parse}, which reports every
 * problem at once, each prefixed with its full key. Defaults live in the gateway's
 * {@code reference.conf}; docs/configuration.md describes every key.
 *
 * @param nodeId          this node's name; in per-node mode also its head's (grace database member);
 *                        default: the host name
 * @param headIndex       0..255, first byte of issued clientids/sessionids (per-node mode)
 * @param logLevel        level of the org.cephgw loggers
 * @param nfs             the NFS listener
 * @param leaseTime       NFSv4 lease
 * @param graceTime       longest grace period
 * @param ioWorkers       I/O worker actors
 * @param maxOperations   most operations per COMPOUND
 * @param maxSessionSlots most slots per session
 * @param idmapDomain     NFSv4 id-mapping domain
 * @param numericOwners   owners as numeric strings
 * @param exports         at least one
 * @param managementEnabled start Pekko Management HTTP
 * @param cluster         how the node joins its Pekko cluster ({@code gateway.cluster}: self-join,
 *                        seed nodes or Cluster Bootstrap; join timeout)
 * @param stateDir        what must survive restarts (handle secrets, the local grace store)
 * @param grace           the grace and recovery databases
 * @param heads           which NFS heads the cluster runs ({@code gateway.mode}, {@code gateway.virtual-ip})
 * @param warnings        things worth a log line that do not stop the start (unknown keys)
 */
public record GatewayConfig(String nodeId, int headIndex, String logLevel, Nfs nfs, Duration leaseTime,
                            Duration graceTime, int ioWorkers, int maxOperations, int maxSessionSlots,
                            String idmapDomain, boolean numericOwners, List<ExportConfig> exports,
                            boolean managementEnabled, ClusterConfig cluster, Path stateDir, GraceConfig grace,
                            HeadsConfig heads, List<String> warnings) {

    /**
     * The NFS TCP listener.
     *
     * @param bind                 address to listen on
     * @param port                 TCP port (0: any free port, for tests)
     * @param maxRecordSize        largest RPC record accepted; a larger one closes the connection
     * @param maxInFlight          COMPOUNDs executing at once per connection (back-pressure beyond)
     * @param backchannelQueueSize back-channel records waiting to be written per connection
     * @param backlog              TCP accept backlog
     * @param ioThreads            threads reading and writing the connections (each with its own selector)
     * @param drainTimeout         at a stop, how long the calls under way may take to finish; what is
     *                             still running then gets no answer (the client sends it again)
     */
    public record Nfs(String bind, int port, int maxRecordSize, int maxInFlight, int backchannelQueueSize,
                      int backlog, int ioThreads, Duration drainTimeout) {
    }

    private static final Set<String> GATEWAY_KEYS = Set.of("node-id", "head-index", "log-level", "nfs",
            "lease-time", "grace-time", "io-workers", "max-operations", "max-session-slots", "idmap",
            "exports", "export-defaults", "management", "cluster", "state-dir", "grace", "mode", "virtual-ip");
    private static final Set<String> GRACE_KEYS = Set.of("store", "poll-interval", "safety-poll-interval", "rados", "add-self",
            "remove-departed-after");
    private static final Set<String> GRACE_RADOS_KEYS = Set.of("conf", "user", "keyring", "key", "pool", "namespace", "oid");
    private static final Set<String> EXPORT_KEYS = Set.of("id", "path", "pseudo", "access", "squash",
            "anon-uid", "anon-gid", "clients", "backend", "create-if-missing", "handle-secret", "ceph", "delegations",
            "readdir-attributes-max-age");
    private static final Set<String> BACKENDS = Set.of("local", "cephfs");
    private static final Set<String> CEPH_KEYS = Set.of("conf", "user", "keyring", "key", "fs", "mount-timeout");
    private static final Set<String> LOG_LEVELS = Set.of("OFF", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL");

    /** What a forwarded COMPOUND's remoting message adds to the record (actor paths, addresses, serialization). */
    static final int FORWARD_ENVELOPE_BYTES = 64 * 1024;

    public GatewayConfig {
        exports = List.copyOf(exports);
        warnings = List.copyOf(warnings);
    }

    /**
     * With the cluster provider and no seed nodes, form a one-node cluster ({@code
     * gateway.cluster.self-join}); never with Cluster Bootstrap, which decides who forms the cluster.
     */
    public boolean selfJoin() {
        return cluster.selfJoin() && !cluster.bootstrap();
    }

    /** The settings the NFS layer takes. */
    public NfsSettings nfsSettings() {
        // ca_maxrequestsize counts the whole RPC message without record marking: the record size
        return new NfsSettings(nodeId, headIndex, leaseTime, graceTime, nfs.maxRecordSize(), nfs.maxRecordSize(),
                maxOperations, maxSessionSlots, ioWorkers, idmapDomain, numericOwners);
    }

    /** A copy with other exports (the {@code --export} flag). */
    public GatewayConfig withExports(List<ExportConfig> other) {
        return new GatewayConfig(nodeId, headIndex, logLevel, nfs, leaseTime, graceTime, ioWorkers, maxOperations,
                maxSessionSlots, idmapDomain, numericOwners, other, managementEnabled, cluster, stateDir, grace, heads,
                warnings);
    }

    /** Parses {@code config} (resolved, with reference defaults); relative export paths resolve against the working directory. */
    public static GatewayConfig parse(Config config) {
        return parse(config, Path.of("").toAbsolutePath());
    }

    /**
     * Parses {@code config}.
     *
     * @param baseDir what relative export paths are relative to
     * @throws GatewayConfigException listing every problem
     */
    public static GatewayConfig parse(Config config, Path baseDir) {
        Reader r = new Reader();
        if (!config.hasPath("gateway")) {
            throw new GatewayConfigException("gateway: missing (is the gateway's reference.conf on the class path?)");
        }
        Config g;
        try {
            g = config.getConfig("gateway");
        } catch (ConfigException e) {
            throw new GatewayConfigException("gateway: must be an object");
        }
        List<String> warnings = new ArrayList<>();
        for (String k : g.root().keySet()) {
            if (!GATEWAY_KEYS.contains(k)) {
                warnings.add("gateway." + k + ": unknown key, ignored");
            }
        }

        String nodeId = r.string(g, "node-id", "gateway.node-id", "");
        if (nodeId != null) {
            if (nodeId.isEmpty()) {
                nodeId = hostName();
            }
            if (nodeId.getBytes(StandardCharsets.UTF_8).length > 255) {
                r.problem("gateway.node-id", "longer than 255 bytes");
            } else if (!nodeId.codePoints().allMatch(cp -> cp > 0x20 && cp != 0x7f)) {
                r.problem("gateway.node-id", "must not contain spaces or control characters, got \"" + nodeId + "\"");
            } else if (nodeId.indexOf('/') >= 0) {
                r.problem("gateway.node-id", "must not contain '/' (it names the recovery database files), got \"" + nodeId + "\"");
            }
        }
        int headIndex = r.intIn(g, "head-index", "gateway.head-index", 0, 255);
        String logLevel = r.string(g, "log-level", "gateway.log-level", "INFO");
        if (logLevel != null) {
            logLevel = logLevel.toUpperCase(Locale.ROOT);
            if (!LOG_LEVELS.contains(logLevel)) {
                r.problem("gateway.log-level", "must be one of OFF, ERROR, WARN, INFO, DEBUG, TRACE, got \"" + logLevel + "\"");
            }
        }

        String bind = r.string(g, "nfs.bind", "gateway.nfs.bind", null);
        if (bind != null && !isValidBindAddress(bind)) {
            r.problem("gateway.nfs.bind", "\"" + bind + "\" is neither an IP address nor a resolvable host name");
        }
        int port = r.intIn(g, "nfs.port", "gateway.nfs.port", 0, 65535);
        int maxRecord = r.bytesIn(g, "nfs.max-record-size", "gateway.nfs.max-record-size", 4096, 1 << 30);
        int maxInFlight = r.intIn(g, "nfs.max-in-flight-per-connection", "gateway.nfs.max-in-flight-per-connection", 1, 4096);
        int bcQueue = r.intIn(g, "nfs.backchannel-queue-size", "gateway.nfs.backchannel-queue-size", 1, 65536);
        int backlog = r.intIn(g, "nfs.tcp-backlog", "gateway.nfs.tcp-backlog", 1, 65535);
        int ioThreads = r.intIn(g, "nfs.io-threads", "gateway.nfs.io-threads", 1, 64);
        Duration drain = r.durationIn(g, "nfs.drain-timeout", "gateway.nfs.drain-timeout", Duration.ZERO, Duration.ofMinutes(10));

        Duration lease = r.durationIn(g, "lease-time", "gateway.lease-time", Duration.ofSeconds(1), Duration.ofHours(1));
        Duration grace = r.durationIn(g, "grace-time", "gateway.grace-time", Duration.ofSeconds(1), Duration.ofHours(1));
        if (lease != null && grace != null && grace.compareTo(lease) < 0) {
            // RFC 8881 §8.4.2.1: a grace period shorter than the lease lets a client's state be
            // taken before it could possibly have renewed and reclaimed it
            r.problem("gateway.grace-time", "must be at least gateway.lease-time (" + human(lease) + "), got " + human(grace));
        }
        int ioWorkers = r.intIn(g, "io-workers", "gateway.io-workers", 1, 4096);
        int maxOps = r.intIn(g, "max-operations", "gateway.max-operations", 2, 4096);
        int maxSlots = r.intIn(g, "max-session-slots", "gateway.max-session-slots", 1, 4096);
        String domain = r.string(g, "idmap.domain", "gateway.idmap.domain", null);
        if (domain != null && (domain.isBlank() || domain.contains("@") || domain.chars().anyMatch(Character::isWhitespace))) {
            r.problem("gateway.idmap.domain", "must be a domain name without spaces or \"@\", got \"" + domain + "\"");
        }
        boolean numeric = r.bool(g, "idmap.numeric-owners", "gateway.idmap.numeric-owners");
        boolean management = r.bool(g, "management.enabled", "gateway.management.enabled");
        ClusterConfig cluster = ClusterConfig.parse(r, config, g, management);
        if (config.hasPath("pekko.management.http.port")) {
            r.intIn(config, "pekko.management.http.port", "pekko.management.http.port", 0, 65535);
        }

        String stateDirStr = r.string(g, "state-dir", "gateway.state-dir", "./cephgw-state");
        Path stateDir = baseDir.resolve("cephgw-state");
        if (stateDirStr != null) {
            try {
                stateDir = baseDir.resolve(stateDirStr).toAbsolutePath().normalize();
            } catch (InvalidPathException ex) {
                r.problem("gateway.state-dir", "not a valid path: " + ex.getMessage());
            }
        }
        List<ExportConfig> exports = parseExports(r, g, baseDir, stateDir);
        GraceConfig graceStore = parseGrace(r, g, baseDir, grace);
        HeadsConfig heads = HeadsConfig.parse(r, config, g, nodeId, headIndex, warnings);
        String frameKey = "pekko.remote.artery.advanced.maximum-frame-size";
        if (heads != null && heads.virtualIp() && maxRecord > 0 && config.hasPath(frameKey)) {
            // a forwarded COMPOUND (or its reply) travels whole in one remoting message, with room for its envelope
            long frame = config.getBytes(frameKey);
            if (maxRecord + FORWARD_ENVELOPE_BYTES > frame) {
                r.problem("gateway.nfs.max-record-size", "in virtual-IP mode records are forwarded between nodes whole: "
                        + maxRecord + " bytes need " + frameKey + " of at least " + (maxRecord + FORWARD_ENVELOPE_BYTES)
                        + ", it is " + frame);
            }
        }
        r.throwIfAny();
        return new GatewayConfig(nodeId, headIndex, logLevel, new Nfs(bind, port, maxRecord, maxInFlight, bcQueue, backlog, ioThreads, drain),
                lease, grace, ioWorkers, maxOps, maxSlots, domain, numeric, exports, management, cluster, stateDir,
                graceStore, heads, warnings);
    }

    /** {@code gateway.grace { store, poll-interval, rados { } }}. */
    private static GraceConfig parseGrace(Reader r, Config g, Path baseDir, Duration graceTime) {
        Duration defaultRemoval = graceTime == null ? Duration.ofSeconds(90) : graceTime;
        if (!g.hasPath("grace")) {
            return new GraceConfig(GraceConfig.LOCAL, Duration.ofSeconds(5), null, GraceConfig.DEFAULT_SAFETY_POLL, true,
                    defaultRemoval);
        }
        Config c;
        try {
            c = g.getConfig("grace");
        } catch (ConfigException e) {
            r.problem("gateway.grace", "must be an object");
            return null;
        }
        for (String key : new TreeSet<>(c.root().keySet())) {
            if (!GRACE_KEYS.contains(key)) {
                r.problem("gateway.grace." + key, "unknown key; known keys are " + String.join(", ", new TreeSet<>(GRACE_KEYS)));
            }
        }
        String store = r.string(c, "store", "gateway.grace.store", GraceConfig.LOCAL);
        if (store != null && !store.equals(GraceConfig.LOCAL) && !store.equals(GraceConfig.RADOS)) {
            r.problem("gateway.grace.store", "must be \"local\" or \"rados\", got \"" + store + "\"");
        }
        Duration poll = c.hasPath("poll-interval")
                ? r.durationIn(c, "poll-interval", "gateway.grace.poll-interval", Duration.ofMillis(100), Duration.ofMinutes(10))
                : Duration.ofSeconds(5);
        Duration safetyPoll = c.hasPath("safety-poll-interval")
                ? r.durationIn(c, "safety-poll-interval", "gateway.grace.safety-poll-interval", Duration.ofMillis(100),
                        Duration.ofHours(1))
                : GraceConfig.DEFAULT_SAFETY_POLL;
        GraceConfig.Rados rados = null;
        Config rc = null;
        if (c.hasPath("rados")) {
            try {
                rc = c.getConfig("rados");
            } catch (ConfigException e) {
                r.problem("gateway.grace.rados", "must be an object");
            }
        }
        if (rc != null) {
            for (String key : new TreeSet<>(rc.root().keySet())) {
                if (!GRACE_RADOS_KEYS.contains(key)) {
                    r.problem("gateway.grace.rados." + key, "unknown key; known keys are "
                            + String.join(", ", new TreeSet<>(GRACE_RADOS_KEYS)));
                }
            }
        }
        if (GraceConfig.RADOS.equals(store)) {
            Config rr = rc == null ? ConfigFactory.empty() : rc;
            String k = "gateway.grace.rados";
            Path conf = graceFile(r, rr, "conf", k, baseDir);
            Path keyring = graceFile(r, rr, "keyring", k, baseDir);
            String user = rr.hasPath("user") ? r.string(rr, "user", k + ".user", null) : null;
            if (user != null && (user.isBlank() || user.startsWith("client."))) {
                r.problem(k + ".user", "the cephx id without \"client.\" (e.g. \"cephgw\"), got \"" + user + "\"");
            }
            String key = rr.hasPath("key") ? r.string(rr, "key", k + ".key", null) : null;
            if (key != null && keyring != null) {
                r.problem(k + ".key", "give keyring or key, not both");
            }
            String pool = r.string(rr, "pool", k + ".pool", "nfs-ganesha");
            if (pool != null && pool.isBlank()) {
                r.problem(k + ".pool", "must not be empty");
            }
            String ns = r.string(rr, "namespace", k + ".namespace", "");
            String oid = r.string(rr, "oid", k + ".oid", "grace");
            if (oid != null && oid.isBlank()) {
                r.problem(k + ".oid", "must not be empty");
            }
            rados = new GraceConfig.Rados(conf, user, keyring, key, pool, ns, oid);
        }
        boolean addSelf = !c.hasPath("add-self") || r.bool(c, "add-self", "gateway.grace.add-self");
        Duration removeAfter = c.hasPath("remove-departed-after")
                ? r.durationIn(c, "remove-departed-after", "gateway.grace.remove-departed-after", Duration.ofSeconds(1),
                        Duration.ofDays(365))
                : defaultRemoval;
        return new GraceConfig(store, poll, rados, safetyPoll, addSelf, removeAfter);
    }

    private static Path graceFile(Reader r, Config c, String name, String k, Path baseDir) {
        if (!c.hasPath(name)) {
            return null;
        }
        String s = r.string(c, name, k + "." + name, null);
        if (s == null) {
            return null;
        }
        Path p = baseDir.resolve(s).toAbsolutePath().normalize();
        if (!Files.isReadable(p) || !Files.isRegularFile(p)) {
            r.problem(k + "." + name, p + " does not exist or is not a readable file");
        }
        return p;
    }

    private static List<ExportConfig> parseExports(Reader r, Config g, Path baseDir, Path stateDir) {
        List<ExportConfig> out = new ArrayList<>();
        Config defaults = ConfigFactory.empty();
        if (g.hasPath("export-defaults")) {
            try {
                defaults = g.getConfig("export-defaults");
                for (String key : new TreeSet<>(defaults.root().keySet())) {
                    if (!EXPORT_KEYS.contains(key) || key.equals("id") || key.equals("path") || key.equals("pseudo")) {
                        r.problem("gateway.export-defaults." + key, "unknown key; known keys are access, anon-gid, anon-uid,"
                                + " backend, ceph, clients, create-if-missing, delegations, handle-secret, readdir-attributes-max-age, squash");
                    }
                }
            } catch (ConfigException e) {
                r.problem("gateway.export-defaults", "must be an object");
            }
        }
        if (!g.hasPath("exports")) {
            r.problem("gateway.exports", "missing: at least one export is needed");
            return out;
        }
        ConfigValue v = g.getValue("exports");
        if (v.valueType() != ConfigValueType.LIST) {
            r.problem("gateway.exports", "must be a list of objects, got " + describe(v));
            return out;
        }
        ConfigList list = (ConfigList) v;
        if (list.isEmpty()) {
            r.problem("gateway.exports", "must not be empty: at least one export is needed");
        }
        Map<Integer, Integer> ids = new HashMap<>();
        Map<String, Integer> pseudos = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String k = "gateway.exports[" + i + "]";
            ConfigValue ev = list.get(i);
            if (ev.valueType() != ConfigValueType.OBJECT) {
                r.problem(k, "must be an object, got " + describe(ev));
                continue;
            }
            ConfigObject obj = (ConfigObject) ev;
            for (String key : new TreeSet<>(obj.keySet())) {
                if (!EXPORT_KEYS.contains(key)) {
                    r.problem(k + "." + key, "unknown key; known keys are " + String.join(", ", new TreeSet<>(EXPORT_KEYS)));
                }
            }
            Config e = obj.toConfig().withFallback(defaults);
            int before = r.count();
            Integer id = e.hasPath("id") ? r.intIn(e, "id", k + ".id", 1, 65535) : r.missing(k + ".id", 0);
            String pathStr = e.hasPath("path") ? r.string(e, "path", k + ".path", null) : r.missing(k + ".path", null);
            String pseudo = e.hasPath("pseudo") ? r.string(e, "pseudo", k + ".pseudo", null) : "/";
            if (pseudo != null) {
                String norm = normalisePseudo(pseudo);
                if (norm == null) {
                    r.problem(k + ".pseudo", "must be an absolute path without empty, \".\" or \"..\" components, got \"" + pseudo + "\"");
                }
                pseudo = norm;
            }
            String access = r.string(e, "access", k + ".access", "rw");
            if (access != null && !access.equals("rw") && !access.equals("ro")) {
                r.problem(k + ".access", "must be \"rw\" or \"ro\", got \"" + access + "\"");
            }
            String squashStr = r.string(e, "squash", k + ".squash", "root");
            ExportSpec.Squash squash = null;
            if (squashStr != null) {
                switch (squashStr) {
                    case "root" -> squash = ExportSpec.Squash.ROOT;
                    case "none" -> squash = ExportSpec.Squash.NONE;
                    case "all" -> squash = ExportSpec.Squash.ALL;
                    default -> r.problem(k + ".squash", "must be \"root\", \"none\" or \"all\", got \"" + squashStr + "\"");
                }
            }
            Long anonUid = r.longIn(e, "anon-uid", k + ".anon-uid", 0, 0xFFFF_FFFEL, 65534L);
            Long anonGid = r.longIn(e, "anon-gid", k + ".anon-gid", 0, 0xFFFF_FFFEL, 65534L);
            ClientMatcher clients = null;
            if (e.hasPath("clients")) {
                List<String> specs = r.stringList(e, "clients", k + ".clients");
                if (specs != null) {
                    if (specs.isEmpty()) {
                        r.problem(k + ".clients", "must not be empty (use [\"0.0.0.0/0\", \"::/0\"] for everyone)");
                    } else {
                        try {
                            clients = ClientMatcher.parse(specs);
                        } catch (IllegalArgumentException ex) {
                            r.problem(k + ".clients", ex.getMessage());
                        }
                    }
                }
            } else {
                clients = ClientMatcher.any();
            }
            String backend = r.string(e, "backend", k + ".backend", "local");
            if (backend != null && !BACKENDS.contains(backend)) {
                r.problem(k + ".backend", "must be one of " + String.join(", ", new TreeSet<>(BACKENDS)) + ", got \"" + backend + "\"");
            }
            boolean create = e.hasPath("create-if-missing") ? r.bool(e, "create-if-missing", k + ".create-if-missing") : false;
            String secret = e.hasPath("handle-secret") ? r.string(e, "handle-secret", k + ".handle-secret", null) : null;
            if (secret != null && secret.length() < 16) {
                r.problem(k + ".handle-secret", "must be at least 16 characters (it keys the file handles' MACs)");
            }
            // a delegation must be recalled on every conflicting access; over CephFS other heads and
            // CephFS clients access the files without this head seeing it
            boolean delegations = e.hasPath("delegations") ? r.bool(e, "delegations", k + ".delegations")
                    : !"cephfs".equals(backend);
            if (delegations && "cephfs".equals(backend)) {
                r.problem(k + ".delegations", "not supported with backend = \"cephfs\" (other heads and CephFS clients"
                        + " could not recall them); set false");
            }
            // libcephfs keeps attributes under capabilities of its own: only the local back end has this cache
            Duration readdirMaxAge = LocalOptions.DEFAULT_READDIR_ATTRIBUTES_MAX_AGE;
            if (e.hasPath("readdir-attributes-max-age")) {
                if ("cephfs".equals(backend)) {
                    r.problem(k + ".readdir-attributes-max-age", "only for backend = \"local\"");
                } else {
                    readdirMaxAge = r.durationIn(e, "readdir-attributes-max-age", k + ".readdir-attributes-max-age",
                            Duration.ZERO, Duration.ofMinutes(10));
                }
            }
            Path path = null;
            CephConfig ceph = null;
            if ("cephfs".equals(backend)) {
                // the path is a directory inside CephFS, not on this machine
                if (pathStr != null && !pathStr.startsWith("/")) {
                    r.problem(k + ".path", "must be an absolute path inside CephFS, got \"" + pathStr + "\"");
                } else if (pathStr != null) {
                    path = Path.of(pathStr).normalize();
                }
                ceph = parseCeph(r, e, k, baseDir);
            } else if (e.hasPath("ceph")) {
                r.problem(k + ".ceph", "only for backend = \"cephfs\"");
            }
            if (pathStr != null && !"cephfs".equals(backend)) {
                if (pathStr.isBlank()) {
                    r.problem(k + ".path", "must not be empty");
                } else {
                    try {
                        path = baseDir.resolve(pathStr).toAbsolutePath().normalize();
                    } catch (InvalidPathException ex) {
                        r.problem(k + ".path", "not a valid path: " + ex.getMessage());
                    }
                }
            }
            if (path != null && "local".equals(backend)) {
                if (Files.exists(path)) {
                    if (!Files.isDirectory(path)) {
                        r.problem(k + ".path", path + " is not a directory");
                    }
                } else if (!create) {
                    r.problem(k + ".path", path + " does not exist (create it, or set create-if-missing = true)");
                }
            }
            if (id != null && id > 0) {
                Integer prev = ids.putIfAbsent(id, i);
                if (prev != null) {
                    r.problem(k + ".id", "export id " + id + " is already used by gateway.exports[" + prev + "]");
                }
            }
            if (pseudo != null) {
                Integer prev = pseudos.putIfAbsent(pseudo, i);
                if (prev != null) {
                    r.problem(k + ".pseudo", "pseudo path \"" + pseudo + "\" is already used by gateway.exports[" + prev + "]");
                }
            }
            if (r.count() == before) {
                // without a configured secret, one is generated once and kept in the state directory
                Path secretFile = secret == null ? stateDir.resolve("export-" + id + ".handle-secret") : null;
                out.add(new ExportConfig(id, path, pseudo, "ro".equals(access), squash, (int) (long) anonUid, (int) (long) anonGid,
                        clients, backend, create, secret, secretFile, ceph, delegations, readdirMaxAge));
            }
        }
        return out;
    }

    /** The {@code ceph { }} block of a CephFS export; files it names must exist and be readable. */
    private static CephConfig parseCeph(Reader r, Config e, String k, Path baseDir) {
        if (!e.hasPath("ceph")) {
            r.problem(k + ".ceph", "missing: a cephfs export needs ceph { conf, user, keyring or key, fs }");
            return null;
        }
        Config c;
        try {
            c = e.getConfig("ceph");
        } catch (ConfigException ex) {
            r.problem(k + ".ceph", "must be an object");
            return null;
        }
        for (String key : new TreeSet<>(c.root().keySet())) {
            if (!CEPH_KEYS.contains(key)) {
                r.problem(k + ".ceph." + key, "unknown key; known keys are " + String.join(", ", new TreeSet<>(CEPH_KEYS)));
            }
        }
        Path conf = cephFile(r, c, "conf", k, baseDir);
        Path keyring = cephFile(r, c, "keyring", k, baseDir);
        String user = c.hasPath("user") ? r.string(c, "user", k + ".ceph.user", null) : null;
        if (user != null && (user.isBlank() || user.startsWith("client."))) {
            r.problem(k + ".ceph.user", "the cephx id without \"client.\" (e.g. \"cephgw\"), got \"" + user + "\"");
        }
        String key = c.hasPath("key") ? r.string(c, "key", k + ".ceph.key", null) : null;
        if (key != null && keyring != null) {
            r.problem(k + ".ceph.key", "give keyring or key, not both");
        }
        String fs = c.hasPath("fs") ? r.string(c, "fs", k + ".ceph.fs", null) : null;
        if (fs != null && fs.isBlank()) {
            r.problem(k + ".ceph.fs", "must not be empty (leave it out for the cluster's default file system)");
        }
        Duration timeout = c.hasPath("mount-timeout")
                ? r.durationIn(c, "mount-timeout", k + ".ceph.mount-timeout", Duration.ofSeconds(1), Duration.ofMinutes(10))
                : Duration.ofSeconds(15);
        return new CephConfig(conf, user, keyring, key, fs, timeout);
    }

    private static Path cephFile(Reader r, Config c, String name, String k, Path baseDir) {
        if (!c.hasPath(name)) {
            return null;
        }
        String s = r.string(c, name, k + ".ceph." + name, null);
        if (s == null) {
            return null;
        }
        Path p = baseDir.resolve(s).toAbsolutePath().normalize();
        if (!Files.isReadable(p) || !Files.isRegularFile(p)) {
            r.problem(k + ".ceph." + name, p + " does not exist or is not a readable file");
        }
        return p;
    }

    /** "/a/b/" → "/a/b"; null when not absolute or with empty, "." or ".." components. */
    static String normalisePseudo(String p) {
        if (!p.startsWith("/")) {
            return null;
        }
        if (p.equals("/")) {
            return p;
        }
        String s = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        for (String c : s.substring(1).split("/", -1)) {
            if (c.isEmpty() || c.equals(".") || c.equals("..")) {
                return null;
            }
        }
        return s;
    }

    /** An IP literal or a host name that resolves (what {@code gateway.nfs.bind} accepts). */
    public static boolean isValidBindAddress(String bind) {
        if (bind.isBlank()) {
            return false;
        }
        if (ClientMatcher.literal(bind) != null) {
            return true;
        }
        try {
            InetAddress.getByName(bind);
            return true;
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    /** The host name as gethostname(2) reports it, as nfs-ganesha uses for its default node id. */
    static String hostName() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!h.isEmpty()) {
                return h;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    static String describe(ConfigValue v) {
        return switch (v.valueType()) {
            case STRING -> "\"" + v.unwrapped() + "\"";
            case NULL -> "null";
            case LIST -> "a list";
            case OBJECT -> "an object";
            default -> String.valueOf(v.unwrapped());
        };
    }

    /** Reads typed values and collects problems instead of throwing at the first one. */
    static final class Reader {
        private final List<String> problems = new ArrayList<>();

        void problem(String key, String message) {
            problems.add(key + ": " + message);
        }

        int count() {
            return problems.size();
        }

        <T> T missing(String key, T result) {
            problem(key, "missing (required)");
            return result;
        }

        void throwIfAny() {
            if (!problems.isEmpty()) {
                throw new GatewayConfigException(problems);
            }
        }

        private <T> T get(Config c, String path, String key, T dflt, String expected, Function<String, T> getter) {
            if (!c.hasPathOrNull(path)) {
                if (dflt == null) {
                    problem(key, "missing (required)");
                }
                return dflt;
            }
            try {
                return getter.apply(path);
            } catch (ConfigException.WrongType | ConfigException.BadValue e) {
                problem(key, "must be " + expected + ", got " + describe(c.getValue(path)));
                return null;
            } catch (ConfigException.Null e) {
                problem(key, "must be " + expected + ", got null");
                return null;
            }
        }

        String string(Config c, String path, String key, String dflt) {
            if (c.hasPath(path) && c.getValue(path).valueType() != ConfigValueType.STRING) {
                // HOCON would turn 1 into "1": a number where text belongs is more likely a mistake
                problem(key, "must be a string, got " + describe(c.getValue(path)));
                return null;
            }
            return get(c, path, key, dflt, "a string", c::getString);
        }

        boolean bool(Config c, String path, String key) {
            Boolean b = get(c, path, key, null, "true or false", c::getBoolean);
            return b != null && b;
        }

        int intIn(Config c, String path, String key, int min, int max) {
            Long v = longIn(c, path, key, min, max, null);
            return v == null ? -1 : (int) (long) v;
        }

        Long longIn(Config c, String path, String key, long min, long max, Long dflt) {
            Number n = get(c, path, key, dflt, "a whole number", c::getNumber);
            if (n == null) {
                return null;
            }
            if (n instanceof Double || n instanceof Float) {
                if (n.doubleValue() != Math.rint(n.doubleValue())) {
                    problem(key, "must be a whole number, got " + n);
                    return null;
                }
            }
            long v = n.longValue();
            if (v < min || v > max) {
                problem(key, "must be between " + min + " and " + max + ", got " + n);
                return null;
            }
            return v;
        }

        int bytesIn(Config c, String path, String key, int min, int max) {
            Long v = get(c, path, key, null, "a size in bytes (e.g. 1114112 or \"1088 KiB\")", c::getBytes);
            if (v == null) {
                return -1;
            }
            if (v < min || v > max) {
                problem(key, "must be between " + min + " and " + max + " bytes, got " + v);
                return -1;
            }
            return (int) (long) v;
        }

        Duration durationIn(Config c, String path, String key, Duration min, Duration max) {
            Duration d = get(c, path, key, null, "a duration (e.g. \"90s\")", c::getDuration);
            if (d == null) {
                return null;
            }
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                problem(key, "must be between " + human(min) + " and " + human(max) + ", got " + human(d));
                return null;
            }
            return d;
        }

        List<String> stringList(Config c, String path, String key) {
            ConfigValue v = c.getValue(path);
            if (v.valueType() != ConfigValueType.LIST) {
                problem(key, "must be a list of strings, got " + describe(v));
                return null;
            }
            List<String> out = new ArrayList<>();
            ConfigList l = (ConfigList) v;
            for (int i = 0; i < l.size(); i++) {
                if (l.get(i).valueType() != ConfigValueType.STRING) {
                    problem(key + "[" + i + "]", "must be a string, got " + describe(l.get(i)));
                    return null;
                }
                out.add((String) l.get(i).unwrapped());
            }
            return out;
        }
    }
}
