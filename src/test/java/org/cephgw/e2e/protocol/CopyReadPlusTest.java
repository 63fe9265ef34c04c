package org.cephgw.e2e.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.client.Ops.*;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;
import static org.cephgw.protocol.nfs4.NfsOpnum4.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.COMMIT4res;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.COPY4args;
import org.cephgw.protocol.nfs4.COPY4res;
import org.cephgw.protocol.nfs4.COPY_NOTIFY4args;
import org.cephgw.protocol.nfs4.ChannelAttrs4;
import org.cephgw.protocol.nfs4.Netloc4;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.OFFLOAD_CANCEL4args;
import org.cephgw.protocol.nfs4.OFFLOAD_STATUS4args;
import org.cephgw.protocol.nfs4.READ_PLUS4res;
import org.cephgw.protocol.nfs4.READ_PLUS4resok;
import org.cephgw.protocol.nfs4.ReadPlusContent4;
import org.cephgw.protocol.nfs4.Stateid4;
import org.cephgw.protocol.nfs4.WriteResponse4;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.junit.jupiter.api.Test;

/** NFSv4.2 COPY and READ_PLUS (RFC 7862 §15.2, §15.10) and the offload operations this server leaves out. */
class CopyReadPlusTest extends GatewayTestBase {
    private static final Random RANDOM = new Random(7862);

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static byte[] fh(Session s, String export, String name) throws IOException {
        return Res.fh(Res.ok(s.seq(list(root(export), lookup(name), getfh()))));
    }

    /** OPEN of an existing file by the session's owner {@code owner}. */
    private static Stateid4 openAs(Session s, String owner, String export, String name, int access) throws IOException {
        return Res.openStateid(Res.ok(s.seq(list(root(export), open(s.owner(owner), name, access, OPEN4_SHARE_DENY_NONE)))));
    }

    private static Stateid4 create(Session s, String export, String name) throws IOException {
        return Res.openStateid(Res.ok(s.seq(list(root(export), openCreate(s.owner("o"), name,
                OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, unchecked())))));
    }

    /** PUTFH src, SAVEFH, PUTFH dst, COPY (and more) in minor version 2. */
    private static COMPOUND4res copyBetween(Session s, byte[] src, byte[] dst, Object... ops) throws IOException {
        return s.seqMinor(2, list(putfh(src), savefh(), putfh(dst), list(ops)));
    }

    private static WriteResponse4 copied(COMPOUND4res res) {
        return Res.get(Res.ok(res), COPY4res.class).resok().response();
    }

    // ------------------------------------------------------------------ COPY

    @Test
    void copyWholeFileRangesAndToTheEnd() throws IOException {
        Session s = newSession("copy");
        String srcName = unique("copy-src");
        byte[] data = random(300_000);
        Files.write(gw.rw.resolve(srcName), data);
        byte[] srcFh = fh(s, "rw", srcName);
        Stateid4 src = openAs(s, "reader", "rw", srcName, OPEN4_SHARE_ACCESS_READ);
        String dstName = unique("copy-dst");
        Stateid4 dst = create(s, "rw", dstName);
        byte[] dstFh = fh(s, "rw", dstName);
        Path dstPath = gw.rw.resolve(dstName);

        // the whole file (count 0: to the end), answered synchronously although the client allowed otherwise
        COMPOUND4res whole = copyBetween(s, srcFh, dstFh,
                new COPY4args(src, dst, 0, 0, 0, false, false, List.of()), commit(0, 0));
        COPY4res c = Res.get(Res.ok(whole), COPY4res.class);
        assertThat(c.resok().response().count()).isEqualTo(300_000);
        assertThat(c.resok().response().callbackId()).as("no asynchronous copy").isNull();
        assertThat(c.resok().requirements().synchronous()).isTrue();
        assertThat(c.resok().requirements().consecutive()).isTrue();
        assertThat(c.resok().response().committed()).isEqualTo(UNSTABLE4);
        assertThat(c.resok().response().writeverf()).as("WRITE's verifier, which COMMIT returns")
                .isEqualTo(Res.get(whole, COMMIT4res.class).writeverf());
        assertThat(Files.readAllBytes(dstPath)).isEqualTo(data);

        // a range to an offset of a new file, through the anonymous stateid
        String rangeName = unique("copy-range");
        Files.write(gw.rw.resolve(rangeName), new byte[0]);
        byte[] rangeFh = fh(s, "rw", rangeName);
        assertThat(copied(copyBetween(s, srcFh, rangeFh, copy(Stateid4.ANONYMOUS, Stateid4.ANONYMOUS, 1000, 5000, 20_000)))
                .count()).isEqualTo(20_000);
        byte[] range = Files.readAllBytes(gw.rw.resolve(rangeName));
        assertThat(range).hasSize(25_000);
        assertThat(Arrays.copyOf(range, 5000)).containsOnly(0);
        assertThat(Arrays.copyOfRange(range, 5000, 25_000)).isEqualTo(Arrays.copyOfRange(data, 1000, 21_000));

        // count 0 from an offset: the rest of the source, past the destination's end
        assertThat(copied(copyBetween(s, srcFh, dstFh, copy(src, dst, 250_000, 400_000, 0))).count()).isEqualTo(50_000);
        byte[] grown = Files.readAllBytes(dstPath);
        assertThat(grown).hasSize(450_000);
        assertThat(Arrays.copyOf(grown, 300_000)).isEqualTo(data);
        assertThat(Arrays.copyOfRange(grown, 300_000, 400_000)).containsOnly(0);
        assertThat(Arrays.copyOfRange(grown, 400_000, 450_000)).isEqualTo(Arrays.copyOfRange(data, 250_000, 300_000));

        // exactly to the end, and nothing at the end
        assertThat(copied(copyBetween(s, srcFh, dstFh, copy(src, dst, 299_000, 0, 1000))).count()).isEqualTo(1000);
        assertThat(Arrays.copyOf(Files.readAllBytes(dstPath), 1000)).isEqualTo(Arrays.copyOfRange(data, 299_000, 300_000));
        assertThat(copied(copyBetween(s, srcFh, dstFh, copy(src, dst, 300_000, 0, 0))).count()).isZero();
        // past the end of the source (§15.2.3)
        assertFailed(copyBetween(s, srcFh, dstFh, copy(src, dst, 299_000, 0, 1001)), OP_COPY, NfsStat4.NFS4ERR_INVAL);
        assertFailed(copyBetween(s, srcFh, dstFh, copy(src, dst, 300_001, 0, 0)), OP_COPY, NfsStat4.NFS4ERR_INVAL);
        assertFailed(copyBetween(s, srcFh, dstFh, copy(src, dst, -1L, 0, 0)), OP_COPY, NfsStat4.NFS4ERR_INVAL);
        assertThat(Files.size(dstPath)).isEqualTo(450_000);
    }

    @Test
    void aLongCopyIsShortAndTheClientGoesOn() throws IOException {
        Session s = newSession("copy-long");
        String srcName = unique("copy-long-src");
        byte[] data = random((17 << 20) + 4321);
        Files.write(gw.rw.resolve(srcName), data);
        String dstName = unique("copy-long-dst");
        Files.write(gw.rw.resolve(dstName), new byte[0]);
        byte[] srcFh = fh(s, "rw", srcName);
        byte[] dstFh = fh(s, "rw", dstName);

        long pos = 0;
        int calls = 0;
        while (pos < data.length) {
            long n = copied(copyBetween(s, srcFh, dstFh, copy(Stateid4.ANONYMOUS, Stateid4.ANONYMOUS, pos, pos, 0))).count();
            assertThat(n).as("progress at %d", pos).isPositive();
            pos += n;
            calls++;
        }
        assertThat(pos).isEqualTo(data.length);
        assertThat(calls).as("one COPY does not copy 17 MiB at once").isGreaterThan(1);
        assertThat(Files.readAllBytes(gw.rw.resolve(dstName))).isEqualTo(data);
    }

    @Test
    void copyChecksStateidsAsReadAndWriteDo() throws IOException {
        Session s = newSession("copy-sid");
        String srcName = unique("copy-sid-src");
        byte[] data = random(10_000);
        Files.write(gw.rw.resolve(srcName), data);
        String dstName = unique("copy-sid-dst");
        Stateid4 dst = create(s, "rw", dstName);
        byte[] srcFh = fh(s, "rw", srcName);
        byte[] dstFh = fh(s, "rw", dstName);
        Stateid4 srcRead = openAs(s, "reader", "rw", srcName, OPEN4_SHARE_ACCESS_READ);

        byte[] other = dst.other().clone();
        other[11] ^= 0x5a;
        Stateid4 bogus = new Stateid4(1, other);
        assertFailed(copyBetween(s, srcFh, dstFh, copy(bogus, dst, 0, 0, 0)), OP_COPY, NfsStat4.NFS4ERR_BAD_STATEID);
        assertFailed(copyBetween(s, srcFh, dstFh, copy(srcRead, bogus, 0, 0, 0)), OP_COPY, NfsStat4.NFS4ERR_BAD_STATEID);
        // the destination's stateid of the source file, and the other way round
        assertFailed(copyBetween(s, srcFh, dstFh, copy(dst, dst, 0, 0, 0)), OP_COPY, NfsStat4.NFS4ERR_BAD_STATEID);
        // a read-only open cannot be written through
        Stateid4 dstRead = openAs(s, "reader", "rw", dstName, OPEN4_SHARE_ACCESS_READ);
        assertFailed(copyBetween(s, srcFh, dstFh, copy(srcRead, dstRead, 0, 0, 0)), OP_COPY, NfsStat4.NFS4ERR_OPENMODE);
        assertThat(Files.size(gw.rw.resolve(dstName))).isZero();
        // the all-ones stateid may read the source
        assertThat(copied(copyBetween(s, srcFh, dstFh, copy(Stateid4.READ_BYPASS, dst, 0, 0, 0))).count())
                .isEqualTo(10_000);
        assertThat(Files.readAllBytes(gw.rw.resolve(dstName))).isEqualTo(data);
        // the current stateid: the one the OPEN before it in the COMPOUND produced (the destination's)
        COMPOUND4res current = s.seqMinor(2, list(putfh(srcFh), savefh(), root("rw"),
                openCreate(s.owner("o"), dstName, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, unchecked()),
                copy(srcRead, Stateid4.CURRENT, 0, 20_000, 100)));
        assertThat(copied(current).count()).isEqualTo(100);
        assertThat(Files.size(gw.rw.resolve(dstName))).isEqualTo(20_100);
        // the all-ones stateid writes through COPY exactly as far as it does through WRITE
        String viaWrite = Res.status(s.seq(putfh(dstFh), write(Stateid4.READ_BYPASS, 30_000, new byte[1])));
        assertThat(Res.status(copyBetween(s, srcFh, dstFh, copy(srcRead, Stateid4.READ_BYPASS, 0, 40_000, 1))))
                .isEqualTo(viaWrite);
    }

    @Test
    void copyNeedsTwoRegularFilesOfOneExport() throws IOException {
        Session s = newSession("copy-type");
        String srcName = unique("copy-type-src");
        Files.write(gw.rw.resolve(srcName), random(1000));
        String dstName = unique("copy-type-dst");
        Files.write(gw.rw.resolve(dstName), new byte[0]);
        String dirName = unique("copy-type-dir");
        Files.createDirectory(gw.rw.resolve(dirName));
        String linkName = unique("copy-type-link");
        Files.createSymbolicLink(gw.rw.resolve(linkName), gw.rw.resolve(srcName));
        byte[] srcFh = fh(s, "rw", srcName);
        byte[] dstFh = fh(s, "rw", dstName);
        byte[] dirFh = fh(s, "rw", dirName);
        byte[] linkFh = fh(s, "rw", linkName);
        Stateid4 any = Stateid4.ANONYMOUS;

        assertFailed(copyBetween(s, dirFh, dstFh, copy(any, any, 0, 0, 0)), OP_COPY, NfsStat4.NFS4ERR_ISDIR);
        assertFailed(copyBetween(s, srcFh, dirFh, copy(any, any, 0, 0, 0)), OP_COPY, NfsStat4.NFS4ERR_ISDIR);
        assertFailed(copyBetween(s, linkFh, dstFh, copy(any, any, 0, 0, 0)), OP_COPY, NfsStat4.NFS4ERR_WRONG_TYPE);
        // no saved filehandle
        assertFailed(s.seqMinor(2, putfh(dstFh), copy(any, any, 0, 0, 0)), OP_COPY, NfsStat4.NFS4ERR_NOFILEHANDLE);

        // another export is another file system
        String otherName = unique("copy-type-other");
        Files.write(gw.squash.resolve(otherName), new byte[0]);
        byte[] otherFh = fh(s, "squash", otherName);
        assertFailed(copyBetween(s, srcFh, otherFh, copy(any, any, 0, 0, 0)), OP_COPY, NfsStat4.NFS4ERR_XDEV);
        assertFailed(copyBetween(s, otherFh, dstFh, copy(any, any, 0, 0, 0)), OP_COPY, NfsStat4.NFS4ERR_XDEV);
        // a read-only export cannot be the destination
        String roName = unique("copy-type-ro");
        Files.write(gw.ro.resolve(roName), random(10));
        byte[] roFh = fh(s, "ro", roName);
        assertFailed(copyBetween(s, roFh, roFh, copy(any, any, 0, 100, 0)), OP_COPY, NfsStat4.NFS4ERR_ROFS);
        // no inter-server copies
        Netloc4 elsewhere = new Netloc4(NL4_NAME, "other-server.example", null);
        assertFailed(copyBetween(s, srcFh, dstFh, new COPY4args(any, any, 0, 0, 0, false, true, List.of(elsewhere))),
                OP_COPY, NfsStat4.NFS4ERR_NOTSUPP);
        assertThat(Files.size(gw.rw.resolve(dstName))).isZero();
    }

    @Test
    void copyInsideOneFileMustNotOverlap() throws IOException {
        Session s = newSession("copy-self");
        String name = unique("copy-self");
        byte[] data = random(8192);
        Files.write(gw.rw.resolve(name), data);
        byte[] f = fh(s, "rw", name);
        Stateid4 any = Stateid4.ANONYMOUS;
        assertFailed(copyBetween(s, f, f, copy(any, any, 0, 4000, 4192)), OP_COPY, NfsStat4.NFS4ERR_INVAL);
        assertFailed(copyBetween(s, f, f, copy(any, any, 100, 0, 0)), OP_COPY, NfsStat4.NFS4ERR_INVAL);
        assertThat(copied(copyBetween(s, f, f, copy(any, any, 0, 8192, 0))).count()).isEqualTo(8192);
        byte[] twice = Files.readAllBytes(gw.rw.resolve(name));
        assertThat(Arrays.copyOf(twice, 8192)).isEqualTo(data);
        assertThat(Arrays.copyOfRange(twice, 8192, 16384)).isEqualTo(data);
    }

    // ------------------------------------------------------------------ READ_PLUS

    /** Data at 0..64K and 1M..1M+64K, holes between and after, 1.5M in all. */
    private Path sparseFile(String name, byte[] first, byte[] second) throws IOException {
        Path p = gw.rw.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.write(first);
            f.seek(1 << 20);
            f.write(second);
            f.setLength(3 << 19);
        }
        return p;
    }

    /**
     * READ_PLUS from offset 0 until rpr_eof, putting the segments together; each reply must go on
     * where the last ended, each segment where the one before ended.
     */
    private static byte[] readPlusAll(Session s, byte[] fh, Stateid4 sid, int count, int[] holesAndData)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long pos = 0;
        for (int calls = 0; ; calls++) {
            assertThat(calls).as("READ_PLUS calls").isLessThan(10_000);
            READ_PLUS4resok r = Res.get(Res.ok(s.seqMinor(2, putfh(fh), readPlus(sid, pos, count))), READ_PLUS4res.class).resok();
            for (ReadPlusContent4 c : r.contents()) {
                if (c instanceof ReadPlusContent4.Hole h) {
                    assertThat(h.offset()).as("hole offset").isEqualTo(pos);
                    assertThat(h.length()).isPositive();
                    out.write(new byte[(int) h.length()]);
                    pos += h.length();
                    holesAndData[0]++;
                } else {
                    ReadPlusContent4.Data d = (ReadPlusContent4.Data) c;
                    assertThat(d.offset()).as("data offset").isEqualTo(pos);
                    ByteBuffer b = d.data().duplicate();
                    byte[] bytes = new byte[b.remaining()];
                    b.get(bytes);
                    out.write(bytes);
                    pos += bytes.length;
                    holesAndData[1]++;
                }
            }
            if (r.eof()) {
                return out.toByteArray();
            }
            assertThat(r.contents()).as("a reply that is not the last carries something").isNotEmpty();
        }
    }

    @Test
    void readPlusSendsHolesAndData() throws IOException {
        Session s = newSession("rplus");
        String name = unique("rplus");
        byte[] first = random(64 * 1024);
        byte[] second = random(64 * 1024);
        Path p = sparseFile(name, first, second);
        byte[] fh = fh(s, "rw", name);
        Stateid4 sid = openAs(s, "reader", "rw", name, OPEN4_SHARE_ACCESS_READ);

        int[] counts = new int[2];
        byte[] back = readPlusAll(s, fh, sid, 1 << 20, counts);
        assertThat(back).isEqualTo(Files.readAllBytes(p));
        assertThat(counts[0]).as("hole segments").isPositive();
        assertThat(counts[1]).as("data segments").isPositive();

        // the first reply: data at 0, then a hole up to where the range ends
        READ_PLUS4resok head = Res.get(Res.ok(s.seqMinor(2, putfh(fh), readPlus(sid, 0, 128 * 1024))), READ_PLUS4res.class).resok();
        assertThat(head.eof()).isFalse();
        assertThat(head.contents()).hasSize(2);
        assertThat(head.contents().get(0)).isInstanceOf(ReadPlusContent4.Data.class);
        assertThat(((ReadPlusContent4.Data) head.contents().get(0)).data().remaining()).isEqualTo(64 * 1024);
        assertThat(head.contents().get(1)).isEqualTo(new ReadPlusContent4.Hole(64 * 1024, 64 * 1024));
        // from inside the hole at the end: one hole, to the end of the file
        READ_PLUS4resok tail = Res.get(Res.ok(s.seqMinor(2, putfh(fh), readPlus(Stateid4.ANONYMOUS, (1 << 20) + (100 << 10), 4096))),
                READ_PLUS4res.class).resok();
        assertThat(tail.contents()).containsExactly(new ReadPlusContent4.Hole((1 << 20) + (100 << 10), 4096));
        READ_PLUS4resok last = Res.get(Res.ok(s.seqMinor(2, putfh(fh), readPlus(sid, (3 << 19) - 10, 4096))),
                READ_PLUS4res.class).resok();
        assertThat(last.eof()).isTrue();
        assertThat(last.contents()).containsExactly(new ReadPlusContent4.Hole((3 << 19) - 10, 10));
        // at and past the end: nothing, and eof
        for (long at : new long[] {3 << 19, (3 << 19) + 1, 1L << 40}) {
            READ_PLUS4resok end = Res.get(Res.ok(s.seqMinor(2, putfh(fh), readPlus(sid, at, 4096))), READ_PLUS4res.class).resok();
            assertThat(end.eof()).as("eof at %d", at).isTrue();
            assertThat(end.contents()).as("contents at %d", at).isEmpty();
        }
    }

    @Test
    void readPlusOfAFileWithoutHolesIsRead() throws IOException {
        Session s = newSession("rplus-dense");
        String name = unique("rplus-dense");
        byte[] data = random(100_000);
        Files.write(gw.rw.resolve(name), data);
        byte[] fh = fh(s, "rw", name);
        READ_PLUS4resok r = Res.get(Res.ok(s.seqMinor(2, putfh(fh), readPlus(Stateid4.ANONYMOUS, 10, 200_000))),
                READ_PLUS4res.class).resok();
        assertThat(r.eof()).isTrue();
        assertThat(r.contents()).hasSize(1);
        ReadPlusContent4.Data d = (ReadPlusContent4.Data) r.contents().get(0);
        assertThat(d.offset()).isEqualTo(10);
        byte[] got = new byte[d.data().remaining()];
        d.data().duplicate().get(got);
        assertThat(got).isEqualTo(Arrays.copyOfRange(data, 10, 100_000));
        // count 0 reads nothing before the end
        READ_PLUS4resok none = Res.get(Res.ok(s.seqMinor(2, putfh(fh), readPlus(Stateid4.ANONYMOUS, 0, 0))),
                READ_PLUS4res.class).resok();
        assertThat(none.contents()).isEmpty();
        assertThat(none.eof()).isFalse();
        // checked as READ is: a directory, a made-up stateid
        assertFailed(s.seqMinor(2, list(root("rw"), readPlus(Stateid4.ANONYMOUS, 0, 10))), OP_READ_PLUS,
                NfsStat4.NFS4ERR_ISDIR);
        Stateid4 sid = openAs(s, "reader", "rw", name, OPEN4_SHARE_ACCESS_READ);
        byte[] other = sid.other().clone();
        other[11] ^= 0x21;
        assertFailed(s.seqMinor(2, putfh(fh), readPlus(new Stateid4(1, other), 0, 10)), OP_READ_PLUS,
                NfsStat4.NFS4ERR_BAD_STATEID);
    }

    @Test
    void readPlusRepliesFitTheSessionsResponseSize() throws IOException {
        Session s = new Session(connect(), unique("rplus-small"));
        assertThat(s.exchangeId().status()).isEqualTo(NfsStat4.NFS4_OK);
        int maxResponse = 16 * 1024;
        assertThat(s.createSession(new ChannelAttrs4(0, 1 << 20, maxResponse, 8 * 1024, 16, 8, null)).status())
                .isEqualTo(NfsStat4.NFS4_OK);
        Res.ok(s.reclaimComplete());
        // 4 KiB of data, 4 KiB of hole, 64 times: many segments for the bytes
        String name = unique("rplus-striped");
        Path p = gw.rw.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            for (int i = 0; i < 64; i++) {
                f.seek(i * 8192L);
                f.write(random(4096));
            }
            f.setLength(64 * 8192L);
        }
        byte[] fh = fh(s, "rw", name);
        int[] counts = new int[2];
        byte[] back = readPlusAll(s, fh, Stateid4.ANONYMOUS, 1 << 20, counts);
        assertThat(back).isEqualTo(Files.readAllBytes(p));
        assertThat(counts[1]).as("data segments").isGreaterThanOrEqualTo(64);

        READ_PLUS4res one = Res.get(Res.ok(s.seqMinor(2, putfh(fh), readPlus(Stateid4.ANONYMOUS, 0, 1 << 20))), READ_PLUS4res.class);
        XdrEncoder x = new XdrEncoder();
        one.encode(x);
        assertThat(x.position()).as("READ_PLUS4res bytes").isLessThanOrEqualTo(maxResponse);
    }

    // ------------------------------------------------------------------ minor versions, offload

    @Test
    void offloadAndCopyNotifyAreNotSupported() throws IOException {
        Session s = newSession("offload");
        byte[] root = Res.fh(Res.ok(s.seq(list(root("rw"), getfh()))));
        Stateid4 some = new Stateid4(1, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        assertFailed(s.seqMinor(2, putfh(root), new OFFLOAD_STATUS4args(some)), OP_OFFLOAD_STATUS, NfsStat4.NFS4ERR_NOTSUPP);
        assertFailed(s.seqMinor(2, putfh(root), new OFFLOAD_CANCEL4args(some)), OP_OFFLOAD_CANCEL, NfsStat4.NFS4ERR_NOTSUPP);
        assertFailed(s.seqMinor(2, putfh(root), new COPY_NOTIFY4args(Stateid4.ANONYMOUS,
                new Netloc4(NL4_NAME, "dest.example", null))), OP_COPY_NOTIFY, NfsStat4.NFS4ERR_NOTSUPP);
    }

    @Test
    void copyAndReadPlusDoNotExistInMinorVersionOne() throws IOException {
        Session s = newSession("v41");
        String name = unique("v41");
        Files.write(gw.rw.resolve(name), random(100));
        byte[] f = fh(s, "rw", name);
        // as for SEEK and ALLOCATE: operations beyond 4.1's range are illegal there (RFC 8881 §15.2)
        COMPOUND4res copy = s.seqMinor(1, putfh(f), savefh(), copy(Stateid4.ANONYMOUS, Stateid4.ANONYMOUS, 0, 200, 0));
        assertThat(Res.status(copy)).isEqualTo("NFS4ERR_OP_ILLEGAL");
        assertThat(Res.last(copy).opnum()).isEqualTo(OP_ILLEGAL);
        COMPOUND4res rp = s.seqMinor(1, putfh(f), readPlus(Stateid4.ANONYMOUS, 0, 10));
        assertThat(Res.status(rp)).isEqualTo("NFS4ERR_OP_ILLEGAL");
        assertThat(Res.status(s.seqMinor(1, putfh(f), new OFFLOAD_STATUS4args(Stateid4.ANONYMOUS))))
                .isEqualTo("NFS4ERR_OP_ILLEGAL");
        assertThat(Files.size(gw.rw.resolve(name))).isEqualTo(100);
    }
}
