package org.cephgw.fsal.cephfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.cephgw.fsal.Creds;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsInfo;
import org.cephgw.fsal.Stat;
import org.cephgw.fsal.XattrSetMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** What only the CephFS back end has; the SPI's operations are in the contract (CephNamespaceContractTest). */
@EnabledIfSystemProperty(named = "ceph", matches = "true")
class CephFilesystemTest extends CephFsTestSupport {

    /** The fsid and the handles are the file system's: the same on every mount of the export. */
    @Test
    void fsidAndRootHandleOfTheFileSystem() {
        Stat st = fs.getattr(ROOT, fs.root());
        FsInfo info = fs.info();
        assertThat(info.fsidMajor()).isEqualTo(fs.fscid());
        assertThat(info.fsidMinor()).isEqualTo(st.fileId());
        assertThat(fs.root().length()).isEqualTo(26);
        assertThat(fs.root()).isEqualTo(reopen().root());
    }

    /** libcephfs formats no debug line for its in-memory log unless ceph.conf asks for one. */
    @Test
    void busySubsystemsGatherNoMemoryLogUnlessCephConfSetsALevel(@TempDir Path tmp) throws IOException {
        assertThat(CephFilesystem.Mounter.get(fs.cmount(), "debug_client")).isEqualTo("0/0");
        assertThat(CephFilesystem.Mounter.get(fs.cmount(), "debug_objectcacher")).isEqualTo("0/0");
        assertThat(CephFilesystem.Mounter.get(fs.cmount(), "debug_objecter")).isEqualTo("0/0");
        Path conf = tmp.resolve("ceph.conf");
        Files.writeString(conf, Files.readString(confPath()) + "\n[client]\ndebug client = 1/5\n");
        CephFilesystem other = secondClient(options().withConfPath(conf));
        assertThat(CephFilesystem.Mounter.get(other.cmount(), "debug_client")).as("set in ceph.conf").isEqualTo("1/5");
        assertThat(CephFilesystem.Mounter.get(other.cmount(), "debug_objectcacher")).isEqualTo("0/0");
    }

    @Test
    void extendedAttributes() {
        FileHandle f = createFile(fs.root(), "f");
        assertThat(fs.listxattr(ROOT, f)).isEmpty();
        fs.setxattr(ROOT, f, "user.color", "blue".getBytes(StandardCharsets.UTF_8), XattrSetMode.EITHER);
        fs.setxattr(ROOT, f, "user.empty", new byte[0], XattrSetMode.CREATE);
        assertThat(fs.getxattr(ROOT, f, "user.color")).isEqualTo("blue".getBytes(StandardCharsets.UTF_8));
        assertThat(fs.getxattr(ROOT, f, "user.empty")).isEmpty();
        List<String> names = fs.listxattr(ROOT, f);
        assertThat(names).contains("user.color", "user.empty");
        assertThat(errorOf(() -> fs.setxattr(ROOT, f, "user.color", new byte[1], XattrSetMode.CREATE))).isEqualTo(FsError.EXIST);
        assertThat(errorOf(() -> fs.setxattr(ROOT, f, "user.nope", new byte[1], XattrSetMode.REPLACE))).isEqualTo(FsError.NOXATTR);
        byte[] big = new byte[60_000];
        big[59_999] = 7;
        fs.setxattr(ROOT, f, "user.big", big, XattrSetMode.EITHER);
        assertThat(fs.getxattr(ROOT, f, "user.big")).isEqualTo(big);
        // visible to another client
        assertThat(admin.getxattr(ROOT, admin.lookup(ROOT, exportInAdmin, "f").handle(), "user.color")).isEqualTo("blue".getBytes(StandardCharsets.UTF_8));
        fs.removexattr(ROOT, f, "user.color");
        assertThat(errorOf(() -> fs.getxattr(ROOT, f, "user.color"))).isEqualTo(FsError.NOXATTR);
        assertThat(errorOf(() -> fs.removexattr(ROOT, f, "user.color"))).isEqualTo(FsError.NOXATTR);
        assertThat(fs.listxattr(ROOT, f)).doesNotContain("user.color");
        // permissions apply: a stranger may not set attributes of root's 0644 file
        Creds user = new Creds(1000, 1000, new int[0]);
        assertThat(errorOf(() -> fs.setxattr(user, f, "user.x", new byte[1], XattrSetMode.EITHER))).isIn(FsError.ACCES, FsError.PERM);
    }
}
