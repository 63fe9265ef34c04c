package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;

/**
 * locker4 (RFC 8881 §18.10): LOCK either by a new lock-owner, derived from an open stateid
 * ({@link OpenToLockOwner4}, new_lock_owner TRUE), or by an existing lock stateid
 * ({@link ExistLockOwner4}).
 */
public sealed interface Locker4 extends XdrEncodable permits OpenToLockOwner4, ExistLockOwner4 {
    /** The new_lock_owner discriminant. */
    boolean newLockOwner();

    static Locker4 decode(XdrDecoder x) {
        return x.readBoolean() ? OpenToLockOwner4.decodeBody(x) : ExistLockOwner4.decodeBody(x);
    }
}
