package org.cephgw.actors;

/**
 * What the management API shows of one NFSv4 client.
 *
 * @param clientId hex clientid
 * @param owner    the client's co_ownerid, printable or hex
 * @param address  the address it last came from
 */
public record ClientSummary(String clientId, String owner, String address, boolean confirmed,
                            int sessions, int openStateids, int lockStateids, long leaseRemainingMillis) {
}
