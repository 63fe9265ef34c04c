package org.cephgw.gateway.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How an export with {@code backend = "cephfs"} reaches its file system ({@code ceph { }} of the
 * export, falling back to {@code gateway.export-defaults.ceph}).
 *
 * @param conf         ceph.conf (monitors …); null = libcephfs's default search
 * @param user         cephx id without "client." (null = admin)
 * @param keyring      keyring file with the user's key, or null
 * @param key          the key itself (base64), or null
 * @param fs           the CephFS file system name, or null for the cluster's default
 * @param mountTimeout how long connecting may take before the start fails
 */
public record CephConfig(Path conf, String user, Path keyring, String key, String fs, Duration mountTimeout) {
}
