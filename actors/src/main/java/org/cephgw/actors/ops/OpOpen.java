package org.cephgw.actors.ops;

import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.cephgw.actors.ExportSpec;
import org.cephgw.actors.attr.Attributes;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.actors.io.SharedIo;
import org.cephgw.actors.state.OpenFileActor;
import org.cephgw.actors.state.OpenFiles;
import org.cephgw.actors.state.StateId;
import org.cephgw.fsal.ChangeInfo;
import org.cephgw.fsal.CreateHow;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.FileType;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.Filesystem.Access;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.IoHandle;
import org.cephgw.fsal.SetAttributes;
import org.cephgw.fsal.Stat;
import org.cephgw.protocol.nfs4.Bitmap4;
import org.cephgw.protocol.nfs4.Createhow4;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsSpaceLimit4;
import org.cephgw.protocol.nfs4.Nfsace4;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.OPEN4args;
import org.cephgw.protocol.nfs4.OPEN4res;
import org.cephgw.protocol.nfs4.OPEN4resok;
import org.cephgw.protocol.nfs4.OpenClaim4;
import org.cephgw.protocol.nfs4.OpenDelegation4;

/**
 * OPEN (RFC 8881 §18.16): finds or creates the file, opens it in the back end as the caller
 * (the permission check), then asks the file's state entity for the share reservation and
 * stateid. A truncation asked for with UNCHECKED4 happens only once the reservation is held, so
 * it cannot break another client's deny-write.
 *
 * <p>Delegations (§10.4) go to clients that ask for one (OPEN4_SHARE_ACCESS_WANT_*_DELEG) on an
 * export that allows them, through a session whose back channel answered; the file's entity
 * decides and recalls. An OPEN that conflicts with another client's delegation gets
 * NFS4ERR_DELAY while the delegation is recalled. CLAIM_DELEGATE_CUR / CLAIM_DELEG_CUR_FH open
 * under a delegation the client still holds.
 *
 * <p>CLAIM_PREVIOUS (reclaim after a restart of this head, RFC 8881 §9.11) is admitted by the
 * head's {@link org.cephgw.actors.grace.ReclaimGate} on the <em>client owner</em> (co_ownerid of
 * EXCHANGE_ID, the key of the recovery records), not the open-owner. The back end's state of the
 * old incarnation is gone, so a reclaimed open opens the current filehandle in the back end again
 * with the access asked and takes the share reservation like any open: reclaims cannot conflict
 * with new state, which the gate refuses during the grace period.
 */
public final class OpOpen implements Operation<OPEN4args> {
    private static final int ACCESS_MASK = OPEN4_SHARE_ACCESS_BOTH;
    /**
     * Every want flag a client may send. Those beyond the delegation type are hints this server
     * does not act on: signalling or pushing delegations later, and RFC 9754's delegated
     * timestamps and open-xor-delegation (not announced in open_arguments; a client may still
     * send them, and gets an ordinary open and delegation).
     */
    private static final int WANT_MASK = OPEN4_SHARE_ACCESS_WANT_DELEG_MASK
            | OPEN4_SHARE_ACCESS_WANT_SIGNAL_DELEG_WHEN_RESRC_AVAIL | OPEN4_SHARE_ACCESS_WANT_PUSH_DELEG_WHEN_UNCONTENDED
            | OPEN4_SHARE_ACCESS_WANT_DELEG_TIMESTAMPS | OPEN4_SHARE_ACCESS_WANT_OPEN_XOR_DELEGATION;

    /** What the back end gave: the file, its handle opened for I/O, and what a create did. */
    private record Opened(Fh file, IoHandle io, ChangeInfo dirChange, Bitmap4 attrset, Long truncateTo) {
    }


    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, OPEN4args args) {
        long clientId = ctx.clientId();
        int access = args.shareAccess() & ACCESS_MASK;
        int want = args.shareAccess() & OPEN4_SHARE_ACCESS_WANT_DELEG_MASK;
        if (access == 0 || (args.shareAccess() & ~(ACCESS_MASK | WANT_MASK)) != 0
                || args.shareDeny() < 0 || args.shareDeny() > OPEN4_SHARE_DENY_BOTH) {
            throw new OpException(NfsStat4.NFS4ERR_INVAL);
        }
        OpenClaim4 claim = args.claim();
        boolean create = args.openhow().opentype() == OPEN4_CREATE;
        Fh current = ctx.fh();
        boolean reclaim = claim instanceof OpenClaim4.ClaimPrevious;
        if (reclaim) {
            if (ctx.reclaimComplete()) {
                // §18.51.3: this client said it has reclaimed everything
                throw new OpException(NfsStat4.NFS4ERR_NO_GRACE);
            }
            if (((OpenClaim4.ClaimPrevious) claim).delegateType() != OPEN_DELEGATE_NONE) {
                // no delegation was ever granted, so none can be reclaimed
                throw new OpException(NfsStat4.NFS4ERR_RECLAIM_BAD);
            }
            int st = ctx.svc().gate().admitReclaim(clientId, ctx.session().ownerId());
            if (st != NfsStat4.NFS4_OK) {
                throw new OpException(st);
            }
        } else {
            if (!ctx.reclaimComplete()) {
                // §18.51.3: no new locking state before the client said it has reclaimed all
                throw new OpException(NfsStat4.NFS4ERR_GRACE);
            }
            int st = ctx.svc().gate().admitNew(clientId);
            if (st != NfsStat4.NFS4_OK) {
                throw new OpException(st);
            }
        }
        if (create || (access & OPEN4_SHARE_ACCESS_WRITE) != 0) {
            ctx.requireWritable(current);
        }
        CompletionStage<Opened> opened;
        StateId claimedDelegation = null;
        if (claim instanceof OpenClaim4.ClaimDelegateCur dc) {
            claimedDelegation = ctx.stateid(dc.delegateStateid());
            claim = new OpenClaim4.ClaimNull(dc.file());
        } else if (claim instanceof OpenClaim4.ClaimDelegCurFh df) {
            claimedDelegation = ctx.stateid(df.ocDelegateStateid());
            claim = new OpenClaim4.ClaimFh();
        }
        if (claimedDelegation != null && (create || claimedDelegation.isSpecial())) {
            throw new OpException(create ? NfsStat4.NFS4ERR_INVAL : NfsStat4.NFS4ERR_BAD_STATEID);
        }
        if (claim instanceof OpenClaim4.ClaimNull n) {
            String name = ctx.name(n.file(), current);
            opened = create ? create(ctx, current, name, args.openhow().how(), access)
                    : ctx.ioInDirectory(current, () -> {
                        Filesystem fs = ctx.fs(current);
                        Creds creds = ctx.creds(current);
                        long change = fs.getattr(creds, current.handle()).change();
                        Filesystem.Lookup l;
                        try {
                            l = fs.lookup(creds, current.handle(), name);
                        } catch (FsException e) {
                            throw OpLookup.notDir(e, fs, creds, current.handle());
                        }
                        Fh file = new Fh(current.exportId(), l.handle());
                        return new Opened(file, openIo(fs, creds, l.handle(), l.stat(), access),
                                new ChangeInfo(true, change, change), Bitmap4.EMPTY, null);
                    });
        } else if (claim instanceof OpenClaim4.ClaimFh || claim instanceof OpenClaim4.ClaimPrevious) {
            if (create) {
                throw new OpException(NfsStat4.NFS4ERR_INVAL);
            }
            opened = ctx.io(current, () -> {
                Filesystem fs = ctx.fs(current);
                Creds creds = ctx.creds(current);
                Stat st = fs.getattr(creds, current.handle());
                return new Opened(current, openIo(fs, creds, current.handle(), st, access),
                        new ChangeInfo(true, 0, 0), Bitmap4.EMPTY, null);
            });
        } else {
            throw new OpException(NfsStat4.NFS4ERR_RECLAIM_BAD);
        }
        StateId claimed = claimedDelegation;
        return opened.thenCompose(o -> reserve(ctx, clientId, args, access, o, delegationRequest(ctx, o.file, want,
                reclaim, claimed))).thenApply(r -> {
            ctx.setFh(r.opened.file);
            ctx.setStateid(r.stateid);
            if (reclaim) {
                ctx.svc().grace().reclaimed(clientId, false);
            }
            OpenDelegation4 deleg = want == 0 ? new OpenDelegation4.None() : delegation(r.delegation, want);
            return OPEN4res.ok(new OPEN4resok(CompoundContext.wire(r.stateid), Cinfo.of(r.opened.dirChange),
                    OPEN4_RESULT_LOCKTYPE_POSIX, r.opened.attrset, deleg));
        });
    }

    /** What the file's entity is asked about delegations; null when nothing. */
    private static OpenFileActor.DelegationRequest delegationRequest(CompoundContext ctx, Fh file, int want,
                                                                     boolean reclaim, StateId claimed) {
        if (claimed != null) {
            return new OpenFileActor.DelegationRequest(0, ctx.callbacks(), file.toBytes(), claimed);
        }
        if (want == 0 || reclaim) {
            return null;
        }
        ExportSpec e = ctx.export(file);
        if (e == null || !e.delegations()) {
            // NONE_EXT says why: the server does not hand them out here
            int w = want == OPEN4_SHARE_ACCESS_WANT_NO_DELEG || want == OPEN4_SHARE_ACCESS_WANT_CANCEL ? want : 0;
            return w == 0 ? null : new OpenFileActor.DelegationRequest(w, false, file.toBytes(), null);
        }
        return new OpenFileActor.DelegationRequest(want, ctx.callbacks(), file.toBytes(), null);
    }

    /** The open_delegation4 of the answer to an OPEN that said what it wants. */
    private static OpenDelegation4 delegation(OpenFileActor.Delegation d, int want) {
        if (d == null) {
            return noDelegation(want);
        }
        if (d.type() == OPEN_DELEGATE_READ) {
            return new OpenDelegation4.Read(CompoundContext.wire(d.stateid()), false, NO_ACE);
        }
        if (d.type() == OPEN_DELEGATE_WRITE) {
            // no space limit: the client may extend the file as far as it likes while it holds it
            return new OpenDelegation4.Write(CompoundContext.wire(d.stateid()), false,
                    new NfsSpaceLimit4(NFS_LIMIT_SIZE, -1L, 0, 0), NO_ACE);
        }
        return new OpenDelegation4.NoneExt(d.whyNone(), false);
    }

    /** The ACE a delegation carries: none, so the client asks ACCESS as usual (§10.4.1 allows it). */
    private static final Nfsace4 NO_ACE = new Nfsace4(ACE4_ACCESS_ALLOWED_ACE_TYPE, 0, 0, "");

    /** The client asked about delegations: say why it gets none (§18.16.3). */
    private static OpenDelegation4 noDelegation(int want) {
        if (want == OPEN4_SHARE_ACCESS_WANT_NO_DELEG) {
            return new OpenDelegation4.NoneExt(WND4_NOT_WANTED, false);
        }
        if (want == OPEN4_SHARE_ACCESS_WANT_CANCEL) {
            return new OpenDelegation4.NoneExt(WND4_CANCELLED, false);
        }
        return new OpenDelegation4.NoneExt(WND4_RESOURCE, false);
    }

    private record Reserved(Opened opened, StateId stateid, OpenFileActor.Delegation delegation) {
    }

    private CompletionStage<Reserved> reserve(CompoundContext ctx, long clientId, OPEN4args args, int access, Opened o,
                                              OpenFileActor.DelegationRequest delegation) {
        SharedIo io = new SharedIo(o.io, ctx.svc().io());
        return ctx.svc().<OpenFiles.Command, OpenFileActor.OpenReply>ask(ctx.svc().openFiles(),
                        r -> new OpenFiles.Forward(o.file.key(), new OpenFileActor.Open(clientId, ctx.session().client(),
                                args.owner().owner(), access, args.shareDeny(), io, delegation, r)))
                .thenCompose(reply -> {
                    if (!reply.ioKept()) {
                        io.retire();
                    }
                    if (reply.status() != NfsStat4.NFS4_OK) {
                        throw new OpException(reply.status());
                    }
                    if (o.truncateTo == null) {
                        return CompletableFuture.completedFuture(new Reserved(o, reply.stateid(), reply.delegation()));
                    }
                    Fh file = o.file;
                    StateId sid = reply.stateid();
                    OpenFileActor.Delegation granted = reply.delegation();
                    return ctx.io(file, () -> {
                        ctx.fs(file).setattr(ctx.creds(file), file.handle(),
                                new SetAttributes(null, null, null, o.truncateTo, null, null));
                        return new Reserved(o, sid, granted);
                    }).exceptionallyCompose(err -> undoOpen(ctx, clientId, file, sid)
                            .thenCompose(x -> CompletableFuture.<Reserved>failedFuture(err)));
                });
    }

    /**
     * The OPEN fails after its reservation was granted (the truncation failed): a new open must
     * not stay behind, holding its share reservation with a stateid the client never learns.
     * An upgrade of an open the client already holds stays; the client can still CLOSE it.
     */
    private static CompletionStage<Void> undoOpen(CompoundContext ctx, long clientId, Fh file, StateId sid) {
        if (sid.seqid() != 1) {
            return CompletableFuture.completedFuture(null);
        }
        return ctx.svc().<OpenFiles.Command, OpenFileActor.StateReply>ask(ctx.svc().openFiles(),
                        r -> new OpenFiles.Forward(file.key(), new OpenFileActor.Close(clientId, sid, r)))
                .handle((r, e) -> null);
    }

    private CompletionStage<Opened> create(CompoundContext ctx, Fh dir, String name, Createhow4 how, int access) {
        CreateHow mode;
        Attributes.Change change;
        int minor = ctx.minorVersion();
        if (how instanceof Createhow4.Unchecked4 u) {
            mode = CreateHow.UNCHECKED;
            change = Attributes.decodeSet(u.createattrs(), Attributes.SETTABLE, minor, ctx.svc().ids());
        } else if (how instanceof Createhow4.Guarded4 g) {
            mode = CreateHow.GUARDED;
            change = Attributes.decodeSet(g.createattrs(), Attributes.SETTABLE, minor, ctx.svc().ids());
        } else if (how instanceof Createhow4.Exclusive4 e) {
            mode = new CreateHow.Exclusive(e.createverf());
            change = new Attributes.Change(SetAttributes.NONE, Bitmap4.EMPTY);
        } else {
            Createhow4.Exclusive4_1 e = (Createhow4.Exclusive4_1) how;
            mode = new CreateHow.Exclusive(e.cvaVerf());
            change = Attributes.decodeSet(e.cvaAttrs(), Attributes.EXCLUSIVE_CREATE_SETTABLE, minor, ctx.svc().ids());
        }
        // a size in UNCHECKED4/GUARDED4 is a truncation, done after the share reservation
        Long size = change.attrs().size();
        // changing the size is writing: through a read-only open it would also bypass other
        // clients' deny-write, which only write access is checked against (NFS4ERR_INVAL, as knfsd)
        boolean writeAccess = (access & OPEN4_SHARE_ACCESS_WRITE) != 0;
        if (size != null && size != 0 && !writeAccess) {
            throw new OpException(NfsStat4.NFS4ERR_INVAL);
        }
        SetAttributes initial = change.attrs().withoutSize();
        return ctx.ioInDirectory(dir, () -> {
            Filesystem fs = ctx.fs(dir);
            Creds creds = ctx.creds(dir);
            Filesystem.CreatedOpen made;
            try {
                // creating the file is what grants the creator access, whatever mode it was given
                made = fs.createOpen(creds, dir.handle(), name, mode, initial,
                        writeAccess ? Filesystem.Access.WRITE : Filesystem.Access.READ);
            } catch (FsException e) {
                throw OpLookup.notDir(e, fs, creds, dir.handle());
            }
            Filesystem.Created c = made.created();
            IoHandle io = made.io();
            if (!c.created() && size != null && !writeAccess) {
                // an existing file would be truncated (size 0 of a new file is no change)
                throw new OpException(NfsStat4.NFS4ERR_INVAL);
            }
            if (io == null) {
                io = openIo(fs, c.created() ? Creds.ROOT : creds, c.handle(), c.stat(), access);
            }
            Bitmap4 set = c.created() ? change.bits() : (size != null ? Bitmap4.of(FATTR4_SIZE) : Bitmap4.EMPTY);
            Long truncate = size != null && (!c.created() || size != 0) ? size : null;
            return new Opened(new Fh(dir.exportId(), c.handle()), io, c.dirChange(), set, truncate);
        });
    }

    /**
     * Opens the file for the share access asked. A write open is made read-write when the
     * caller may read too, because clients read through write-only opens (partial pages).
     */
    static IoHandle openIo(Filesystem fs, Creds creds, FileHandle h, Stat st, int access) {
        if (st.type() != FileType.REGULAR) {
            if (st.type() == FileType.DIRECTORY) {
                throw new OpException(NfsStat4.NFS4ERR_ISDIR);
            }
            throw new OpException(st.type() == FileType.SYMLINK ? NfsStat4.NFS4ERR_SYMLINK : NfsStat4.NFS4ERR_WRONG_TYPE);
        }
        if ((access & OPEN4_SHARE_ACCESS_WRITE) != 0) {
            try {
                return fs.open(creds, h, Access.READ | Access.WRITE);
            } catch (FsException e) {
                if (access != OPEN4_SHARE_ACCESS_WRITE || (e.error() != FsError.ACCES && e.error() != FsError.PERM)) {
                    throw e;
                }
            }
            return fs.open(creds, h, Access.WRITE);
        }
        return fs.open(creds, h, Access.READ);
    }
}
