package org.cephgw.actors.grace;

/**
 * The seam between the COMPOUND executor and grace periods (RFC 8881 §8.4.2): asked before any
 * state is granted. The clustered grace of the rados_cluster design plugs in here; without it
 * a head is never in grace and has nothing to reclaim.
 */
public interface ReclaimGate {

    /** nfsstat4 for a new OPEN or LOCK (not a reclaim) by the client: NFS4_OK or NFS4ERR_GRACE. */
    int admitNew(long clientId);

    /** nfsstat4 for a reclaim by the client: NFS4_OK, NFS4ERR_NO_GRACE or NFS4ERR_RECLAIM_BAD. */
    int admitReclaim(long clientId, byte[] ownerId);

    /** No grace, nothing to reclaim: what a head without a recovery database does. */
    ReclaimGate NEVER_IN_GRACE = new ReclaimGate() {
        @Override
        public int admitNew(long clientId) {
            return 0;
        }

        @Override
        public int admitReclaim(long clientId, byte[] ownerId) {
            return org.cephgw.protocol.nfs4.NfsStat4.NFS4ERR_NO_GRACE;
        }
    };
}
