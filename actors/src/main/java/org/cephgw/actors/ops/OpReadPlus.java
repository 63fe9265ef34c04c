package org.cephgw.actors.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.IoHandle;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.READ_PLUS4args;
import org.cephgw.protocol.nfs4.READ_PLUS4res;
import org.cephgw.protocol.nfs4.READ_PLUS4resok;
import org.cephgw.protocol.nfs4.ReadPlusContent4;

/**
 * READ_PLUS (RFC 7862 §15.10): READ that sends holes as (offset, length) instead of zeros.
 * Checked like READ (stateid, access); the range is bounded like READ's, and the segments
 * follow each other from rpa_offset without gaps, each clipped to the range, so a client can
 * put them together without looking further. A back end that cannot tell holes from data
 * (seek fails) answers with data only.
 */
public final class OpReadPlus implements Operation<READ_PLUS4args> {
    /** opnum and status */
    private static final int RESOP_BYTES = 8;
    /** rpr_eof and the length of rpr_contents */
    private static final int RESULT_BYTES = 8;
    /** rpc_content, d_offset and the length of d_data */
    private static final int DATA_SEGMENT_BYTES = 16;
    /** rpc_content, di_offset and di_length */
    private static final int HOLE_SEGMENT_BYTES = 20;

    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, READ_PLUS4args args) {
        Fh fh = ctx.fh();
        Filesystem fs = ctx.fs(fh);
        // count4 is unsigned: a count of 2^31 or more asks for as much as may be sent
        long length = Math.min(Integer.toUnsignedLong(args.count()), fs.info().maxRead());
        // the segments' headers count against the reply size too: the budget is the whole result
        int budget = Integer.MAX_VALUE;
        if (ctx.replyRoom() != Integer.MAX_VALUE) {
            // what the reply has room for, exactly (as READ)
            budget = ctx.replyRoom() - RESOP_BYTES;
            length = Math.max(0, Math.min(length, budget - RESULT_BYTES - DATA_SEGMENT_BYTES));
        }
        long range = length;
        int replyBudget = budget;
        int salt = (int) (args.offset() >>> 20);
        return FileIo.with(ctx, fh, ctx.stateid(args.stateid()), false, salt, h -> {
            long size = fs.getattr(ctx.creds(fh), fh.handle()).size();
            return READ_PLUS4res.ok(segments(h, args.offset(), range, size, replyBudget));
        });
    }

    /**
     * The segments of [offset, offset + length) of a file of {@code size} bytes: holes where
     * seek finds them, data elsewhere, until the range, the file or the reply budget ends.
     */
    static READ_PLUS4resok segments(IoHandle h, long offset, long length, long size, int budget) {
        if (offset < 0 || Long.compareUnsigned(offset, size) >= 0) {
            return new READ_PLUS4resok(true, List.of());
        }
        long end = Math.min(size, offset + length < 0 ? Long.MAX_VALUE : offset + length);
        List<ReadPlusContent4> out = new ArrayList<>();
        long used = RESULT_BYTES;
        long pos = offset;
        boolean seekable = true;
        boolean eof = false;
        while (pos < end) {
            long dataAt = pos;
            if (seekable) {
                try {
                    long d = h.seek(pos, true);
                    dataAt = d < 0 ? end : Math.min(Math.max(d, pos), end);
                } catch (FsException e) {
                    seekable = false; // the back end cannot tell: everything is data
                }
            }
            if (dataAt > pos) {
                if (used + HOLE_SEGMENT_BYTES > budget) {
                    break;
                }
                out.add(new ReadPlusContent4.Hole(pos, dataAt - pos));
                used += HOLE_SEGMENT_BYTES;
                pos = dataAt;
                continue;
            }
            long dataEnd = end;
            if (seekable) {
                try {
                    long hole = h.seek(pos, false);
                    if (hole > pos) {
                        dataEnd = Math.min(hole, end);
                    }
                } catch (FsException e) {
                    seekable = false;
                }
            }
            // the largest multiple of 4 that fits: the opaque is padded to one
            long room = (budget - used - DATA_SEGMENT_BYTES) & ~3L;
            if (room <= 0) {
                break;
            }
            int want = (int) Math.min(dataEnd - pos, room);
            Filesystem.ReadResult r = h.read(pos, want);
            int n = r.data().remaining();
            if (n > 0) {
                out.add(new ReadPlusContent4.Data(pos, r.data()));
                used += DATA_SEGMENT_BYTES + ((n + 3) & ~3);
                pos += n;
            }
            if (r.eof() || n == 0) {
                // the file ended earlier than its size said (truncated meanwhile)
                eof = true;
                break;
            }
            if (n < want) {
                break; // a short read: the client asks again from here
            }
        }
        return new READ_PLUS4resok(eof || pos >= size, out);
    }
}
