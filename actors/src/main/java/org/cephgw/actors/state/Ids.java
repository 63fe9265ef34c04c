package org.cephgw.actors.state;

import java.nio.ByteBuffer;

/**
 * Layout of the identifiers a head issues. Every clientid and sessionid starts with the head's
 * index so that any node can route a request to the head holding its state without a lookup
 * (ARCHITECTURE.md §6), followed by a per-boot value so that ids from before a restart are
 * recognised as stale rather than mistaken for new ones.
 *
 * <pre>
 * clientid  (u64):       [head:8][boot:24][counter:32]
 * sessionid (16 bytes):  [clientid:8][session counter:4][boot verifier low bits:4]
 * stateid other (12):    [client counter:4][file serial:4][per-file counter:4]
 * </pre>
 */
public final class Ids {
    private Ids() {
    }

    public static long clientId(int head, int boot, int counter) {
        return ((long) (head & 0xff) << 56) | ((long) (boot & 0xffffff) << 32) | (counter & 0xffffffffL);
    }

    public static int head(long clientId) {
        return (int) (clientId >>> 56);
    }

    public static int boot(long clientId) {
        return (int) (clientId >>> 32) & 0xffffff;
    }

    public static int counter(long clientId) {
        return (int) clientId;
    }

    public static byte[] sessionId(long clientId, int sessionCounter, int bootVerifier) {
        return ByteBuffer.allocate(16).putLong(clientId).putInt(sessionCounter).putInt(bootVerifier).array();
    }

    public static long clientIdOfSession(byte[] sessionId) {
        return ByteBuffer.wrap(sessionId).getLong();
    }

    public static byte[] stateOther(long clientId, int fileSerial, int fileCounter) {
        return ByteBuffer.allocate(12).putInt(counter(clientId)).putInt(fileSerial).putInt(fileCounter).array();
    }

    /** The client counter a stateid names (compare with {@link #counter(long)}). */
    public static int clientCounterOfState(byte[] other) {
        return ByteBuffer.wrap(other).getInt();
    }
}
