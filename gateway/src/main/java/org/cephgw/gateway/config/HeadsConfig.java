package org.cephgw.gateway.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code gateway.mode} and {@code gateway.virtual-ip { }}: which NFS heads this gateway cluster
 * runs. A head is a member of the grace database with its own recovery records and its own CephFS
 * session uuid ({@code cephgw-<head>-<export id %04x>}).
 *
 * <ul>
 *   <li>{@link #PER_NODE} (the default): each node is one head, named {@code gateway.node-id},
 *       with index {@code gateway.head-index}; its server scope is {@code "cephgw:" + node-id}.</li>
 *   <li>{@link #VIRTUAL_IP}: one address for the whole cluster; a fixed set of heads spread over the
 *       nodes by Cluster Sharding, every node accepting every client, a client's head chosen by a
 *       hash of its client owner. Head {@code i} has index {@code i}; every node answers the same
 *       server scope (and server_owner major id).</li>
 * </ul>
 *
 * @param mode        {@link #PER_NODE} or {@link #VIRTUAL_IP}
 * @param heads       the heads' names (grace database members), in index order; one in per-node mode
 * @param serverScope NFSv4 server scope (also the server_owner major id in virtual-IP mode)
 * @param firstIndex  index of {@code heads.get(0)}; head {@code i} has index {@code firstIndex + i}
 *                    (per-node: {@code gateway.head-index}; virtual-IP: 0)
 */
public record HeadsConfig(String mode, List<String> heads, String serverScope, int firstIndex) {

    public static final String PER_NODE = "per-node";
    public static final String VIRTUAL_IP = "virtual-ip";

    /** Most heads (head indexes are one byte). */
    public static final int MAX_HEADS = 255;

    private static final Set<String> VIRTUAL_IP_KEYS = Set.of("heads", "head-prefix", "server-scope");

    public HeadsConfig {
        if (!PER_NODE.equals(mode) && !VIRTUAL_IP.equals(mode)) {
            throw new IllegalArgumentException("mode must be " + PER_NODE + " or " + VIRTUAL_IP + ", got " + mode);
        }
        heads = List.copyOf(heads);
        if (heads.isEmpty() || heads.size() > MAX_HEADS) {
            throw new IllegalArgumentException("1.." + MAX_HEADS + " heads, got " + heads.size());
        }
        if (Set.copyOf(heads).size() != heads.size()) {
            throw new IllegalArgumentException("duplicate head names: " + heads);
        }
        if (firstIndex < 0 || firstIndex + heads.size() - 1 > 255) {
            throw new IllegalArgumentException("head indexes " + firstIndex + ".." + (firstIndex + heads.size() - 1)
                    + " outside 0..255");
        }
        if (serverScope == null || serverScope.isEmpty()) {
            throw new IllegalArgumentException("empty server scope");
        }
    }

    /** Per-node mode: this node is the one head {@code nodeId} with index {@code headIndex}. */
    public static HeadsConfig perNode(String nodeId, int headIndex) {
        return new HeadsConfig(PER_NODE, List.of(nodeId), "cephgw:" + nodeId, headIndex);
    }

    public boolean virtualIp() {
        return VIRTUAL_IP.equals(mode);
    }

    /** The index of {@code head} (first byte of the clientids and sessionids it issues), or -1 if it is not one. */
    public int indexOf(String head) {
        int i = heads.indexOf(head);
        return i < 0 ? -1 : firstIndex + i;
    }

    /**
     * Reads {@code gateway.mode} and, in virtual-IP mode, {@code gateway.virtual-ip}.
     *
     * @param config    the whole configuration (for {@code pekko.actor.provider})
     * @param g         {@code gateway}
     * @param nodeId    {@code gateway.node-id}, null when it had a problem
     * @param headIndex {@code gateway.head-index}, negative when it had a problem
     * @param warnings  where to add what is ignored
     * @return null when there were problems (they are in {@code r})
     */
    static HeadsConfig parse(GatewayConfig.Reader r, Config config, Config g, String nodeId, int headIndex,
                             List<String> warnings) {
        String mode = r.string(g, "mode", "gateway.mode", PER_NODE);
        if (mode == null) {
            return null;
        }
        if (PER_NODE.equals(mode)) {
            for (String key : userKeys(g)) {
                warnings.add("gateway." + key + ": ignored with gateway.mode = \"" + PER_NODE + "\"");
            }
            return nodeId == null || headIndex < 0 ? null : perNode(nodeId, headIndex);
        }
        if (!VIRTUAL_IP.equals(mode)) {
            r.problem("gateway.mode", "must be \"" + PER_NODE + "\" or \"" + VIRTUAL_IP + "\", got \"" + mode + "\"");
            return null;
        }
        int before = r.count();
        if (!ConfigLoader.isClusterProvider(config)) {
            r.problem("gateway.mode", "virtual-IP mode needs pekko.actor.provider = cluster (its heads are spread over"
                    + " the nodes by Cluster Sharding), got \""
                    + (config.hasPath("pekko.actor.provider") ? config.getString("pekko.actor.provider") : "local") + "\"");
        }
        if (fromUser(g, "head-index")) {
            warnings.add("gateway.head-index: unused with gateway.mode = \"" + VIRTUAL_IP + "\" (head i has index i)");
        }
        Config v;
        try {
            v = g.hasPath("virtual-ip") ? g.getConfig("virtual-ip") : ConfigFactory.empty();
        } catch (ConfigException e) {
            r.problem("gateway.virtual-ip", "must be an object");
            return null;
        }
        for (String key : new TreeSet<>(v.root().keySet())) {
            if (!VIRTUAL_IP_KEYS.contains(key)) {
                r.problem("gateway.virtual-ip." + key, "unknown key; known keys are "
                        + String.join(", ", new TreeSet<>(VIRTUAL_IP_KEYS)));
            }
        }
        List<String> heads = parseHeads(r, v);
        String scope = r.string(v, "server-scope", "gateway.virtual-ip.server-scope", "cephgw");
        if (scope != null) {
            if (scope.isEmpty()) {
                r.problem("gateway.virtual-ip.server-scope", "must not be empty");
            } else if (scope.getBytes(StandardCharsets.UTF_8).length > 1024) {
                r.problem("gateway.virtual-ip.server-scope", "longer than 1024 bytes (NFS4_OPAQUE_LIMIT)");
            }
        }
        return r.count() == before ? new HeadsConfig(VIRTUAL_IP, heads, scope, 0) : null;
    }

    /** {@code heads}: a count (names {@code head-prefix} + 0 … + N-1) or a list of names. */
    private static List<String> parseHeads(GatewayConfig.Reader r, Config v) {
        String key = "gateway.virtual-ip.heads";
        ConfigValue hv = v.hasPath("heads") ? v.getValue("heads") : null;
        List<String> heads = new ArrayList<>();
        // a number, also as a string (-Dgateway.virtual-ip.heads=3 and environment overrides give strings)
        boolean count = hv == null || hv.valueType() == ConfigValueType.NUMBER
                || (hv.valueType() == ConfigValueType.STRING && String.valueOf(hv.unwrapped()).strip().matches("-?\\d+"));
        if (count) {
            Long n = r.longIn(v, "heads", key, 1, MAX_HEADS, 6L);
            String prefix = r.string(v, "head-prefix", "gateway.virtual-ip.head-prefix", "vip");
            if (prefix != null) {
                // the names it makes are checked below; an empty prefix ("0", "1", …) is allowed
                String problem = nameProblem(prefix);
                if (problem != null) {
                    r.problem("gateway.virtual-ip.head-prefix", problem);
                    prefix = null;
                }
            }
            if (n == null || prefix == null) {
                return null;
            }
            for (int i = 0; i < n; i++) {
                heads.add(prefix + i);
            }
            String tooLong = heads.stream().filter(h -> nameProblem(h) != null).findFirst().orElse(null);
            if (tooLong != null) {
                r.problem("gateway.virtual-ip.head-prefix", "head name \"" + tooLong + "\": " + nameProblem(tooLong));
                return null;
            }
            return heads;
        }
        if (hv.valueType() != ConfigValueType.LIST) {
            r.problem(key, "must be a number of heads or a list of head names, got " + GatewayConfig.describe(hv));
            return null;
        }
        if (v.hasPath("head-prefix")) {
            r.string(v, "head-prefix", "gateway.virtual-ip.head-prefix", null); // only its type matters
        }
        ConfigList list = (ConfigList) hv;
        if (list.isEmpty() || list.size() > MAX_HEADS) {
            r.problem(key, "must name 1 to " + MAX_HEADS + " heads, got " + list.size());
            return null;
        }
        int before = r.count();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            ConfigValue e = list.get(i);
            String k = key + "[" + i + "]";
            if (e.valueType() != ConfigValueType.STRING) {
                r.problem(k, "must be a string, got " + GatewayConfig.describe(e));
                continue;
            }
            String name = (String) e.unwrapped();
            String problem = name.isEmpty() ? "must not be empty" : nameProblem(name);
            if (problem != null) {
                r.problem(k, problem);
                continue;
            }
            Integer prev = seen.putIfAbsent(name, i);
            if (prev != null) {
                r.problem(k, "head \"" + name + "\" is already " + key + "[" + prev + "]");
                continue;
            }
            heads.add(name);
        }
        return r.count() == before ? heads : null;
    }

    /**
     * What is wrong with {@code name} as a head name (grace database member, recovery database
     * file name), as for {@code gateway.node-id}; null when nothing.
     */
    static String nameProblem(String name) {
        if (name.getBytes(StandardCharsets.UTF_8).length > 255) {
            return "longer than 255 bytes";
        } else if (!name.codePoints().allMatch(cp -> cp > 0x20 && cp != 0x7f)) {
            return "must not contain spaces or control characters, got \"" + name + "\"";
        } else if (name.indexOf('/') >= 0) {
            return "must not contain '/' (it names the recovery database files), got \"" + name + "\"";
        }
        return null;
    }

    /** The keys under {@code gateway.virtual-ip} set by the operator rather than by our reference.conf. */
    private static List<String> userKeys(Config g) {
        List<String> out = new ArrayList<>();
        if (!g.hasPath("virtual-ip")) {
            return out;
        }
        if (g.getValue("virtual-ip").valueType() != ConfigValueType.OBJECT) {
            out.add("virtual-ip");
            return out;
        }
        for (var e : new TreeMap<>(g.getConfig("virtual-ip").root()).entrySet()) {
            if (!fromReference(e.getValue())) {
                out.add("virtual-ip." + e.getKey());
            }
        }
        return out;
    }

    /** {@code path} is set, by the operator rather than by our reference.conf. */
    private static boolean fromUser(Config g, String path) {
        return g.hasPath(path) && !fromReference(g.getValue(path));
    }

    private static boolean fromReference(ConfigValue v) {
        return "reference.conf".equals(v.origin().resource());
    }

    /** The heads as routing knows them: each name with its index. */
    public org.cephgw.actors.head.HeadSet headSet() {
        java.util.List<org.cephgw.actors.head.HeadSet.Head> out = new java.util.ArrayList<>();
        for (int i = 0; i < heads.size(); i++) {
            out.add(new org.cephgw.actors.head.HeadSet.Head(heads.get(i), firstIndex + i));
        }
        return new org.cephgw.actors.head.HeadSet(out);
    }
}
