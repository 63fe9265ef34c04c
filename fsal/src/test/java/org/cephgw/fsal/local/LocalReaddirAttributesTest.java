package org.cephgw.fsal.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.cephgw.fsal.Filesystem.Access;
import org.cephgw.fsal.Filesystem.DirEntry;
import org.cephgw.fsal.Filesystem.DirList;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.IoHandle;
import org.cephgw.fsal.SetAttributes;
import org.cephgw.fsal.IoHandle.Stability;
import org.cephgw.fsal.Stat;
import org.junit.jupiter.api.Test;

/**
 * What READDIR tells about a listed directory's files ({@link LocalOptions#readdirAttributesMaxAge}):
 * changes made through the back end show in the next listing at once, changes made beside it
 * (a process working in the exported directory) after at most the maximum age.
 */
class LocalReaddirAttributesTest extends LocalFsTestSupport {

    private LocalFilesystem withMaxAge(Duration maxAge) {
        fs.close();
        fs = new LocalFilesystem(export, options().withReaddirAttributesMaxAge(maxAge));
        return fs;
    }

    private FileHandle setUp(int files) throws Exception {
        Path d = Files.createDirectory(export.resolve("d"));
        for (int i = 0; i < files; i++) {
            Files.write(d.resolve("f" + i), new byte[i]);
        }
        return fs.lookup(ROOT, fs.root(), "d").handle();
    }

    /** name → attributes, read in pages of 2 entries (so that continued pages are used too). */
    private Map<String, Stat> list(FileHandle dir) {
        Map<String, Stat> out = new HashMap<>();
        long cookie = 0;
        for (;;) {
            DirList page = fs.readdir(ROOT, dir, cookie, 2);
            for (DirEntry e : page.entries()) {
                out.put(e.name(), e.stat());
                cookie = e.cookie();
            }
            if (page.eof()) {
                return out;
            }
        }
    }

    @Test
    void changesThroughTheBackEndShowAtOnce() throws Exception {
        withMaxAge(Duration.ofMinutes(10));
        FileHandle d = setUp(5);
        assertThat(list(d).get("f1").size()).isEqualTo(1);
        assertThat(list(d)).as("listed again, remembered").hasSize(5);

        FileHandle f1 = fs.lookup(ROOT, d, "f1").handle();
        try (IoHandle io = fs.open(ROOT, f1, Access.WRITE)) {
            io.write(100, ByteBuffer.wrap(new byte[10]), Stability.UNSTABLE);
        }
        FileHandle f2 = fs.lookup(ROOT, d, "f2").handle();
        Stat before = list(d).get("f2");
        fs.setattr(ROOT, f2, new SetAttributes(0600, null, null, null, null, null));
        FileHandle f3 = fs.lookup(ROOT, d, "f3").handle();
        fs.link(ROOT, f3, fs.root(), "f3-elsewhere");

        Map<String, Stat> after = list(d);
        assertThat(after.get("f1").size()).as("written through a handle").isEqualTo(110);
        assertThat(after.get("f1").change()).isEqualTo(fs.getattr(ROOT, f1).change());
        assertThat(after.get("f2").mode()).as("SETATTR").isEqualTo(0600);
        assertThat(after.get("f2").change()).isNotEqualTo(before.change());
        assertThat(after.get("f3").nlink()).as("a link made in another directory").isEqualTo(2);
        assertThat(after.get("f0").size()).isZero();
    }

    @Test
    void changesBesideTheGatewayShowAfterTheMaximumAge() throws Exception {
        withMaxAge(Duration.ofMinutes(10));
        FileHandle d = setUp(3);
        assertThat(list(d).get("f2").size()).isEqualTo(2);
        // a write in place leaves the directory as it was: its listing stays
        Files.write(export.resolve("d/f2"), new byte[777]);
        assertThat(fs.getattr(ROOT, fs.lookup(ROOT, d, "f2").handle()).size()).as("GETATTR reads afresh").isEqualTo(777);
        assertThat(list(d).get("f2").size()).as("within 10 minutes the listing may show what it read").isEqualTo(2);

        withMaxAge(Duration.ofMillis(300));
        assertThat(list(d).get("f2").size()).isEqualTo(777);
        Files.write(export.resolve("d/f2"), new byte[5]);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> list(d).get("f2").size() == 5);
    }

    @Test
    void zeroReadsEveryEntryAfresh() throws Exception {
        withMaxAge(Duration.ZERO);
        FileHandle d = setUp(3);
        assertThat(list(d).get("f1").size()).isEqualTo(1);
        Files.write(export.resolve("d/f1"), new byte[33]);
        assertThat(list(d).get("f1").size()).isEqualTo(33);
    }
}
