package org.cephgw.gateway.grace;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cephgw.persistence.Errno;
import org.cephgw.persistence.StoreException;
import org.cephgw.persistence.grace.GraceDb;
import org.cephgw.persistence.grace.GraceState;
import org.cephgw.persistence.grace.LocalGraceDb;
import org.cephgw.persistence.rados.RadosCluster;
import org.cephgw.persistence.rados.RadosConnectException;
import org.cephgw.persistence.rados.RadosGraceDb;
import org.cephgw.persistence.rados.RadosSettings;

/**
 * {@code java -jar gateway.jar grace [--cephconf F] [--userid U] [--pool P] [--ns NS] [--oid OID]
 * dump|add|start|join|lift|remove|enforce|noenforce|member [nodeid…]}: nfs-ganesha's
 * {@code ganesha-rados-grace}, with the same output and exit codes, so that scripts and runbooks
 * written for one work with the other; plus {@code --state-dir DIR} for the local-file database of
 * a gateway without RADOS.
 *
 * <p>What {@code ganesha-rados-grace} (nfs-ganesha 4.3, Debian 12) does, measured, and done here alike:
 * <ul>
 *   <li>options are parsed like glibc {@code getopt_long}: long options {@code --userid},
 *       {@code --cephconf}, {@code --ns}, {@code --oid}, {@code --pool} (as {@code --opt value} or
 *       {@code --opt=value}, unambiguous prefixes accepted), short {@code -u -c -n -o -p} (value
 *       attached or next), options anywhere among the arguments, {@code --} ends them; an error
 *       prints getopt's message, then {@code Usage:} and the usage line (program name included) to
 *       stderr, exit 1;</li>
 *   <li>defaults: user {@code admin}, pool {@code nfs-ganesha}, the default namespace, object
 *       {@code grace}, ceph.conf from librados' search ({@code $CEPH_CONF}, /etc/ceph/ceph.conf…);</li>
 *   <li>it connects first: a failure prints {@code <librados call>: <errno>} and
 *       {@code Can't connect to cluster: <errno>}, exit 1 ({@code rados_conf_read_file: -2} for a
 *       missing ceph.conf, {@code rados_connect: -13} for a wrong user or key,
 *       {@code rados_ioctx_create: -2} for a missing pool);</li>
 *   <li>the command is the first non-option argument (default {@code dump}, exact case); every
 *       command but dump needs node ids, else {@code Need at least one nodeid.} and
 *       {@code Failure: -22}, exit 1 (the tool sometimes crashes after printing that, exit 139;
 *       here always exit 1); dump ignores node ids; an unknown command with node ids prints the
 *       usage and {@code Failure: -22}, exit 1;</li>
 *   <li>{@code add} first creates the database if missing ({@code Can't create grace db: <errno>}
 *       and exit 1 if that fails), every other command on a missing database fails with
 *       {@code Failure: -2};</li>
 *   <li>{@code member} exits 0 if every node is a member, else prints {@code Failure: -2}, exit 1;</li>
 *   <li>any other failure prints {@code Failure: <negative errno>} to stderr, exit 1; success
 *       prints nothing (dump prints the database to stdout), exit 0.</li>
 * </ul>
 * Deliberate differences: the usage has a second line for {@code --state-dir}; transitions are
 * this project's ({@code GraceTransitions}: remove lifts by identity, malformed node ids are
 * {@code -22}); a database whose data is not 16 bytes is refused by every command with
 * {@code Failure: -131} (the tool's {@code add} writes into it anyway); connecting gives up after
 * {@link RadosSettings#DEFAULT_CONNECT_TIMEOUT} instead of librados' 300 s.
 */
public final class GraceCommand {
    /** How {@code java -jar gateway.jar grace} names itself in usage and option errors. */
    public static final String PROGRAM = "gateway.jar grace";
    static final String COMMANDS = "dump|add|start|join|lift|remove|enforce|noenforce|member";

    private final String program;
    private final PrintStream out;
    private final PrintStream err;

    private String cephConf;
    private String userId;
    private String pool;
    private String namespace;
    private String oid;
    private String stateDir;
    private final List<String> operands = new ArrayList<>();

    /**
     * @param program the name usage and option errors show (getopt prints argv[0]; the gateway
     *     passes {@code gateway.jar grace})
     */
    public GraceCommand(String program, PrintStream out, PrintStream err) {
        this.program = program;
        this.out = out;
        this.err = err;
    }

    /** Runs the command line (the arguments after {@code grace}); returns the exit status. */
    public static int run(String program, String[] args, PrintStream out, PrintStream err) {
        return new GraceCommand(program, out, err).run(args);
    }

    public int run(String[] args) {
        try {
            return execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int execute(String[] args) {
        if (!parse(args)) {
            usage();
            return 1;
        }
        if (stateDir != null && (cephConf != null || userId != null || pool != null || namespace != null
                || oid != null)) {
            err.println(program + ": --state-dir (the local grace database) cannot be combined with "
                    + "--cephconf, --userid, --pool, --ns or --oid (RADOS)");
            usage();
            return 1;
        }
        RadosCluster cluster = null;
        GraceDb db;
        if (stateDir != null) {
            db = LocalGraceDb.inStateDir(Path.of(stateDir));
        } else {
            try {
                RadosSettings settings;
                try {
                    settings = new RadosSettings(cephConf == null ? null : Path.of(cephConf), userId, null, null,
                            pool == null ? RadosSettings.DEFAULT_POOL : pool, namespace, null);
                } catch (IllegalArgumentException e) {
                    err.println(program + ": " + e.getMessage());
                    return 1;
                }
                cluster = RadosCluster.connect(settings);
            } catch (RadosConnectException e) {
                err.println(e.step() + ": " + e.errno());
                err.println("Can't connect to cluster: " + e.errno());
                return 1;
            } catch (IllegalStateException e) { // librados cannot be loaded
                err.println(program + ": " + e.getMessage());
                return 1;
            }
            try {
                db = new RadosGraceDb(cluster, oid == null ? RadosGraceDb.DEFAULT_OID : oid);
            } catch (IllegalArgumentException e) {
                cluster.close();
                err.println(program + ": " + e.getMessage());
                return 1;
            }
        }
        try (db) {
            return dispatch(db);
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private int dispatch(GraceDb db) {
        String cmd = operands.isEmpty() ? "dump" : operands.get(0);
        List<String> nodes = operands.isEmpty() ? List.of() : operands.subList(1, operands.size());
        if (!cmd.equals("dump") && nodes.isEmpty()) {
            err.println("Need at least one nodeid.");
            return failure(-Errno.EINVAL);
        }
        try {
            switch (cmd) {
                case "dump":
                    byte[] text = db.dump().getBytes(StandardCharsets.UTF_8); // node ids as stored, whatever the locale
                    out.write(text, 0, text.length);
                    return 0;
                case "add":
                    try {
                        db.create();
                    } catch (StoreException e) {
                        err.println("Can't create grace db: " + e.errno());
                        return 1;
                    }
                    db.add(nodes);
                    return 0;
                case "member":
                    return db.member(nodes) ? 0 : failure(-Errno.ENOENT);
                case "start":
                    db.start(nodes);
                    return 0;
                case "join":
                    db.join(nodes);
                    return 0;
                case "lift":
                    db.lift(nodes);
                    return 0;
                case "remove":
                    db.remove(nodes);
                    return 0;
                case "evict":
                    return evict(db, nodes);
                case "enforce":
                    db.enforce(nodes);
                    return 0;
                case "noenforce":
                    db.noenforce(nodes);
                    return 0;
                default:
                    usage();
                    return failure(-Errno.EINVAL);
            }
        } catch (StoreException e) {
            return failure(e.errno());
        }
    }

    /**
     * {@code evict}, this project's own: the one command for a member that is gone for good and
     * holds the others in grace (nfs-ganesha issue 370). A {@code remove} changes nothing while a
     * grace period is in force and some member does not enforce — and a member that died never
     * will. So: set E on the given nodes (they are gone: they grant nothing), then remove them, and
     * print the database. If they are still members (another member does not enforce yet), say
     * which and fail.
     */
    private int evict(GraceDb db, List<String> nodes) {
        db.enforce(nodes);
        GraceState after = db.remove(nodes);
        byte[] text = after.dump().getBytes(StandardCharsets.UTF_8);
        out.write(text, 0, text.length);
        List<String> left = nodes.stream().filter(after.members()::containsKey).toList();
        if (!left.isEmpty()) {
            List<String> waiting = after.members().entrySet().stream().filter(e -> !e.getValue().enforcing())
                    .map(java.util.Map.Entry::getKey).toList();
            err.println("not removed: " + String.join(" ", left) + " (a grace period is in force and these members do not"
                    + " enforce yet: " + String.join(" ", waiting) + "; evict them too if they are gone)");
            return 1;
        }
        return 0;
    }

    private int failure(int errno) {
        err.println("Failure: " + errno);
        return 1;
    }

    private void usage() {
        err.println("Usage:");
        err.println(program + " [ --userid ceph_user ] [ --cephconf /path/to/ceph.conf ] [ --ns namespace ]"
                + " [ --oid obj_id ] [ --pool pool_id ] " + COMMANDS + " [ nodeid ... ]");
        err.println(program + " --state-dir DIR " + COMMANDS + " [ nodeid ... ]");
        err.println(program + " [ options ] evict nodeid ...   (a member gone for good: enforce for it, then remove it)");
    }

    // ---------------------------------------------------------------- getopt_long, as glibc does it

    private static final String[] LONG = {"userid", "cephconf", "ns", "oid", "pool", "state-dir"};
    private static final String SHORT = "ucnop"; // each takes a value, like the long option of its letter

    /** Parses like getopt_long with permutation; prints getopt's message and returns false on an error. */
    private boolean parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                for (int j = i + 1; j < args.length; j++) {
                    operands.add(args[j]);
                }
                return true;
            }
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
                String match = null;
                for (String l : LONG) {
                    if (l.equals(name)) {
                        match = l;
                        break;
                    }
                    if (l.startsWith(name) && !name.isEmpty()) {
                        match = match == null ? l : "";
                    }
                }
                if (match == null || match.isEmpty()) {
                    err.println(program + ": unrecognized option '" + a + "'");
                    return false;
                }
                String value;
                if (eq >= 0) {
                    value = a.substring(eq + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    err.println(program + ": option '--" + match + "' requires an argument");
                    return false;
                }
                set(match, value);
            } else if (a.startsWith("-") && a.length() > 1) {
                char c = a.charAt(1);
                int k = SHORT.indexOf(c);
                if (k < 0) {
                    err.println(program + ": invalid option -- '" + c + "'");
                    return false;
                }
                String value;
                if (a.length() > 2) {
                    value = a.substring(2);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    err.println(program + ": option requires an argument -- '" + c + "'");
                    return false;
                }
                set(LONG[k], value);
            } else {
                operands.add(a);
            }
        }
        return true;
    }

    private void set(String option, String value) {
        switch (option) {
            case "userid" -> userId = value;
            case "cephconf" -> cephConf = value;
            case "ns" -> namespace = value;
            case "oid" -> oid = value;
            case "pool" -> pool = value;
            case "state-dir" -> stateDir = value;
            default -> throw new IllegalStateException(option);
        }
    }
}
