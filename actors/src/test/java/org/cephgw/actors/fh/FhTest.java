package org.cephgw.actors.fh;

import static org.assertj.core.api.Assertions.assertThat;

import org.cephgw.actors.state.FileKey;
import org.cephgw.fsal.FileHandle;
import org.junit.jupiter.api.Test;

/** The wire form of the gateway's file handles. */
class FhTest {

    @Test
    void roundTrip() {
        FileHandle h = new FileHandle(new byte[] {10, 20, 30, 40, 50});
        Fh fh = new Fh(0x1234, h);
        byte[] wire = fh.toBytes();
        assertThat(wire).containsExactly(Fh.FORMAT, 0x12, 0x34, 10, 20, 30, 40, 50);
        assertThat(Fh.parse(wire)).isEqualTo(fh);
        Fh max = new Fh(0xffff, new FileHandle(new byte[FileHandle.MAX_BYTES]));
        assertThat(max.toBytes()).hasSize(3 + FileHandle.MAX_BYTES);
        assertThat(Fh.parse(max.toBytes())).isEqualTo(max);
        assertThat(Fh.parse(max.toBytes()).exportId()).isEqualTo(0xffff);
        assertThat(fh.key()).isEqualTo(new FileKey(0x1234, h));
        assertThat(fh.isPseudo()).isFalse();
        assertThat(new Fh(Fh.PSEUDO_EXPORT, h).isPseudo()).isTrue();
    }

    @Test
    void foreignHandlesAreNotParsed() {
        assertThat(Fh.parse(new byte[0])).isNull();
        assertThat(Fh.parse(new byte[] {Fh.FORMAT})).isNull();
        assertThat(Fh.parse(new byte[] {Fh.FORMAT, 0, 1})).as("no back-end handle").isNull();
        assertThat(Fh.parse(new byte[] {Fh.FORMAT, 0, 1, 9})).isNotNull();
        assertThat(Fh.parse(new byte[] {0x02, 0, 1, 9})).as("another format").isNull();
        assertThat(Fh.parse(new byte[] {0, 0, 1, 9})).isNull();
        assertThat(Fh.parse(new byte[] {(byte) 0x81, 0, 1, 9})).isNull();
        byte[] tooLong = new byte[3 + FileHandle.MAX_BYTES + 1];
        tooLong[0] = Fh.FORMAT;
        assertThat(Fh.parse(tooLong)).isNull();
        byte[] nfsMax = new byte[128];
        nfsMax[0] = Fh.FORMAT;
        assertThat(Fh.parse(nfsMax)).isNull();
    }
}
