package org.cephgw.fsal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FileTypeTest {

    @Test
    void formatBitsAreLinuxs() {
        // <sys/stat.h>: S_IFSOCK 0140000, S_IFLNK 0120000, S_IFREG 0100000, S_IFBLK 0060000,
        // S_IFDIR 0040000, S_IFCHR 0020000, S_IFIFO 0010000
        assertThat(FileType.SOCKET.formatBits()).isEqualTo(0140000);
        assertThat(FileType.SYMLINK.formatBits()).isEqualTo(0120000);
        assertThat(FileType.REGULAR.formatBits()).isEqualTo(0100000);
        assertThat(FileType.BLOCK.formatBits()).isEqualTo(0060000);
        assertThat(FileType.DIRECTORY.formatBits()).isEqualTo(0040000);
        assertThat(FileType.CHAR.formatBits()).isEqualTo(0020000);
        assertThat(FileType.FIFO.formatBits()).isEqualTo(0010000);
        assertThat(FileType.FORMAT_MASK).isEqualTo(0170000);
    }

    @Test
    void fromModeIgnoresThePermissionBitsAndRoundTrips() {
        for (FileType t : FileType.values()) {
            assertThat(FileType.fromMode(t.formatBits())).isEqualTo(t);
            assertThat(FileType.fromMode(t.formatBits() | 07777)).isEqualTo(t);
            // a mode read from a 16-bit field as a signed short, masked back
            assertThat(FileType.fromMode((short) (t.formatBits() | 0644) & 0xffff)).isEqualTo(t);
        }
        assertThat(FileType.fromMode(0)).isNull();
        assertThat(FileType.fromMode(0644)).isNull();
        assertThat(FileType.fromMode(0170000)).isNull();
        assertThat(FileType.fromMode(0030000)).isNull();
    }

    @Test
    void whatMknodMakes() {
        assertThat(FileType.values()).filteredOn(FileType::isSpecial)
                .containsExactlyInAnyOrder(FileType.BLOCK, FileType.CHAR, FileType.FIFO, FileType.SOCKET);
        assertThat(FileType.values()).filteredOn(FileType::isDevice).containsExactlyInAnyOrder(FileType.BLOCK, FileType.CHAR);
    }

    @Test
    void accessByModeKnowsDirectoriesByTheirFormatBits() {
        Creds user = new Creds(1000, 1000, new int[0]);
        int all = Filesystem.Access.READ | Filesystem.Access.WRITE | Filesystem.Access.EXECUTE
                | Filesystem.Access.LOOKUP | Filesystem.Access.MODIFY_DIR;
        assertThat(Filesystem.Access.grantedByMode(user, 0040777, 0, 0, all))
                .isEqualTo(Filesystem.Access.READ | Filesystem.Access.WRITE | Filesystem.Access.LOOKUP | Filesystem.Access.MODIFY_DIR);
        assertThat(Filesystem.Access.grantedByMode(user, 0100777, 0, 0, all))
                .isEqualTo(Filesystem.Access.READ | Filesystem.Access.WRITE | Filesystem.Access.EXECUTE);
    }
}
