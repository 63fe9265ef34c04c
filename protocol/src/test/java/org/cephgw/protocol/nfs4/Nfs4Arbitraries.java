package org.cephgw.protocol.nfs4;

import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import java.nio.ByteBuffer;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.cephgw.protocol.rpc.AuthSysParms;

/** Generators of every NFSv4 value, argument and result type, for property tests. */
final class Nfs4Arbitraries {
    private Nfs4Arbitraries() {
    }

    // ---------------------------------------------------------------- primitives

    static Arbitrary<Integer> i32() {
        return Arbitraries.integers();
    }

    static Arbitrary<Long> i64() {
        return Arbitraries.longs();
    }

    static Arbitrary<Boolean> bool() {
        return Arbitraries.of(true, false);
    }

    static Arbitrary<byte[]> bytes(int min, int max) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(max);
    }

    static Arbitrary<byte[]> fixed(int n) {
        return bytes(n, n);
    }

    static Arbitrary<ByteBuffer> buffers() {
        return bytes(0, 40).map(ByteBuffer::wrap);
    }

    /** Component names: ASCII, Latin, CJK and supplementary characters, all valid UTF-8. */
    static Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars("._-äöü€日本語\uD83D\uDE00 ")
                .ofMaxLength(24).filter(Nfs4Arbitraries::wellFormed);
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    static Arbitrary<Integer> status() {
        return Arbitraries.of(NfsStat4.NFS4ERR_PERM, NfsStat4.NFS4ERR_NOENT, NfsStat4.NFS4ERR_IO,
                NfsStat4.NFS4ERR_ACCESS, NfsStat4.NFS4ERR_BADXDR, NfsStat4.NFS4ERR_DELAY, NfsStat4.NFS4ERR_STALE,
                NfsStat4.NFS4ERR_BAD_STATEID, NfsStat4.NFS4ERR_NOTSUPP, NfsStat4.NFS4ERR_GRACE,
                NfsStat4.NFS4ERR_BADSESSION, NfsStat4.NFS4ERR_SEQ_MISORDERED, NfsStat4.NFS4ERR_XATTR2BIG);
    }

    // ---------------------------------------------------------------- values

    static Arbitrary<Stateid4> stateids() {
        return Arbitraries.oneOf(Combinators.combine(i32(), fixed(12)).as(Stateid4::new),
                Arbitraries.of(Stateid4.ANONYMOUS, Stateid4.READ_BYPASS, Stateid4.CURRENT, Stateid4.INVALID));
    }

    /** Raw words, trailing zero words included, to check they survive. */
    static Arbitrary<Bitmap4> bitmaps() {
        return Arbitraries.integers().array(int[].class).ofMaxSize(4).map(Bitmap4::new);
    }

    static Arbitrary<Fattr4> fattrs() {
        return Combinators.combine(bitmaps(), bytes(0, 30)).as(Fattr4::new);
    }

    static Arbitrary<Nfstime4> times() {
        return Combinators.combine(i64(), i32()).as(Nfstime4::new);
    }

    static Arbitrary<Specdata4> specdata() {
        return Combinators.combine(i32(), i32()).as(Specdata4::new);
    }

    static Arbitrary<ChangeInfo4> cinfo() {
        return Combinators.combine(bool(), i64(), i64()).as(ChangeInfo4::new);
    }

    static Arbitrary<StateOwner4> owners() {
        return Combinators.combine(i64(), bytes(0, 40)).as(StateOwner4::new);
    }

    static Arbitrary<Nfsace4> aces() {
        return Combinators.combine(i32(), i32(), i32(), names()).as(Nfsace4::new);
    }

    static Arbitrary<NfsImplId4> implIds() {
        return Combinators.combine(names(), names(), times()).as(NfsImplId4::new);
    }

    static Arbitrary<ChannelAttrs4> channelAttrs() {
        return Combinators.combine(i32(), i32(), i32(), i32(), i32(), i32(), i32().injectNull(0.5))
                .as(ChannelAttrs4::new);
    }

    static Arbitrary<AuthSysParms> authSys() {
        return Combinators.combine(i32(), Arbitraries.strings().ascii().ofMaxLength(30), i32(), i32(),
                Arbitraries.integers().array(int[].class).ofMaxSize(16)).as(AuthSysParms::new);
    }

    static Arbitrary<CallbackSecParms4> cbSec() {
        return Arbitraries.oneOf(Arbitraries.just(new CallbackSecParms4.AuthNone()),
                authSys().map(CallbackSecParms4.AuthSys::new),
                Combinators.combine(i32(), bytes(0, 20), bytes(0, 20)).as(CallbackSecParms4.RpcsecGss::new));
    }

    static Arbitrary<StateProtectOps4> spOps() {
        return Combinators.combine(bitmaps(), bitmaps()).as(StateProtectOps4::new);
    }

    static Arbitrary<StateProtect4A> spA() {
        return Arbitraries.oneOf(Arbitraries.just(StateProtect4A.NONE), spOps().map(StateProtect4A.MachCred::new),
                Combinators.combine(spOps(), bytes(0, 12).list().ofMaxSize(3), bytes(0, 12).list().ofMaxSize(3), i32(), i32())
                        .as(StateProtect4A.Ssv::new));
    }

    static Arbitrary<StateProtect4R> spR() {
        return Arbitraries.oneOf(Arbitraries.just(StateProtect4R.NONE), spOps().map(StateProtect4R.MachCred::new),
                Combinators.combine(spOps(), i32(), i32(), i32(), i32(), bytes(0, 12).list().ofMaxSize(3))
                        .as(StateProtect4R.Ssv::new));
    }

    static Arbitrary<OpenClaim4> claims() {
        return Arbitraries.oneOf(names().map(OpenClaim4.ClaimNull::new), i32().map(OpenClaim4.ClaimPrevious::new),
                Combinators.combine(stateids(), names()).as(OpenClaim4.ClaimDelegateCur::new),
                names().map(OpenClaim4.ClaimDelegatePrev::new), Arbitraries.just(new OpenClaim4.ClaimFh()),
                stateids().map(OpenClaim4.ClaimDelegCurFh::new), Arbitraries.just(new OpenClaim4.ClaimDelegPrevFh()));
    }

    static Arbitrary<Createhow4> createhows() {
        return Arbitraries.oneOf(fattrs().map(Createhow4.Unchecked4::new), fattrs().map(Createhow4.Guarded4::new),
                fixed(8).map(Createhow4.Exclusive4::new),
                Combinators.combine(fixed(8), fattrs()).as(Createhow4.Exclusive4_1::new));
    }

    static Arbitrary<Openflag4> openflags() {
        return Arbitraries.oneOf(Arbitraries.just(Openflag4.NOCREATE), createhows().map(Openflag4::create),
                Arbitraries.integers().between(2, 100).map(t -> new Openflag4(t, null)));
    }

    static Arbitrary<Createtype4> createtypes() {
        return Arbitraries.oneOf(names().map(Createtype4.Nf4Lnk::new), specdata().map(Createtype4.Nf4Blk::new),
                specdata().map(Createtype4.Nf4Chr::new),
                i32().filter(t -> t != NF4LNK && t != NF4BLK && t != NF4CHR).map(Createtype4.Nf4Void::new),
                Arbitraries.of(Createtype4.NF4DIR, Createtype4.NF4SOCK, Createtype4.NF4FIFO));
    }

    static Arbitrary<NfsSpaceLimit4> spaceLimits() {
        return Arbitraries.oneOf(i64().map(NfsSpaceLimit4::size),
                Combinators.combine(i32(), i32()).as(NfsSpaceLimit4::blocks));
    }

    static Arbitrary<OpenDelegation4> delegations() {
        return Arbitraries.oneOf(Arbitraries.just(OpenDelegation4.NONE),
                Combinators.combine(stateids(), bool(), aces()).as(OpenDelegation4.Read::new),
                Combinators.combine(stateids(), bool(), spaceLimits(), aces()).as(OpenDelegation4.Write::new),
                Combinators.combine(Arbitraries.integers().between(0, 9), bool()).as(OpenDelegation4.NoneExt::new));
    }

    static Arbitrary<Locker4> lockers() {
        return Arbitraries.oneOf(Combinators.combine(i32(), stateids(), i32(), owners()).as(OpenToLockOwner4::new),
                Combinators.combine(stateids(), i32()).as(ExistLockOwner4::new));
    }

    static Arbitrary<LOCK4denied> denied() {
        return Combinators.combine(i64(), i64(), i32(), owners()).as(LOCK4denied::new);
    }

    static Arbitrary<Dirlist4> dirlists() {
        return Combinators.combine(Combinators.combine(i64(), names(), fattrs()).as(Entry4::new).list().ofMaxSize(5), bool())
                .as(Dirlist4::new);
    }

    static Arbitrary<SecinfoEntry4> secinfos() {
        return Arbitraries.oneOf(Arbitraries.of(SecinfoEntry4.AUTH_SYS, SecinfoEntry4.AUTH_NONE),
                Combinators.combine(bytes(0, 11), i32(), i32()).as(RpcsecGssInfo::new).map(g -> new SecinfoEntry4(6, g)));
    }

    static Arbitrary<Netloc4> netlocs() {
        return Arbitraries.oneOf(names().map(n -> new Netloc4(NL4_NAME, n, null)),
                names().map(n -> new Netloc4(NL4_URL, n, null)),
                Combinators.combine(names(), names()).as(Netaddr4::new).map(a -> new Netloc4(NL4_NETADDR, null, a)));
    }

    static Arbitrary<DelegClaim4> delegClaims() {
        return Arbitraries.oneOf(Arbitraries.of(new DelegClaim4(CLAIM_FH, 0), new DelegClaim4(CLAIM_DELEG_PREV_FH, 0)),
                i32().map(t -> new DelegClaim4(CLAIM_PREVIOUS, t)));
    }

    static Arbitrary<ReadPlusContent4> readPlusContents() {
        return Arbitraries.oneOf(Combinators.combine(i64(), buffers()).as(ReadPlusContent4.Data::new),
                Combinators.combine(i64(), i64()).as(ReadPlusContent4.Hole::new));
    }

    // ---------------------------------------------------------------- arguments

    /** One generator per operation whose arguments the codec decodes. */
    static List<Arbitrary<? extends NfsArgop>> argGenerators() {
        return List.of(
                i32().map(ACCESS4args::new),
                Combinators.combine(i32(), stateids()).as(CLOSE4args::new),
                Combinators.combine(i64(), i32()).as(COMMIT4args::new),
                Combinators.combine(createtypes(), names(), fattrs()).as(CREATE4args::new),
                i64().map(DELEGPURGE4args::new),
                stateids().map(DELEGRETURN4args::new),
                bitmaps().map(GETATTR4args::new),
                Arbitraries.just(GETFH4args.INSTANCE),
                names().map(LINK4args::new),
                Combinators.combine(i32(), bool(), i64(), i64(), lockers()).as(LOCK4args::new),
                Combinators.combine(i32(), i64(), i64(), owners()).as(LOCKT4args::new),
                Combinators.combine(i32(), i32(), stateids(), i64(), i64()).as(LOCKU4args::new),
                names().map(LOOKUP4args::new),
                Arbitraries.just(LOOKUPP4args.INSTANCE),
                fattrs().map(NVERIFY4args::new),
                Combinators.combine(i32(), i32(), i32(), owners(), openflags(), claims()).as(OPEN4args::new),
                bool().map(OPENATTR4args::new),
                Combinators.combine(stateids(), i32(), i32(), i32()).as(OPEN_DOWNGRADE4args::new),
                bytes(0, 128).map(PUTFH4args::new),
                Arbitraries.just(PUTPUBFH4args.INSTANCE),
                Arbitraries.just(PUTROOTFH4args.INSTANCE),
                Combinators.combine(stateids(), i64(), i32()).as(READ4args::new),
                Combinators.combine(i64(), fixed(8), i32(), i32(), bitmaps()).as(READDIR4args::new),
                Arbitraries.just(READLINK4args.INSTANCE),
                names().map(REMOVE4args::new),
                Combinators.combine(names(), names()).as(RENAME4args::new),
                Arbitraries.just(RESTOREFH4args.INSTANCE),
                Arbitraries.just(SAVEFH4args.INSTANCE),
                names().map(SECINFO4args::new),
                Combinators.combine(stateids(), fattrs()).as(SETATTR4args::new),
                fattrs().map(VERIFY4args::new),
                Combinators.combine(stateids(), i64(), i32(), buffers()).as(WRITE4args::new),
                Combinators.combine(i32(), cbSec().list().ofMaxSize(3)).as(BACKCHANNEL_CTL4args::new),
                Combinators.combine(fixed(16), i32(), bool()).as(BIND_CONN_TO_SESSION4args::new),
                Combinators.combine(Combinators.combine(fixed(8), bytes(0, 60)).as(ClientOwner4::new), i32(), spA(),
                        implIds().injectNull(0.3)).as(EXCHANGE_ID4args::new),
                Combinators.combine(i64(), i32(), i32(), channelAttrs(), channelAttrs(), i32(), cbSec().list().ofMaxSize(3))
                        .as(CREATE_SESSION4args::new),
                fixed(16).map(DESTROY_SESSION4args::new),
                stateids().map(FREE_STATEID4args::new),
                Combinators.combine(bool(), bitmaps(), times(), times(), bitmaps(), bitmaps()).as(GET_DIR_DELEGATION4args::new),
                i32().map(SECINFO_NO_NAME4args::new),
                Combinators.combine(fixed(16), i32(), i32(), i32(), bool()).as(SEQUENCE4args::new),
                stateids().list().ofMaxSize(5).map(TEST_STATEID4args::new),
                Combinators.combine(i32(), delegClaims()).as(WANT_DELEGATION4args::new),
                i64().map(DESTROY_CLIENTID4args::new),
                bool().map(RECLAIM_COMPLETE4args::new),
                Combinators.combine(stateids(), i64(), i64()).as(ALLOCATE4args::new),
                Combinators.combine(stateids(), stateids(), i64(), i64(), i64(), bool(), bool(), netlocs().list().ofMaxSize(2))
                        .as(COPY4args::new),
                Combinators.combine(stateids(), netlocs()).as(COPY_NOTIFY4args::new),
                Combinators.combine(stateids(), i64(), i64()).as(DEALLOCATE4args::new),
                Combinators.combine(stateids(), i64(), i64(), bitmaps()).as(IO_ADVISE4args::new),
                stateids().map(OFFLOAD_CANCEL4args::new),
                stateids().map(OFFLOAD_STATUS4args::new),
                Combinators.combine(stateids(), i64(), i32()).as(READ_PLUS4args::new),
                Combinators.combine(stateids(), i64(), i32()).as(SEEK4args::new),
                Combinators.combine(stateids(), stateids(), i64(), i64(), i64()).as(CLONE4args::new),
                names().map(GETXATTR4args::new),
                Combinators.combine(i32(), names(), bytes(0, 50)).as(SETXATTR4args::new),
                Combinators.combine(i64(), i32()).as(LISTXATTRS4args::new),
                names().map(REMOVEXATTR4args::new));
    }

    @SuppressWarnings("unchecked")
    static Arbitrary<NfsArgop> argops() {
        return Arbitraries.oneOf(argGenerators().stream().map(a -> (Arbitrary<NfsArgop>) a).toList());
    }

    // ---------------------------------------------------------------- results

    /** One generator per operation result, covering the OK arm and the error arms. */
    static List<Arbitrary<? extends NfsResop>> resGenerators() {
        return List.of(
                either(Combinators.combine(i32(), i32()).as(ACCESS4resok::new).map(ACCESS4res::ok), ACCESS4res::error),
                either(stateids().map(CLOSE4res::ok), CLOSE4res::error),
                either(fixed(8).map(COMMIT4res::ok), COMMIT4res::error),
                either(Combinators.combine(cinfo(), bitmaps()).as(CREATE4resok::new).map(CREATE4res::ok), CREATE4res::error),
                statusOnly(DELEGPURGE4res::new),
                statusOnly(DELEGRETURN4res::new),
                either(fattrs().map(GETATTR4res::ok), GETATTR4res::error),
                either(bytes(0, 128).map(GETFH4res::ok), GETFH4res::error),
                either(cinfo().map(LINK4res::ok), LINK4res::error),
                Arbitraries.oneOf(stateids().map(LOCK4res::ok), denied().map(LOCK4res::denied), status().map(LOCK4res::error)),
                Arbitraries.oneOf(Arbitraries.just(LOCKT4res.OK), denied().map(LOCKT4res::denied), status().map(LOCKT4res::error)),
                either(stateids().map(LOCKU4res::ok), LOCKU4res::error),
                statusOnly(LOOKUP4res::new),
                statusOnly(LOOKUPP4res::new),
                statusOnly(NVERIFY4res::new),
                either(Combinators.combine(stateids(), cinfo(), i32(), bitmaps(), delegations()).as(OPEN4resok::new)
                        .map(OPEN4res::ok), OPEN4res::error),
                statusOnly(OPENATTR4res::new),
                either(stateids().map(OPEN_DOWNGRADE4res::ok), OPEN_DOWNGRADE4res::error),
                statusOnly(PUTFH4res::new),
                statusOnly(PUTPUBFH4res::new),
                statusOnly(PUTROOTFH4res::new),
                either(Combinators.combine(bool(), buffers()).as(READ4resok::new).map(READ4res::ok), READ4res::error),
                either(Combinators.combine(fixed(8), dirlists()).as(READDIR4resok::new).map(READDIR4res::ok), READDIR4res::error),
                either(names().map(READLINK4res::ok), READLINK4res::error),
                either(cinfo().map(REMOVE4res::ok), REMOVE4res::error),
                either(Combinators.combine(cinfo(), cinfo()).as(RENAME4resok::new).map(RENAME4res::ok), RENAME4res::error),
                statusOnly(RESTOREFH4res::new),
                statusOnly(SAVEFH4res::new),
                either(secinfos().list().ofMaxSize(3).map(SECINFO4res::ok), SECINFO4res::error),
                Combinators.combine(Arbitraries.oneOf(Arbitraries.just(0), status()), bitmaps()).as(SETATTR4res::new),
                statusOnly(VERIFY4res::new),
                either(Combinators.combine(i32(), i32(), fixed(8)).as(WRITE4resok::new).map(WRITE4res::ok), WRITE4res::error),
                statusOnly(BACKCHANNEL_CTL4res::new),
                either(Combinators.combine(fixed(16), i32(), bool()).as(BIND_CONN_TO_SESSION4resok::new)
                        .map(BIND_CONN_TO_SESSION4res::ok), BIND_CONN_TO_SESSION4res::error),
                either(Combinators.combine(i64(), i32(), i32(), spR(), Combinators.combine(i64(), bytes(0, 30)).as(ServerOwner4::new),
                        bytes(0, 30), implIds().injectNull(0.3)).as(EXCHANGE_ID4resok::new).map(EXCHANGE_ID4res::ok),
                        EXCHANGE_ID4res::error),
                either(Combinators.combine(fixed(16), i32(), i32(), channelAttrs(), channelAttrs()).as(CREATE_SESSION4resok::new)
                        .map(CREATE_SESSION4res::ok), CREATE_SESSION4res::error),
                statusOnly(DESTROY_SESSION4res::new),
                statusOnly(FREE_STATEID4res::new),
                Arbitraries.oneOf(Combinators.combine(fixed(8), stateids(), bitmaps(), bitmaps(), bitmaps())
                                .as(GET_DIR_DELEGATION4resok::new).map(GET_DIR_DELEGATION4res::ok),
                        bool().map(GET_DIR_DELEGATION4res::unavailable), status().map(GET_DIR_DELEGATION4res::error)),
                either(secinfos().list().ofMaxSize(3).map(SECINFO_NO_NAME4res::ok), SECINFO_NO_NAME4res::error),
                either(Combinators.combine(fixed(16), i32(), i32(), i32(), i32(), i32()).as(SEQUENCE4resok::new)
                        .map(SEQUENCE4res::ok), SEQUENCE4res::error),
                either(Arbitraries.integers().array(int[].class).ofMaxSize(5).map(TEST_STATEID4res::ok), TEST_STATEID4res::error),
                either(delegations().map(WANT_DELEGATION4res::ok), WANT_DELEGATION4res::error),
                statusOnly(DESTROY_CLIENTID4res::new),
                statusOnly(RECLAIM_COMPLETE4res::new),
                statusOnly(ALLOCATE4res::new),
                Arbitraries.oneOf(
                        Combinators.combine(Combinators.combine(stateids().injectNull(0.5), i64(), i32(), fixed(8))
                                .as(WriteResponse4::new), Combinators.combine(bool(), bool()).as(CopyRequirements4::new))
                                .as(COPY4resok::new).map(COPY4res::ok),
                        Combinators.combine(bool(), bool()).as(CopyRequirements4::new).map(COPY4res::noReqs),
                        status().map(COPY4res::error)),
                either(Combinators.combine(times(), stateids(), netlocs().list().ofMaxSize(2)).as(COPY_NOTIFY4resok::new)
                        .map(COPY_NOTIFY4res::ok), COPY_NOTIFY4res::error),
                statusOnly(DEALLOCATE4res::new),
                either(bitmaps().map(IO_ADVISE4res::ok), IO_ADVISE4res::error),
                statusOnly(OFFLOAD_CANCEL4res::new),
                either(Combinators.combine(i64(), i32().injectNull(0.5)).as(OFFLOAD_STATUS4resok::new)
                        .map(OFFLOAD_STATUS4res::ok), OFFLOAD_STATUS4res::error),
                either(Combinators.combine(bool(), readPlusContents().list().ofMaxSize(4)).as(READ_PLUS4resok::new)
                        .map(READ_PLUS4res::ok), READ_PLUS4res::error),
                either(Combinators.combine(bool(), i64()).as(SEEK4resok::new).map(SEEK4res::ok), SEEK4res::error),
                statusOnly(CLONE4res::new),
                either(bytes(0, 50).map(GETXATTR4res::ok), GETXATTR4res::error),
                either(cinfo().map(SETXATTR4res::ok), SETXATTR4res::error),
                either(Combinators.combine(i64(), names().list().ofMaxSize(4), bool()).as(LISTXATTRS4resok::new)
                        .map(LISTXATTRS4res::ok), LISTXATTRS4res::error),
                either(cinfo().map(REMOVEXATTR4res::ok), REMOVEXATTR4res::error),
                Arbitraries.just(ILLEGAL4res.INSTANCE));
    }

    @SuppressWarnings("unchecked")
    static Arbitrary<NfsResop> resops() {
        return Arbitraries.oneOf(resGenerators().stream().map(a -> (Arbitrary<NfsResop>) a).toList());
    }

    private static <T> Arbitrary<T> either(Arbitrary<T> ok, java.util.function.IntFunction<T> error) {
        return Arbitraries.oneOf(ok, status().map(error::apply));
    }

    private static <T> Arbitrary<T> statusOnly(java.util.function.IntFunction<T> make) {
        return Arbitraries.oneOf(Arbitraries.just(0), status()).map(make::apply);
    }
}
