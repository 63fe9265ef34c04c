package org.cephgw.persistence.grace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalGraceDbTest extends GraceDbContract {
    @TempDir
    Path dir;

    @Override
    protected GraceDb newDb() {
        return LocalGraceDb.inStateDir(dir.resolve("state"));
    }

    @Test
    void createMakesTheStateDirectoryAndTheFiles() {
        LocalGraceDb d = (LocalGraceDb) db();
        assertThat(d.path()).isEqualTo(dir.resolve("state").resolve("grace.db"));
        d.create();
        assertThat(Files.exists(d.path())).isTrue();
        assertThat(Files.exists(dir.resolve("state/grace.db.lock"))).isTrue();
        assertThat(Files.exists(dir.resolve("state/grace.db.tmp"))).isFalse();
    }

    /** The file, assembled by hand from the documented format. */
    @Test
    void fileFormatIsAsDocumented() throws Exception {
        LocalGraceDb d = (LocalGraceDb) created(); // version 1
        d.add("a", "bc"); // version 2
        d.start("a"); // version 3
        d.add("a"); // no change: not written
        String body = "43475747524143450" + "1000000" // "CGWGRACE", format 1
                + "0300000000000000" // version 3
                + "0200000000000000" + "0100000000000000" // cur=2, rec=1 (the RADOS object's 16 bytes)
                + "02000000" // 2 members
                + "0100" + "61" + "03" // "a" NE
                + "0200" + "6263" + "02"; // "bc" E
        byte[] expected = HexFormat.of().parseHex(body);
        CRC32C crc = new CRC32C();
        crc.update(expected);
        int c = (int) crc.getValue();
        String trailer = String.format("%02x%02x%02x%02x", c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, c >>> 24);
        assertThat(HexFormat.of().formatHex(Files.readAllBytes(d.path()))).isEqualTo(body + trailer);
    }

    @Test
    void aSecondInstanceSeesTheSameDatabase() {
        GraceDb d = created();
        d.add("a");
        try (LocalGraceDb other = new LocalGraceDb(dir.resolve("state/../state/grace.db"))) {
            assertThat(other.create()).isFalse();
            other.start("a");
        }
        assertThat(d.dump()).isEqualTo(dump("cur=2 rec=1", "a\tNE"));
    }
}
