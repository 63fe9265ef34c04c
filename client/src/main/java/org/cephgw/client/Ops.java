package org.cephgw.client;

import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.cephgw.protocol.nfs4.ALLOCATE4args;
import org.cephgw.protocol.nfs4.Bitmap4;
import org.cephgw.protocol.nfs4.CLOSE4args;
import org.cephgw.protocol.nfs4.COMMIT4args;
import org.cephgw.protocol.nfs4.CREATE4args;
import org.cephgw.protocol.nfs4.Createhow4;
import org.cephgw.protocol.nfs4.Createtype4;
import org.cephgw.protocol.nfs4.DEALLOCATE4args;
import org.cephgw.protocol.nfs4.ExistLockOwner4;
import org.cephgw.protocol.nfs4.FREE_STATEID4args;
import org.cephgw.protocol.nfs4.Fattr4;
import org.cephgw.protocol.nfs4.GETATTR4args;
import org.cephgw.protocol.nfs4.GETFH4args;
import org.cephgw.protocol.nfs4.LOCK4args;
import org.cephgw.protocol.nfs4.LOCKT4args;
import org.cephgw.protocol.nfs4.LOCKU4args;
import org.cephgw.protocol.nfs4.LOOKUP4args;
import org.cephgw.protocol.nfs4.NVERIFY4args;
import org.cephgw.protocol.nfs4.NfsArgop;
import org.cephgw.protocol.nfs4.NfsAttrs;
import org.cephgw.protocol.nfs4.OPEN4args;
import org.cephgw.protocol.nfs4.OPEN_DOWNGRADE4args;
import org.cephgw.protocol.nfs4.OpenClaim4;
import org.cephgw.protocol.nfs4.OpenToLockOwner4;
import org.cephgw.protocol.nfs4.Openflag4;
import org.cephgw.protocol.nfs4.PUTFH4args;
import org.cephgw.protocol.nfs4.PUTROOTFH4args;
import org.cephgw.protocol.nfs4.READ4args;
import org.cephgw.protocol.nfs4.READDIR4args;
import org.cephgw.protocol.nfs4.RECLAIM_COMPLETE4args;
import org.cephgw.protocol.nfs4.REMOVE4args;
import org.cephgw.protocol.nfs4.RENAME4args;
import org.cephgw.protocol.nfs4.RESTOREFH4args;
import org.cephgw.protocol.nfs4.SAVEFH4args;
import org.cephgw.protocol.nfs4.SEEK4args;
import org.cephgw.protocol.nfs4.SETATTR4args;
import org.cephgw.protocol.nfs4.StateOwner4;
import org.cephgw.protocol.nfs4.Stateid4;
import org.cephgw.protocol.nfs4.TEST_STATEID4args;
import org.cephgw.protocol.nfs4.VERIFY4args;
import org.cephgw.protocol.nfs4.WRITE4args;

/** Builders for the operations tests send most; everything else is built from the protocol records directly. */
public final class Ops {
    private Ops() {
    }

    // ------------------------------------------------------------------ filehandles and names

    public static NfsArgop putrootfh() {
        return PUTROOTFH4args.INSTANCE;
    }

    public static NfsArgop putfh(byte[] fh) {
        return new PUTFH4args(fh);
    }

    public static NfsArgop getfh() {
        return GETFH4args.INSTANCE;
    }

    public static NfsArgop savefh() {
        return SAVEFH4args.INSTANCE;
    }

    public static NfsArgop restorefh() {
        return RESTOREFH4args.INSTANCE;
    }

    public static NfsArgop lookup(String name) {
        return new LOOKUP4args(name);
    }

    /** One LOOKUP per component of a relative path ("a/b/c"); none for "" or "/". */
    public static List<NfsArgop> lookupPath(String path) {
        List<NfsArgop> l = new ArrayList<>();
        for (String c : path.split("/")) {
            if (!c.isEmpty()) {
                l.add(lookup(c));
            }
        }
        return l;
    }

    /** PUTROOTFH then LOOKUPs along {@code path}. */
    public static List<NfsArgop> root(String path) {
        List<NfsArgop> l = new ArrayList<>();
        l.add(putrootfh());
        l.addAll(lookupPath(path));
        return l;
    }

    // ------------------------------------------------------------------ attributes

    public static NfsArgop getattr(int... attrs) {
        return new GETATTR4args(Bitmap4.of(attrs));
    }

    public static NfsArgop setattr(Stateid4 stateid, NfsAttrs attrs) {
        return new SETATTR4args(stateid, attrs.encode());
    }

    public static NfsArgop verify(NfsAttrs attrs) {
        return new VERIFY4args(attrs.encode());
    }

    public static NfsArgop nverify(NfsAttrs attrs) {
        return new NVERIFY4args(attrs.encode());
    }

    // ------------------------------------------------------------------ OPEN and CLOSE

    public static StateOwner4 owner(long clientId, String name) {
        return new StateOwner4(clientId, name.getBytes(StandardCharsets.UTF_8));
    }

    /** OPEN of an existing file by name (CLAIM_NULL, NOCREATE). */
    public static NfsArgop open(StateOwner4 owner, String name, int access, int deny) {
        return new OPEN4args(0, access, deny, owner, Openflag4.NOCREATE, new OpenClaim4.ClaimNull(name));
    }

    /** OPEN with create (CLAIM_NULL, OPEN4_CREATE) the given way. */
    public static NfsArgop openCreate(StateOwner4 owner, String name, int access, int deny, Createhow4 how) {
        return new OPEN4args(0, access, deny, owner, Openflag4.create(how), new OpenClaim4.ClaimNull(name));
    }

    /** OPEN of the current filehandle (CLAIM_FH). */
    public static NfsArgop openFh(StateOwner4 owner, int access, int deny) {
        return new OPEN4args(0, access, deny, owner, Openflag4.NOCREATE, new OpenClaim4.ClaimFh());
    }

    /** OPEN reclaiming an open of the current filehandle after a server restart (CLAIM_PREVIOUS, no delegation). */
    public static NfsArgop openPrevious(StateOwner4 owner, int access, int deny) {
        return new OPEN4args(0, access, deny, owner, Openflag4.NOCREATE, new OpenClaim4.ClaimPrevious(0));
    }

    public static Createhow4 unchecked() {
        return new Createhow4.Unchecked4(new NfsAttrs().mode(0644).encode());
    }

    public static Createhow4 unchecked(NfsAttrs attrs) {
        return new Createhow4.Unchecked4(attrs.encode());
    }

    public static Createhow4 guarded() {
        return new Createhow4.Guarded4(new NfsAttrs().mode(0644).encode());
    }

    public static Createhow4 exclusive41(byte[] verifier) {
        return new Createhow4.Exclusive4_1(verifier, Fattr4.EMPTY);
    }

    public static NfsArgop close(Stateid4 stateid) {
        return new CLOSE4args(0, stateid);
    }

    public static NfsArgop openDowngrade(Stateid4 stateid, int access, int deny) {
        return new OPEN_DOWNGRADE4args(stateid, 0, access, deny);
    }

    // ------------------------------------------------------------------ I/O

    public static NfsArgop write(Stateid4 stateid, long offset, byte[] data) {
        return new WRITE4args(stateid, offset, FILE_SYNC4, ByteBuffer.wrap(data));
    }

    public static NfsArgop write(Stateid4 stateid, long offset, String data) {
        return write(stateid, offset, data.getBytes(StandardCharsets.UTF_8));
    }

    /** WRITE with {@code stable = UNSTABLE4}: the server may keep the data in memory until COMMIT. */
    public static NfsArgop writeUnstable(Stateid4 stateid, long offset, byte[] data) {
        return new WRITE4args(stateid, offset, UNSTABLE4, ByteBuffer.wrap(data));
    }

    /** COMMIT of {@code count} bytes from {@code offset} (0, 0: the whole file). */
    public static NfsArgop commit(long offset, int count) {
        return new COMMIT4args(offset, count);
    }

    public static NfsArgop read(Stateid4 stateid, long offset, int count) {
        return new READ4args(stateid, offset, count);
    }

    public static NfsArgop seek(Stateid4 stateid, long offset, int what) {
        return new SEEK4args(stateid, offset, what);
    }

    public static NfsArgop allocate(Stateid4 stateid, long offset, long length) {
        return new ALLOCATE4args(stateid, offset, length);
    }

    public static NfsArgop deallocate(Stateid4 stateid, long offset, long length) {
        return new DEALLOCATE4args(stateid, offset, length);
    }

    // ------------------------------------------------------------------ locks

    /** LOCK for a lock-owner new to the server, derived from an open stateid. */
    public static NfsArgop lockNew(int locktype, long offset, long length, Stateid4 openStateid, StateOwner4 lockOwner) {
        return new LOCK4args(locktype, false, offset, length, new OpenToLockOwner4(0, openStateid, 0, lockOwner));
    }

    /** LOCK reclaiming a lock after a server restart ({@code reclaim = true}), for a lock-owner new to the server. */
    public static NfsArgop lockReclaim(int locktype, long offset, long length, Stateid4 openStateid, StateOwner4 lockOwner) {
        return new LOCK4args(locktype, true, offset, length, new OpenToLockOwner4(0, openStateid, 0, lockOwner));
    }

    /** LOCK with an existing lock stateid. */
    public static NfsArgop lock(int locktype, long offset, long length, Stateid4 lockStateid) {
        return new LOCK4args(locktype, false, offset, length, new ExistLockOwner4(lockStateid, 0));
    }

    public static NfsArgop lockt(int locktype, long offset, long length, StateOwner4 owner) {
        return new LOCKT4args(locktype, offset, length, owner);
    }

    public static NfsArgop locku(int locktype, Stateid4 lockStateid, long offset, long length) {
        return new LOCKU4args(locktype, 0, lockStateid, offset, length);
    }

    // ------------------------------------------------------------------ stateids

    public static NfsArgop testStateid(Stateid4... stateids) {
        return new TEST_STATEID4args(List.of(stateids));
    }

    public static NfsArgop freeStateid(Stateid4 stateid) {
        return new FREE_STATEID4args(stateid);
    }

    public static NfsArgop reclaimComplete() {
        return new RECLAIM_COMPLETE4args(false);
    }

    // ------------------------------------------------------------------ directories

    public static NfsArgop mkdir(String name) {
        return new CREATE4args(new Createtype4.Nf4Void(NF4DIR), name, new NfsAttrs().mode(0755).encode());
    }

    public static NfsArgop remove(String name) {
        return new REMOVE4args(name);
    }

    public static NfsArgop rename(String from, String to) {
        return new RENAME4args(from, to);
    }

    public static NfsArgop readdir(long cookie, byte[] verifier, int dircount, int maxcount, int... attrs) {
        return new READDIR4args(cookie, verifier, dircount, maxcount, Bitmap4.of(attrs));
    }

    /** A list of operations (varargs and lists mixed). */
    @SuppressWarnings("unchecked")
    public static List<NfsArgop> list(Object... items) {
        List<NfsArgop> l = new ArrayList<>();
        for (Object o : items) {
            if (o instanceof NfsArgop op) {
                l.add(op);
            } else if (o instanceof List<?> sub) {
                l.addAll((List<NfsArgop>) sub);
            } else {
                throw new IllegalArgumentException("not an operation: " + o);
            }
        }
        return l;
    }

    // ------------------------------------------------------------------ COPY and READ_PLUS (NFSv4.2)

    /** An intra-server COPY from the saved to the current filehandle (ca_synchronous set). */
    public static NfsArgop copy(Stateid4 src, Stateid4 dst, long srcOffset, long dstOffset, long count) {
        return new org.cephgw.protocol.nfs4.COPY4args(src, dst, srcOffset, dstOffset, count, false, true, List.of());
    }

    public static NfsArgop readPlus(Stateid4 stateid, long offset, int count) {
        return new org.cephgw.protocol.nfs4.READ_PLUS4args(stateid, offset, count);
    }

    // ------------------------------------------------------------------ extended attributes (RFC 8276, NFSv4.2)

    public static NfsArgop getxattr(String name) {
        return new org.cephgw.protocol.nfs4.GETXATTR4args(name);
    }

    /** SETXATTR with {@code option} SETXATTR4_EITHER, _CREATE or _REPLACE. */
    public static NfsArgop setxattr(int option, String name, byte[] value) {
        return new org.cephgw.protocol.nfs4.SETXATTR4args(option, name, value);
    }

    public static NfsArgop listxattrs(long cookie, int maxcount) {
        return new org.cephgw.protocol.nfs4.LISTXATTRS4args(cookie, maxcount);
    }

    public static NfsArgop removexattr(String name) {
        return new org.cephgw.protocol.nfs4.REMOVEXATTR4args(name);
    }

    // ------------------------------------------------------------------ delegations

    public static NfsArgop delegreturn(Stateid4 stateid) {
        return new org.cephgw.protocol.nfs4.DELEGRETURN4args(stateid);
    }

    /** OPEN of the current filehandle under a delegation the client holds (CLAIM_DELEG_CUR_FH). */
    public static NfsArgop openDelegCurFh(StateOwner4 owner, int access, int deny, Stateid4 delegation) {
        return new OPEN4args(0, access, deny, owner, Openflag4.NOCREATE, new OpenClaim4.ClaimDelegCurFh(delegation));
    }

    public static NfsArgop backchannelCtl(int program, List<org.cephgw.protocol.nfs4.CallbackSecParms4> security) {
        return new org.cephgw.protocol.nfs4.BACKCHANNEL_CTL4args(program, security);
    }
}
