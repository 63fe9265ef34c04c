package org.cephgw.protocol.nfs4;

import java.util.Arrays;
import java.util.List;

/**
 * COMPOUND4args (RFC 8881 §16.2): a tag (utf8str_cs, kept as the bytes sent, to be echoed),
 * the minor version and the operations. See {@link Compound} for the codec.
 */
public record COMPOUND4args(byte[] tag, int minorversion, List<NfsArgop> argarray) {
    public COMPOUND4args {
        java.util.Objects.requireNonNull(tag, "tag");
        argarray = List.copyOf(argarray);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof COMPOUND4args c && Arrays.equals(c.tag, tag) && c.minorversion == minorversion
                && c.argarray.equals(argarray);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(tag) * 31 + minorversion) * 31 + argarray.hashCode();
    }

    @Override
    public String toString() {
        return "COMPOUND4args[tag=" + new String(tag, java.nio.charset.StandardCharsets.UTF_8)
                + ", minorversion=" + minorversion + ", " + argarray + "]";
    }
}
