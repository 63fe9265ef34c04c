package org.cephgw.persistence.rados;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the grace and recovery databases live in RADOS and how to connect. Invalid values are
 * refused with an {@link IllegalArgumentException} whose message starts with the setting's name
 * ({@link #CEPH_CONF}, {@link #USER_ID}, …), so that a configuration layer can point at its key.
 *
 * @param cephConf the ceph.conf to read; null = librados' default search ({@code $CEPH_CONF},
 *     {@code /etc/ceph/ceph.conf}, {@code ~/.ceph/config}, {@code ./ceph.conf})
 * @param userId the cephx user without {@code client.} (default {@value #DEFAULT_USER_ID})
 * @param keyring a keyring file holding the user's key; null = what ceph.conf says
 * @param key the user's secret key itself (base64); null = from the keyring. At most one of
 *     {@code keyring} and {@code key}.
 * @param pool the pool of the objects (nfs-ganesha's default: {@value #DEFAULT_POOL})
 * @param namespace the RADOS namespace; null or empty = the default namespace
 * @param connectTimeout the bound on connecting and on every monitor and OSD operation
 *     ({@code client_mount_timeout}, {@code rados_mon_op_timeout}, {@code rados_osd_op_timeout}):
 *     a dead monitor or OSD fails within it instead of hanging; whole seconds, at least 1
 */
public record RadosSettings(Path cephConf, String userId, Path keyring, String key, String pool, String namespace,
                            Duration connectTimeout) {
    public static final String CEPH_CONF = "ceph-conf";
    public static final String USER_ID = "user-id";
    public static final String KEYRING = "keyring";
    public static final String KEY = "key";
    public static final String POOL = "pool";
    public static final String NAMESPACE = "namespace";
    public static final String CONNECT_TIMEOUT = "connect-timeout";

    /** nfs-ganesha's user when none is given. */
    public static final String DEFAULT_USER_ID = "admin";
    /** The pool {@code ganesha-rados-grace} uses when none is given. */
    public static final String DEFAULT_POOL = "nfs-ganesha";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    public RadosSettings {
        if (userId == null) {
            userId = DEFAULT_USER_ID;
        }
        if (namespace != null && namespace.isEmpty()) {
            namespace = null;
        }
        if (connectTimeout == null) {
            connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        }
        if (userId.isEmpty() || hasControlOrSpace(userId)) {
            throw invalid(USER_ID, "must be a non-empty cephx user name without spaces, got '" + userId + "'");
        }
        if (userId.startsWith("client.")) {
            throw invalid(USER_ID, "is the name without 'client.' (e.g. 'admin'), got '" + userId + "'");
        }
        if (keyring != null && key != null) {
            throw invalid(KEYRING, "and " + KEY + " are alternatives: give at most one");
        }
        if (key != null && (key.isEmpty() || hasControlOrSpace(key))) {
            throw invalid(KEY, "must be a base64 cephx key");
        }
        Objects.requireNonNull(pool, POOL);
        if (pool.isEmpty() || hasControl(pool)) {
            throw invalid(POOL, "must be a non-empty pool name, got '" + pool + "'");
        }
        if (namespace != null && hasControl(namespace)) {
            throw invalid(NAMESPACE, "must not contain control characters");
        }
        if (connectTimeout.isNegative() || connectTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw invalid(CONNECT_TIMEOUT, "must be at least 1 s, got " + connectTimeout);
        }
    }

    /** The pool and namespace with every other setting at its default. */
    public static RadosSettings of(String pool, String namespace) {
        return new RadosSettings(null, null, null, null, pool, namespace, null);
    }

    public RadosSettings withCephConf(Path value) {
        return new RadosSettings(value, userId, keyring, key, pool, namespace, connectTimeout);
    }

    public RadosSettings withUserId(String value) {
        return new RadosSettings(cephConf, value, keyring, key, pool, namespace, connectTimeout);
    }

    public RadosSettings withKeyring(Path value) {
        return new RadosSettings(cephConf, userId, value, key, pool, namespace, connectTimeout);
    }

    public RadosSettings withKey(String value) {
        return new RadosSettings(cephConf, userId, keyring, value, pool, namespace, connectTimeout);
    }

    public RadosSettings withNamespace(String value) {
        return new RadosSettings(cephConf, userId, keyring, key, pool, value, connectTimeout);
    }

    public RadosSettings withConnectTimeout(Duration value) {
        return new RadosSettings(cephConf, userId, keyring, key, pool, namespace, value);
    }

    /** {@code pool} or {@code pool/namespace}, for messages. */
    public String location() {
        return namespace == null ? pool : pool + "/" + namespace;
    }

    @Override
    public String toString() {
        // never print the key
        return "RadosSettings[cephConf=" + cephConf + ", userId=" + userId + ", keyring=" + keyring
                + ", key=" + (key == null ? "null" : "(set)") + ", pool=" + pool + ", namespace=" + namespace
                + ", connectTimeout=" + connectTimeout + "]";
    }

    private static IllegalArgumentException invalid(String setting, String why) {
        return new IllegalArgumentException(setting + " " + why);
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }

    private static boolean hasControlOrSpace(String s) {
        return s.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c));
    }
}
