package org.cephgw.actors;

import java.time.Duration;

/**
 * Server-wide NFSv4 settings.
 *
 * @param nodeId          this head's name (grace database member, server owner)
 * @param headIndex       0..255: first byte of every clientid and sessionid this head issues,
 *                        so any node can route a request to its head without a lookup
 * @param leaseTime       NFSv4 lease (clients renew within it; expiry frees their state)
 * @param graceTime       how long a grace period lasts at most
 * @param maxRequestSize  largest COMPOUND request accepted (bytes; fore channel ca_maxrequestsize cap)
 * @param maxResponseSize largest COMPOUND reply produced
 * @param maxOperations   most operations in one COMPOUND
 * @param maxSessionSlots most slots per session
 * @param ioWorkers       I/O worker count (blocking back-end calls run on these)
 * @param idmapDomain     NFSv4 id-mapping domain for owner strings "user@domain"
 * @param numericOwners   true: owners go out as numeric strings ("1000"), as the Linux client
 *                        without idmapd expects
 * @param serverScope     null: this head is a server of its own (server_owner major id = node id,
 *                        server_scope = "cephgw:" + node id); else the one server_scope — and
 *                        server_owner major id — every head of the cluster answers (virtual-IP
 *                        mode: a client reaching another head through the same address must see
 *                        the same server, or the Linux client recovers without reclaim)
 */
public record NfsSettings(String nodeId, int headIndex, Duration leaseTime, Duration graceTime,
                          int maxRequestSize, int maxResponseSize, int maxOperations,
                          int maxSessionSlots, int ioWorkers, String idmapDomain, boolean numericOwners,
                          String serverScope) {

    public NfsSettings {
        if (headIndex < 0 || headIndex > 255) {
            throw new IllegalArgumentException("head index " + headIndex + " outside 0..255");
        }
    }

    /** A head that is a server of its own (one head per node). */
    public NfsSettings(String nodeId, int headIndex, Duration leaseTime, Duration graceTime,
                       int maxRequestSize, int maxResponseSize, int maxOperations,
                       int maxSessionSlots, int ioWorkers, String idmapDomain, boolean numericOwners) {
        this(nodeId, headIndex, leaseTime, graceTime, maxRequestSize, maxResponseSize, maxOperations, maxSessionSlots,
                ioWorkers, idmapDomain, numericOwners, null);
    }

    /** The same settings for another head of a virtual-IP cluster (its name and index, the cluster's scope). */
    public NfsSettings forHead(String name, int index, String scope) {
        return new NfsSettings(name, index, leaseTime, graceTime, maxRequestSize, maxResponseSize, maxOperations,
                maxSessionSlots, ioWorkers, idmapDomain, numericOwners, scope);
    }
}
