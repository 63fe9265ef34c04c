package org.cephgw.actors.state;

import java.util.Arrays;
import java.util.HexFormat;

/** An NFSv4 open-owner or lock-owner: the client that named it and its opaque name (state_owner4). */
public record OwnerKey(long clientId, byte[] owner) {
    public OwnerKey {
        owner = owner.clone();
    }

    @Override
    public byte[] owner() {
        return owner.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OwnerKey k && k.clientId == clientId && Arrays.equals(k.owner, owner);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(clientId) * 31 + Arrays.hashCode(owner);
    }

    @Override
    public String toString() {
        return Long.toHexString(clientId) + "/" + HexFormat.of().formatHex(owner);
    }
}
