package org.cephgw.protocol.nfs4;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.cephgw.protocol.rpc.RpcCall;
import org.cephgw.protocol.rpc.RpcConstants;
import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real traffic: the Linux kernel client's calls and nfs-ganesha's replies, captured into
 * src/test/resources/golden (see the README there). Every call must decode without a
 * placeholder and re-encode byte for byte; so must every reply.
 */
class KernelCaptureTest {
    static Path goldenDir() {
        URL u = KernelCaptureTest.class.getResource("/golden");
        try {
            return u == null ? null : Path.of(u.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Path> calls() {
        return files(".rpc.hex");
    }

    static Stream<Path> replies() {
        return files(".reply.hex");
    }

    private static Stream<Path> files(String suffix) {
        Path dir = goldenDir();
        if (dir == null) {
            return Stream.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(Path p) {
        try {
            return HexFormat.of().parseHex(Files.readString(p).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The op names the README puts in the file name. */
    static List<String> opsOf(Path p) {
        String n = p.getFileName().toString().replaceAll("\\.(rpc|reply)\\.hex$", "");
        int plus = n.indexOf('+');
        if (plus >= 0) {
            n = n.substring(0, plus);
        }
        String[] parts = n.split("-");
        return Arrays.asList(parts).subList(2, parts.length);
    }

    static String opName(int opnum) {
        return NfsOpnum4.name(opnum).substring(3);
    }

    @Test
    void capturesArePresent() {
        assertThat(calls().count()).as("golden *.rpc.hex files").isGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void callDecodesAndReencodesIdentically(Path file) {
        byte[] record = hex(file);
        RpcCall call = RpcCall.decode(record);
        assertThat(call.program()).isEqualTo(Nfs4Const.NFS4_PROGRAM);
        assertThat(call.version()).isEqualTo(Nfs4Const.NFS_V4);
        if (call.procedure() == Nfs4Const.NFSPROC4_NULL) {
            assertThat(opsOf(file)).containsExactly("NULL");
            assertThat(call.args().remaining()).isZero();
            return;
        }
        assertThat(call.procedure()).isEqualTo(Nfs4Const.NFSPROC4_COMPOUND);
        assertThat(call.credential().flavor()).isEqualTo(RpcConstants.AUTH_SYS);
        assertThat(call.authSys()).isNotNull();

        XdrDecoder x = call.args();
        COMPOUND4args args = Compound.decodeArgs(x);
        assertThat(x.remaining()).as("bytes after the last op").isZero();
        assertThat(args.argarray()).noneMatch(Compound::isPlaceholder);
        assertThat(args.argarray()).extracting(op -> opName(op.opnum())).containsExactlyElementsOf(opsOf(file));
        assertThat(args.minorversion()).isEqualTo(file.getFileName().toString().contains("-v42-") ? 2 : 1);

        XdrEncoder e = new XdrEncoder();
        Compound.encodeArgs(e, args);
        byte[] original = Arrays.copyOfRange(record, call.argsOffset(), record.length);
        assertThat(HexFormat.of().formatHex(e.toByteArray())).isEqualTo(HexFormat.of().formatHex(original));

        // attributes the client sends decode with the typed codec
        for (NfsArgop op : args.argarray()) {
            Fattr4 f = attrsOf(op);
            if (f != null) {
                NfsAttrs a = NfsAttrs.decode(f);
                assertThat(a.encode(f.attrmask())).isEqualTo(f);
            }
        }
    }

    private static Fattr4 attrsOf(NfsArgop op) {
        if (op instanceof SETATTR4args s) {
            return s.objAttributes();
        }
        if (op instanceof CREATE4args c) {
            return c.createattrs();
        }
        if (op instanceof OPEN4args o && o.openhow().how() instanceof Createhow4.Unchecked4 u) {
            return u.createattrs();
        }
        if (op instanceof OPEN4args o && o.openhow().how() instanceof Createhow4.Guarded4 g) {
            return g.createattrs();
        }
        if (op instanceof OPEN4args o && o.openhow().how() instanceof Createhow4.Exclusive4_1 e) {
            return e.cvaAttrs();
        }
        return null;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void replyDecodesAndReencodesIdentically(Path file) {
        XdrDecoder x = new XdrDecoder(hex(file));
        x.readInt(); // xid
        assertThat(x.readInt()).isEqualTo(RpcConstants.REPLY);
        assertThat(x.readInt()).isEqualTo(RpcConstants.MSG_ACCEPTED);
        x.readInt(); // verifier flavor
        x.skipOpaque(RpcConstants.MAX_AUTH_BYTES);
        assertThat(x.readInt()).isEqualTo(RpcConstants.SUCCESS);
        if (opsOf(file).equals(List.of("NULL"))) {
            assertThat(x.remaining()).isZero();
            return;
        }
        int start = x.position();
        byte[] all = x.array();
        COMPOUND4res res = Compound.decodeRes(x);
        assertThat(x.remaining()).isZero();
        List<String> ops = opsOf(file);
        List<String> got = res.resarray().stream().map(r -> opName(r.opnum())).toList();
        if (res.status() == NfsStat4.NFS4_OK) {
            assertThat(got).isEqualTo(ops);
        } else {
            // evaluation stops at the first failing op, whose status is the COMPOUND's
            assertThat(got).isEqualTo(ops.subList(0, got.size()));
            assertThat(res.resarray().get(got.size() - 1).status()).isEqualTo(res.status());
        }

        XdrEncoder e = new XdrEncoder();
        Compound.encodeRes(e, res);
        assertThat(HexFormat.of().formatHex(e.toByteArray()))
                .isEqualTo(HexFormat.of().formatHex(Arrays.copyOfRange(all, start, all.length)));

        // every GETATTR reply decodes with the typed attribute codec and re-encodes identically
        for (NfsResop r : res.resarray()) {
            if (r instanceof GETATTR4res g && g.status() == NfsStat4.NFS4_OK) {
                NfsAttrs a = NfsAttrs.decode(g.objAttributes());
                assertThat(a.encode(g.objAttributes().attrmask())).isEqualTo(g.objAttributes());
            }
        }
    }
}
