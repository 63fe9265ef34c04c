package org.cephgw.persistence;

import java.nio.charset.StandardCharsets;

/**
 * Node ids: a head's member name in the grace database and the suffix of its recovery databases'
 * names. Accepted: non-empty, at most {@value #MAX_BYTES} UTF-8 bytes, no control characters (a
 * tab or newline would break {@code ganesha-rados-grace dump}), well-formed UTF-16.
 */
public final class NodeIds {
    /** nfs-ganesha bounds node ids by NI_MAXHOST (1025 including the terminating NUL). */
    public static final int MAX_BYTES = 1024;

    private NodeIds() {}

    /** Returns {@code node} if acceptable, else throws {@code -EINVAL}. */
    public static String validate(String node) {
        if (node == null || node.isEmpty()) {
            throw new StoreException(-Errno.EINVAL, "a node id must not be empty");
        }
        for (int i = 0; i < node.length(); i++) {
            char c = node.charAt(i);
            if (Character.isISOControl(c)) {
                throw new StoreException(-Errno.EINVAL, "node id " + quote(node) + " contains a control character");
            }
            if (Character.isHighSurrogate(c) && i + 1 < node.length() && Character.isLowSurrogate(node.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new StoreException(-Errno.EINVAL, "node id " + quote(node) + " is not well-formed UTF-16");
            }
        }
        int bytes = node.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new StoreException(-Errno.EINVAL, "node id of " + bytes + " bytes, more than " + MAX_BYTES);
        }
        return node;
    }

    /** {@code s} in single quotes with control characters and lone surrogates escaped, for messages. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("'");
        int max = Math.min(s.length(), 200);
        for (int i = 0; i < max; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (max < s.length()) {
            sb.append('…');
        }
        return sb.append('\'').toString();
    }
}
