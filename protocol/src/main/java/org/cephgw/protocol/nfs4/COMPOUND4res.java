package org.cephgw.protocol.nfs4;

import java.util.Arrays;
import java.util.List;

/**
 * COMPOUND4res (RFC 8881 §16.2): the status of the last operation evaluated, the request's
 * tag, and one result per operation evaluated.
 */
public record COMPOUND4res(int status, byte[] tag, List<NfsResop> resarray) {
    public COMPOUND4res {
        java.util.Objects.requireNonNull(tag, "tag");
        resarray = List.copyOf(resarray);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof COMPOUND4res c && Arrays.equals(c.tag, tag) && c.status == status
                && c.resarray.equals(resarray);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(tag) * 31 + status) * 31 + resarray.hashCode();
    }

    @Override
    public String toString() {
        return "COMPOUND4res[" + NfsStat4.name(status) + ", tag="
                + new String(tag, java.nio.charset.StandardCharsets.UTF_8) + ", " + resarray + "]";
    }
}
