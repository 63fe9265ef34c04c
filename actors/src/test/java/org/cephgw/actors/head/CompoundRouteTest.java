package org.cephgw.actors.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.cephgw.actors.head.CompoundRoute.Any;
import org.cephgw.actors.head.CompoundRoute.ByHead;
import org.cephgw.actors.head.CompoundRoute.ByOwner;
import org.cephgw.actors.head.CompoundRoute.Target;
import org.cephgw.actors.state.Ids;
import org.cephgw.protocol.nfs4.BIND_CONN_TO_SESSION4args;
import org.cephgw.protocol.nfs4.Bitmap4;
import org.cephgw.protocol.nfs4.COMPOUND4args;
import org.cephgw.protocol.nfs4.CREATE_SESSION4args;
import org.cephgw.protocol.nfs4.ChannelAttrs4;
import org.cephgw.protocol.nfs4.ClientOwner4;
import org.cephgw.protocol.nfs4.Compound;
import org.cephgw.protocol.nfs4.DESTROY_CLIENTID4args;
import org.cephgw.protocol.nfs4.DESTROY_SESSION4args;
import org.cephgw.protocol.nfs4.EXCHANGE_ID4args;
import org.cephgw.protocol.nfs4.GETATTR4args;
import org.cephgw.protocol.nfs4.Nfs4Const;
import org.cephgw.protocol.nfs4.NfsArgop;
import org.cephgw.protocol.nfs4.NfsOpnum4;
import org.cephgw.protocol.nfs4.PUTROOTFH4args;
import org.cephgw.protocol.nfs4.RECLAIM_COMPLETE4args;
import org.cephgw.protocol.nfs4.SEQUENCE4args;
import org.cephgw.protocol.nfs4.StateProtect4A;
import org.cephgw.protocol.rpc.AuthSysParms;
import org.cephgw.protocol.rpc.OpaqueAuth;
import org.cephgw.protocol.rpc.RpcCall;
import org.cephgw.protocol.rpc.RpcCalls;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.junit.jupiter.api.Test;

/** Routing a COMPOUND to its head from its first bytes. */
class CompoundRouteTest {

    private static final byte[] TAG = "tag".getBytes(StandardCharsets.US_ASCII);
    private static final ChannelAttrs4 ATTRS = new ChannelAttrs4(0, 1 << 20, 1 << 20, 4096, 16, 64, null);

    // ------------------------------------------------------------------ building calls

    private static byte[] encode(COMPOUND4args args) {
        XdrEncoder x = new XdrEncoder();
        Compound.encodeArgs(x, args);
        return x.toByteArray();
    }

    private static byte[] record(byte[] args, OpaqueAuth cred) {
        return RpcCalls.call(0x1234, Nfs4Const.NFS4_PROGRAM, Nfs4Const.NFS_V4, Nfs4Const.NFSPROC4_COMPOUND, cred, args);
    }

    private static RpcCall call(byte[] args) {
        return RpcCall.decode(record(args, OpaqueAuth.NONE));
    }

    /** A valid call header followed by these bytes, of any length (a record need not be whole words). */
    private static RpcCall rawCall(byte[] args) {
        byte[] header = record(new byte[0], OpaqueAuth.NONE);
        byte[] rec = Arrays.copyOf(header, header.length + args.length);
        System.arraycopy(args, 0, rec, header.length, args.length);
        RpcCall call = RpcCall.decode(rec);
        assertThat(call.argsOffset()).isEqualTo(header.length);
        return call;
    }

    private static RpcCall compound(int minor, byte[] tag, NfsArgop... ops) {
        return call(encode(new COMPOUND4args(tag, minor, List.of(ops))));
    }

    private static RpcCall compound(NfsArgop... ops) {
        return compound(1, TAG, ops);
    }

    private static Target route(RpcCall call) {
        return CompoundRoute.target(call);
    }

    private static byte[] session(int head) {
        return Ids.sessionId(Ids.clientId(head, 0xabcdef, 42), 7, 0x5eed);
    }

    private static SEQUENCE4args sequence(byte[] sessionid) {
        return new SEQUENCE4args(sessionid, 1, 0, 0, false);
    }

    private static CREATE_SESSION4args createSession(long clientid) {
        return new CREATE_SESSION4args(clientid, 1, 0, ATTRS, ATTRS, 0x40000000, List.of());
    }

    private static EXCHANGE_ID4args exchangeId(byte[] owner) {
        return new EXCHANGE_ID4args(new ClientOwner4(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, owner),
                Nfs4Const.EXCHGID4_FLAG_SUPP_MOVED_REFER, StateProtect4A.NONE, null);
    }

    // ------------------------------------------------------------------ the cases

    @Test
    void theOpnumsAreTheProtocols() {
        assertThat(NfsOpnum4.OP_BIND_CONN_TO_SESSION).isEqualTo(41);
        assertThat(NfsOpnum4.OP_EXCHANGE_ID).isEqualTo(42);
        assertThat(NfsOpnum4.OP_CREATE_SESSION).isEqualTo(43);
        assertThat(NfsOpnum4.OP_DESTROY_SESSION).isEqualTo(44);
        assertThat(NfsOpnum4.OP_SEQUENCE).isEqualTo(53);
        assertThat(NfsOpnum4.OP_DESTROY_CLIENTID).isEqualTo(57);
    }

    @Test
    void sequenceGoesToTheHeadOfItsSession() {
        assertThat(route(compound(sequence(session(7)), new PUTROOTFH4args(), new GETATTR4args(Bitmap4.of(1)))))
                .isEqualTo(new ByHead(7));
        assertThat(route(compound(sequence(session(0))))).isEqualTo(new ByHead(0));
        // the top bit of the first byte is not a sign
        assertThat(route(compound(sequence(session(255)), new PUTROOTFH4args()))).isEqualTo(new ByHead(255));
        // minor version 2 alike
        assertThat(route(compound(2, TAG, sequence(session(128))))).isEqualTo(new ByHead(128));
        // routing to a head allocates no target
        assertThat(route(compound(sequence(session(7))))).isSameAs(route(compound(sequence(session(7)))));
    }

    @Test
    void aHeadIndexIsOneByte() {
        assertThat(new ByHead(0).index()).isZero();
        assertThat(new ByHead(255).index()).isEqualTo(255);
        assertThatThrownBy(() -> new ByHead(256)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256");
        assertThatThrownBy(() -> new ByHead(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sessionOperationsGoToTheHeadOfTheirSession() {
        assertThat(route(compound(new DESTROY_SESSION4args(session(3))))).isEqualTo(new ByHead(3));
        assertThat(route(compound(new BIND_CONN_TO_SESSION4args(session(200), Nfs4Const.CDFC4_FORE_OR_BOTH, false))))
                .isEqualTo(new ByHead(200));
    }

    @Test
    void clientOperationsGoToTheHeadOfTheirClientid() {
        assertThat(route(compound(createSession(Ids.clientId(9, 1, 2))))).isEqualTo(new ByHead(9));
        assertThat(route(compound(createSession(Ids.clientId(255, 0xffffff, -1))))).isEqualTo(new ByHead(255));
        assertThat(route(compound(new DESTROY_CLIENTID4args(Ids.clientId(33, 5, 6))))).isEqualTo(new ByHead(33));
    }

    @Test
    void exchangeIdGoesByItsOwner() {
        byte[] owner = "Linux NFSv4.2 host-1".getBytes(StandardCharsets.US_ASCII);
        Target t = route(compound(exchangeId(owner)));
        assertThat(t).isEqualTo(new ByOwner(owner));
        assertThat(((ByOwner) t).ownerId()).containsExactly(owner);
        // lengths that need padding, none, and the most allowed
        for (int len : new int[] {0, 1, 2, 3, 5, 1023, 1024}) {
            byte[] o = new byte[len];
            Arrays.fill(o, (byte) 0xa5);
            assertThat(route(compound(exchangeId(o)))).as("owner of %d bytes", len).isEqualTo(new ByOwner(o));
        }
        assertThat(new ByOwner(new byte[] {1, 2}).toString()).isEqualTo("ByOwner[0102]");
        assertThat(new ByOwner(new byte[] {1, 2})).hasSameHashCodeAs(new ByOwner(new byte[] {1, 2}));
    }

    @Test
    void theTagIsSkippedWhateverItsLength() {
        for (int len = 0; len <= 9; len++) {
            byte[] tag = new byte[len];
            Arrays.fill(tag, (byte) 'x');
            assertThat(route(compound(1, tag, sequence(session(5))))).isEqualTo(new ByHead(5));
        }
        byte[] longest = new byte[1024];
        assertThat(route(compound(1, longest, new DESTROY_CLIENTID4args(Ids.clientId(6, 0, 0)))))
                .isEqualTo(new ByHead(6));
    }

    @Test
    void anAuthSysCredentialMovesTheArgumentsNotTheRoute() {
        byte[] args = encode(new COMPOUND4args(TAG, 1, List.of(sequence(session(12)))));
        RpcCall call = RpcCall.decode(record(args,
                OpaqueAuth.authSys(new AuthSysParms(1, "client.example", 1000, 1000, new int[] {1000, 10}))));
        assertThat(call.argsOffset()).isGreaterThan(40);
        assertThat(route(call)).isEqualTo(new ByHead(12));
    }

    @Test
    void otherCompoundsGoAnywhere() {
        // empty
        assertThat(route(compound())).isEqualTo(CompoundRoute.ANY);
        // other first operations, also when a routable one follows
        assertThat(route(compound(new PUTROOTFH4args(), sequence(session(3))))).isInstanceOf(Any.class);
        assertThat(route(compound(new RECLAIM_COMPLETE4args(false)))).isInstanceOf(Any.class);
        // minor version 0 has no sessions; an unknown minor version is answered by any head
        assertThat(route(compound(0, TAG, sequence(session(3))))).isInstanceOf(Any.class);
        assertThat(route(compound(3, TAG, sequence(session(3))))).isInstanceOf(Any.class);
        assertThat(route(compound(-1, TAG, new DESTROY_CLIENTID4args(Ids.clientId(3, 0, 0))))).isInstanceOf(Any.class);
    }

    @Test
    void otherProceduresGoAnywhere() {
        byte[] args = encode(new COMPOUND4args(TAG, 1, List.of(sequence(session(3)))));
        RpcCall nullProc = RpcCall.decode(RpcCalls.call(1, Nfs4Const.NFS4_PROGRAM, Nfs4Const.NFS_V4, 0, OpaqueAuth.NONE, args));
        RpcCall v3 = RpcCall.decode(RpcCalls.call(1, Nfs4Const.NFS4_PROGRAM, 3, 1, OpaqueAuth.NONE, args));
        RpcCall other = RpcCall.decode(RpcCalls.call(1, 100005, Nfs4Const.NFS_V4, 1, OpaqueAuth.NONE, args));
        assertThat(route(nullProc)).isInstanceOf(Any.class);
        assertThat(route(v3)).isInstanceOf(Any.class);
        assertThat(route(other)).isInstanceOf(Any.class);
    }

    @Test
    void moreOperationsThanTheExecutorTakesStillGoToTheSession() {
        // so that the session's head answers NFS4ERR_TOO_MANY_OPS, as the executor does
        byte[] args = encode(new COMPOUND4args(TAG, 1, List.of(sequence(session(21)))));
        int countAt = 4 + 4 + 4;
        for (int count : new int[] {1025, 0x7fffffff, 0x80000000, 0xffffffff}) {
            ByteBuffer.wrap(args).putInt(countAt, count);
            assertThat(route(call(args))).as("count %08x", count).isEqualTo(new ByHead(21));
        }
        ByteBuffer.wrap(args).putInt(countAt, 0);
        assertThat(route(call(args))).isInstanceOf(Any.class);
    }

    // ------------------------------------------------------------------ what cannot be read

    @Test
    void everyTruncationGoesAnywhereUntilTheHeadIsThere() {
        check(encode(new COMPOUND4args(TAG, 1, List.of(sequence(session(77))))), 8 + 4 + 4 + 4 + 16, new ByHead(77));
        check(encode(new COMPOUND4args(TAG, 1, List.of(new DESTROY_SESSION4args(session(78))))), 8 + 12 + 16,
                new ByHead(78));
        check(encode(new COMPOUND4args(TAG, 2, List.of(createSession(Ids.clientId(79, 1, 1))))), 8 + 12 + 8,
                new ByHead(79));
        check(encode(new COMPOUND4args(new byte[0], 1, List.of(new DESTROY_CLIENTID4args(Ids.clientId(80, 1, 1))))),
                4 + 12 + 8, new ByHead(80));
        byte[] owner = "owner".getBytes(StandardCharsets.US_ASCII);
        // verifier, length, 5 bytes and 3 of padding
        check(encode(new COMPOUND4args(TAG, 1, List.of(exchangeId(owner)))), 8 + 12 + 8 + 4 + 8, new ByOwner(owner));
    }

    /** Cut after every byte: {@link Any} while fewer than {@code needed} bytes of arguments are there. */
    private static void check(byte[] args, int needed, Target whole) {
        byte[] rec = record(args, OpaqueAuth.NONE);
        int at = RpcCall.decode(rec).argsOffset();
        for (int len = 0; len <= rec.length; len++) {
            Target t = CompoundRoute.target(Arrays.copyOf(rec, len), at);
            assertThat(t).as("cut at %d of %d", len - at, args.length).isEqualTo(len - at < needed ? CompoundRoute.ANY : whole);
        }
    }

    @Test
    void oversizedLengthsGoAnywhere() {
        // tag: longer than the decoder takes, claiming more than is there, "negative"
        for (int len : new int[] {1025, 4096, 0x7ffffffd, 0x80000000, 0xffffffff}) {
            byte[] args = withTagLength(encode(new COMPOUND4args(new byte[0], 1, List.of(sequence(session(1))))), len);
            assertThat(route(call(args))).as("tag length %08x", len).isInstanceOf(Any.class);
        }
        // co_ownerid alike
        byte[] args = encode(new COMPOUND4args(new byte[0], 1, List.of(exchangeId(new byte[8]))));
        int ownerLengthAt = 4 + 12 + 8;
        for (int len : new int[] {64, 1025, 0x7ffffffd, 0x80000000, 0xffffffff}) {
            ByteBuffer.wrap(args).putInt(ownerLengthAt, len);
            assertThat(route(call(args))).as("owner length %08x", len).isInstanceOf(Any.class);
        }
        // a tag of 1025 bytes is refused even when the bytes are there
        XdrEncoder x = new XdrEncoder();
        x.writeOpaque(new byte[1025]).writeInt(1).writeInt(1);
        Compound.encodeArgop(x, sequence(session(1)));
        assertThat(route(call(x.toByteArray()))).isInstanceOf(Any.class);
    }

    private static byte[] withTagLength(byte[] args, int len) {
        ByteBuffer.wrap(args).putInt(0, len);
        return args;
    }

    @Test
    void badOffsetsGoAnywhere() {
        byte[] rec = record(encode(new COMPOUND4args(TAG, 1, List.of(sequence(session(1))))), OpaqueAuth.NONE);
        assertThat(CompoundRoute.target(rec, -1)).isInstanceOf(Any.class);
        assertThat(CompoundRoute.target(rec, rec.length)).isInstanceOf(Any.class);
        assertThat(CompoundRoute.target(rec, rec.length + 1)).isInstanceOf(Any.class);
        assertThat(CompoundRoute.target(rec, Integer.MAX_VALUE)).isInstanceOf(Any.class);
        assertThat(CompoundRoute.target(new byte[0], 0)).isInstanceOf(Any.class);
    }

    // ------------------------------------------------------------------ properties

    /** Random bytes as the arguments of a valid RPC header: never throws, never invents more than is there. */
    @Property(tries = 2000)
    void randomArgumentsNeverThrow(@ForAll @Size(max = 1200) byte[] args) {
        Target t = route(rawCall(args));
        assertThat(t).isNotNull();
        if (t instanceof ByHead h) {
            assertThat(h.index()).isBetween(0, 255);
        } else if (t instanceof ByOwner o) {
            assertThat(o.ownerId().length).isLessThanOrEqualTo(Math.min(1024, args.length));
        }
    }

    /**
     * Random bytes after a plausible COMPOUND header (short tag, minor version 0..3, a routable
     * or other opnum), which reach the operation-specific reads far more often than pure noise.
     */
    @Property(tries = 2000)
    void randomOperationsNeverThrow(@ForAll @IntRange(max = 8) int tagLength, @ForAll @IntRange(max = 3) int minor,
                                    @ForAll("opnums") int opnum, @ForAll @Size(max = 64) byte[] rest) {
        XdrEncoder x = new XdrEncoder();
        x.writeOpaque(new byte[tagLength]).writeInt(minor).writeInt(1).writeInt(opnum);
        byte[] head = x.toByteArray();
        byte[] args = Arrays.copyOf(head, head.length + rest.length);
        System.arraycopy(rest, 0, args, head.length, rest.length);
        Target t = route(rawCall(args));
        if (minor == 0 || minor == 3 || !routable(opnum)) {
            assertThat(t).isInstanceOf(Any.class);
        } else if (t instanceof ByHead h) {
            assertThat(h.index()).isEqualTo(rest[0] & 0xff);
        } else if (t instanceof ByOwner o) {
            assertThat(opnum).isEqualTo(NfsOpnum4.OP_EXCHANGE_ID);
            assertThat(o.ownerId()).containsExactly(Arrays.copyOfRange(rest, 12, 12 + o.ownerId().length));
        }
    }

    @Provide
    Arbitrary<Integer> opnums() {
        return Arbitraries.oneOf(Arbitraries.of(NfsOpnum4.OP_SEQUENCE, NfsOpnum4.OP_CREATE_SESSION,
                NfsOpnum4.OP_DESTROY_SESSION, NfsOpnum4.OP_DESTROY_CLIENTID, NfsOpnum4.OP_BIND_CONN_TO_SESSION,
                NfsOpnum4.OP_EXCHANGE_ID), Arbitraries.integers());
    }

    private static boolean routable(int opnum) {
        return opnum == NfsOpnum4.OP_SEQUENCE || opnum == NfsOpnum4.OP_CREATE_SESSION
                || opnum == NfsOpnum4.OP_DESTROY_SESSION || opnum == NfsOpnum4.OP_DESTROY_CLIENTID
                || opnum == NfsOpnum4.OP_BIND_CONN_TO_SESSION || opnum == NfsOpnum4.OP_EXCHANGE_ID;
    }

    /** What the full decoder reads from a COMPOUND, the route reads too. */
    @Property(tries = 1000)
    void agreesWithTheDecoder(@ForAll("firstOps") NfsArgop first, @ForAll @IntRange(min = 1, max = 2) int minor,
                              @ForAll @IntRange(max = 3) int more, @ForAll @Size(max = 40) byte[] tag) {
        List<NfsArgop> ops = new ArrayList<>();
        ops.add(first);
        for (int i = 0; i < more; i++) {
            ops.add(new PUTROOTFH4args());
        }
        RpcCall call = call(encode(new COMPOUND4args(tag, minor, ops)));
        NfsArgop decoded = Compound.decodeArgs(call.args()).argarray().get(0);
        Target expected;
        if (decoded instanceof SEQUENCE4args s) {
            expected = new ByHead(s.sessionid()[0] & 0xff);
        } else if (decoded instanceof DESTROY_SESSION4args s) {
            expected = new ByHead(s.sessionid()[0] & 0xff);
        } else if (decoded instanceof BIND_CONN_TO_SESSION4args s) {
            expected = new ByHead(s.sessid()[0] & 0xff);
        } else if (decoded instanceof CREATE_SESSION4args s) {
            expected = new ByHead(Ids.head(s.clientid()));
        } else if (decoded instanceof DESTROY_CLIENTID4args s) {
            expected = new ByHead(Ids.head(s.clientid()));
        } else if (decoded instanceof EXCHANGE_ID4args s) {
            expected = new ByOwner(s.clientowner().coOwnerid());
        } else {
            expected = CompoundRoute.ANY;
        }
        assertThat(route(call)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<NfsArgop> firstOps() {
        Arbitrary<byte[]> sessionids = Arbitraries.bytes().array(byte[].class).ofSize(16);
        Arbitrary<Long> clientids = Arbitraries.longs();
        Arbitrary<byte[]> owners = Arbitraries.bytes().array(byte[].class).ofMaxSize(1024);
        return Arbitraries.<NfsArgop>oneOf(
                sessionids.map(CompoundRouteTest::sequence),
                sessionids.map(DESTROY_SESSION4args::new),
                Combinators.combine(sessionids, Arbitraries.of(Nfs4Const.CDFC4_FORE, Nfs4Const.CDFC4_BACK,
                        Nfs4Const.CDFC4_FORE_OR_BOTH, Nfs4Const.CDFC4_BACK_OR_BOTH))
                        .as((s, dir) -> new BIND_CONN_TO_SESSION4args(s, dir, false)),
                clientids.map(CompoundRouteTest::createSession),
                clientids.map(DESTROY_CLIENTID4args::new),
                owners.map(CompoundRouteTest::exchangeId),
                Arbitraries.just(new PUTROOTFH4args()),
                Arbitraries.just(new RECLAIM_COMPLETE4args(true)));
    }
}
