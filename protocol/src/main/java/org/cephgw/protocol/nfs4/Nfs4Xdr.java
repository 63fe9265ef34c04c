package org.cephgw.protocol.nfs4;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.cephgw.protocol.xdr.XdrException;

/** XDR helpers for the NFSv4 typedefs (RFC 8881 §3.2) shared by the codecs of this package. */
public final class Nfs4Xdr {
    private static final HexFormat HEX = HexFormat.of();

    private Nfs4Xdr() {
    }

    /** component4 (and linktext4): a UTF-8 name; bad UTF-8 throws InvalidUtf8Exception. */
    public static String readComponent(XdrDecoder x) {
        return x.readString(Nfs4Limits.MAX_NAME_BYTES);
    }

    /** utf8str_cs / utf8str_cis / utf8str_mixed strings that are not names. */
    public static String readUtf8(XdrDecoder x) {
        return x.readString(Nfs4Limits.MAX_STRING_BYTES);
    }

    public static byte[] readVerifier(XdrDecoder x) {
        return x.readFixedOpaque(Nfs4Const.NFS4_VERIFIER_SIZE);
    }

    public static void writeVerifier(XdrEncoder x, byte[] verifier) {
        x.writeFixedOpaque(verifier, Nfs4Const.NFS4_VERIFIER_SIZE);
    }

    public static byte[] readSessionId(XdrDecoder x) {
        return x.readFixedOpaque(Nfs4Const.NFS4_SESSIONID_SIZE);
    }

    public static void writeSessionId(XdrEncoder x, byte[] sessionid) {
        x.writeFixedOpaque(sessionid, Nfs4Const.NFS4_SESSIONID_SIZE);
    }

    /** nfs_fh4: at most NFS4_FHSIZE bytes. */
    public static byte[] readFh(XdrDecoder x) {
        return x.readOpaque(Nfs4Const.NFS4_FHSIZE);
    }

    /** T x&lt;max&gt;: a counted array whose elements take at least {@code minBytes} each. */
    public static <T> List<T> readList(XdrDecoder x, int max, int minBytes, Function<XdrDecoder, T> element) {
        int n = x.readCount(max, minBytes);
        // no preallocation from the count: a lying count must cost the sender, not us
        List<T> out = new ArrayList<>(Math.min(n, 16));
        for (int i = 0; i < n; i++) {
            out.add(element.apply(x));
        }
        return List.copyOf(out);
    }

    public static <T> void writeList(XdrEncoder x, List<T> list, BiConsumer<XdrEncoder, T> element) {
        x.writeInt(list.size());
        for (T t : list) {
            element.accept(x, t);
        }
    }

    /** T x&lt;1&gt;: XDR's optional value, as null or the value. */
    public static <T> T readOptional(XdrDecoder x, Function<XdrDecoder, T> element) {
        int n = x.readLength(1);
        return n == 0 ? null : element.apply(x);
    }

    public static <T> void writeOptional(XdrEncoder x, T value, BiConsumer<XdrEncoder, T> element) {
        if (value == null) {
            x.writeInt(0);
        } else {
            x.writeInt(1);
            element.accept(x, value);
        }
    }

    /** An XDR failure for a discriminant outside a union that has no default arm. */
    public static XdrException badDiscriminant(String union, int value) {
        return new XdrException(union + ": no arm for " + value);
    }

    static void requireLength(byte[] b, int len, String what) {
        if (b == null || b.length != len) {
            throw new IllegalArgumentException(what + " must be " + len + " bytes, got "
                    + (b == null ? "null" : b.length));
        }
    }

    static void requireMaxLength(byte[] b, int max, String what) {
        if (b == null || b.length > max) {
            throw new IllegalArgumentException(what + " must be at most " + max + " bytes, got "
                    + (b == null ? "null" : b.length));
        }
    }

    static void requireStatus(int status, boolean bodyPresent, boolean bodyExpected, String what) {
        if (bodyPresent != bodyExpected) {
            throw new IllegalArgumentException(what + (bodyExpected ? " required" : " not allowed")
                    + " with status " + NfsStat4.name(status));
        }
    }

    static String hex(byte[] b) {
        return b == null ? "null" : HEX.formatHex(b);
    }

    static String hex(ByteBuffer b) {
        return b == null ? "null" : "ByteBuffer[" + b.remaining() + " bytes]";
    }
}
