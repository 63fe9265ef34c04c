package org.cephgw.protocol.nfs4;

import java.util.Arrays;
import java.util.List;

import org.cephgw.protocol.xdr.XdrDecoder;

/** Equality and printing for lists of opaques, which records cannot do by themselves. */
final class OpaqueLists {
    private OpaqueLists() {
    }

    static List<byte[]> read(XdrDecoder x, int maxEach) {
        return Nfs4Xdr.readList(x, Nfs4Limits.MAX_ARRAY, 4, d -> d.readOpaque(maxEach));
    }

    static boolean equal(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    static int hash(List<byte[]> a) {
        int h = 1;
        for (byte[] b : a) {
            h = 31 * h + Arrays.hashCode(b);
        }
        return h;
    }

    static String toString(List<byte[]> a) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < a.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(Nfs4Xdr.hex(a.get(i)));
        }
        return sb.append(']').toString();
    }
}
