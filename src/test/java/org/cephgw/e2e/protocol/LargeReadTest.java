package org.cephgw.e2e.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.cephgw.client.Ops.*;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.cephgw.client.NfsClient;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.ChannelAttrs4;
import org.cephgw.protocol.nfs4.Stateid4;
import org.cephgw.protocol.xdr.BufferPool;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.junit.jupiter.api.Test;

/**
 * Large READs go from the back end to the socket in buffers lent by {@link BufferPool#SHARED},
 * spliced into the reply rather than copied: the client gets the file's bytes at any offset and
 * length, with operations after the data, and the buffers come back also when a client goes
 * away without reading its replies.
 */
class LargeReadTest extends GatewayTestBase {
    private static final int MIB = 1 << 20;

    private byte[] file(String name, int size) throws IOException {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        Files.write(gw.rw.resolve(name), content);
        return content;
    }

    @Test
    void largeReadsAtAnyOffsetAndLengthAreTheFilesBytes() throws IOException {
        String name = unique("large-read");
        int size = 3 * MIB + 5;
        byte[] content = file(name, size);
        Session s = newSession("large-read");
        byte[] fh = Res.fh(Res.ok(s.seq(list(root("rw"), lookup(name), getfh()))));
        int[][] reads = {{0, MIB}, {1, MIB - 1}, {17, 65537}, {size - 100, MIB}, {size - XdrEncoder.SPLICE_MIN - 3, MIB},
            {2 * MIB, XdrEncoder.SPLICE_MIN}, {5, XdrEncoder.SPLICE_MIN - 1}};
        for (int[] r : reads) {
            int off = r[0];
            int want = Math.min(r[1], size - off);
            // a GETATTR after the data: the reply goes on behind the spliced bytes and their padding
            var res = Res.ok(s.seq(putfh(fh), read(Stateid4.ANONYMOUS, off, r[1]), getattr(FATTR4_SIZE)));
            byte[] data = Res.readData(res);
            // as much as the session's replies hold (this gateway's records are 256 KiB), all of a smaller READ
            assertThat(data.length).as("READ of %d at %d", r[1], off).isBetween(Math.min(want, 128 * 1024), want);
            assertThat(Arrays.equals(data, Arrays.copyOfRange(content, off, off + data.length)))
                    .as("READ of %d at %d returned the file's bytes", r[1], off).isTrue();
            assertThat(Res.attrs(res).size()).isEqualTo(size);
        }
    }

    @Test
    void aClientThatLeavesWithItsRepliesUnreadHoldsNoReadBuffers() throws IOException {
        String name = unique("large-read-unread");
        file(name, 4 * MIB);
        int before = BufferPool.SHARED.lent();
        NfsClient c = gw.connect();
        // 64 replies of 256 KiB (this gateway's record size) the client never reads: more than
        // loopback's socket buffers take from a reader that does not read
        ChannelAttrs4 fore = new ChannelAttrs4(0, 1 << 20, 2 * MIB, 64 * 1024, 16, 16, null);
        Session[] sessions = new Session[4];
        for (int i = 0; i < sessions.length; i++) {
            sessions[i] = new Session(c, unique("unread")).establish(fore);
        }
        for (Session s : sessions) {
            }
        byte[] fh = Res.fh(Res.ok(sessions[0].seq(list(root("rw"), lookup(name), getfh()))));
        for (Session s : sessions) {
            for (int slot = 0; slot < s.fore().maxrequests(); slot++) {
                c.sendCompound(1, s.sequenced(slot, s.nextSeqid(slot), List.of(putfh(fh),
                        read(Stateid4.ANONYMOUS, (long) (slot % 4) * MIB, MIB))));
            }
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(BufferPool.SHARED.lent()).as("replies waiting for the socket").isGreaterThan(before));
        c.close();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(BufferPool.SHARED.lent()).as("buffers lent after the connection closed").isEqualTo(before));
    }
}
