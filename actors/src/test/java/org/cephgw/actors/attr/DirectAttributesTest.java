package org.cephgw.actors.attr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.cephgw.fsal.FileType;
import org.cephgw.fsal.FsInfo;
import org.cephgw.fsal.Stat;
import org.cephgw.fsal.Timestamp;
import org.cephgw.protocol.nfs4.Bitmap4;
import org.cephgw.protocol.nfs4.Fattr4;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * The attributes READDIR and GETATTR encode straight into XDR come out byte for byte as the
 * general path through NfsAttrs writes them, whatever is asked for and whatever the file is.
 */
class DirectAttributesTest {
    private static final List<Integer> DIRECT = List.of(FATTR4_TYPE, FATTR4_CHANGE, FATTR4_SIZE, FATTR4_FSID,
            FATTR4_FILEHANDLE, FATTR4_FILEID, FATTR4_MODE, FATTR4_NUMLINKS, FATTR4_OWNER, FATTR4_OWNER_GROUP,
            FATTR4_RAWDEV, FATTR4_SPACE_USED, FATTR4_TIME_ACCESS, FATTR4_TIME_METADATA, FATTR4_TIME_MODIFY,
            FATTR4_MOUNTED_ON_FILEID, FATTR4_RDATTR_ERROR);
    private static final FsInfo INFO = new FsInfo(5, 6, Long.MAX_VALUE, 1 << 20, 1 << 20, 255, true, true, true, 1, false);

    @Property(tries = 500)
    void directEncodingIsTheGeneralOne(@ForAll("requests") List<Integer> request, @ForAll("stats") Stat st,
                                       @ForAll boolean numericOwners) {
        Bitmap4 requested = Bitmap4.of(request.stream().mapToInt(Integer::intValue).toArray());
        Attributes.Source s = new Attributes.Source(st, new byte[] {9, 8, 7, 6, 5}, INFO, 3, 4, null, 77, 90,
                1 << 20, 1 << 20, 1, new IdMapper("example.org", numericOwners), false);
        Attributes.Plan plan = Attributes.plan(requested, 1);
        assertThat(plan.direct()).isTrue();

        Fattr4 direct = Attributes.encode(plan, s);
        Fattr4 general = Attributes.encodeGeneral(plan.want(), s);
        assertThat(bytes(direct)).isEqualTo(bytes(general));
    }

    @Property(tries = 50)
    void anAttributeOutsideTheDirectOnesTakesTheGeneralPath(@ForAll("requests") List<Integer> request) {
        Bitmap4 requested = Bitmap4.of(request.stream().mapToInt(Integer::intValue).toArray()).set(FATTR4_SUPPORTED_ATTRS);
        assertThat(Attributes.plan(requested, 1).direct()).isFalse();
    }

    private static byte[] bytes(Fattr4 f) {
        XdrEncoder x = new XdrEncoder(256);
        f.encode(x);
        return x.toByteArray();
    }

    @Provide
    Arbitrary<List<Integer>> requests() {
        return Arbitraries.of(DIRECT).list().uniqueElements().ofMaxSize(DIRECT.size());
    }

    @Provide
    Arbitrary<Stat> stats() {
        Arbitrary<Timestamp> time = Combinators.combine(Arbitraries.longs().between(-1L << 40, 1L << 40),
                Arbitraries.integers().between(0, 999_999_999)).as(Timestamp::new);
        Arbitrary<FileType> type = Arbitraries.of(FileType.class);
        Arbitrary<long[]> longs = Arbitraries.longs().array(long[].class).ofSize(5);
        Arbitrary<int[]> ints = Arbitraries.integers().array(int[].class).ofSize(5);
        return Combinators.combine(type, longs, ints, time, time, time).as((t, l, i, a, m, c) ->
                new Stat(t, i[0], l[0], i[1], i[2], l[1], l[2], i[3], i[4], l[3], a, m, c, null, l[4]));
    }
}
