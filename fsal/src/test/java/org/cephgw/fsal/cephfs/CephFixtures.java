package org.cephgw.fsal.cephfs;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.cephgw.fsal.CreateHow;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.IoHandle;
import org.cephgw.fsal.SetAttributes;
import org.cephgw.fsal.Stat;
import org.cephgw.fsal.XattrSetMode;
import org.cephgw.fsal.contract.BackendFixture;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract's fixtures for CephFS, registered by each Ceph contract class
 * ({@code @RegisterExtension static final CephFixtures CEPH = new CephFixtures()}): an admin mount
 * of "/" for the class (the same cluster discovery as {@link CephFsTestSupport}), a fresh export
 * directory below {@code /cephgw-tests/<run>/} per test, removed after the class; the admin mount
 * is the outside view (another CephFS client).
 */
final class CephFixtures implements BeforeAllCallback, AfterAllCallback {
    private static final Creds ROOT = Creds.ROOT;

    private CephFilesystem admin;
    private FileHandle runDir;
    private final List<String> created = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        admin = new CephFilesystem(CephFsTestSupport.baseOptions());
        FileHandle top = CephFsTestSupport.mkdirs(admin, admin.root(), "cephgw-tests");
        String run = CephFsTestSupport.RUN;
        runDir = CephFsTestSupport.mkdirs(admin, top, run.substring(run.lastIndexOf('/') + 1));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (admin == null) {
            return;
        }
        try {
            for (String name : created) {
                CephFsTestSupport.removeTree(admin, runDir, name);
            }
            created.clear();
        } finally {
            admin.close();
            admin = null;
        }
    }

    BackendFixture newFixture(String name) {
        String unique = name + "-" + created.size();
        FileHandle exportInAdmin = admin.mkdir(ROOT, runDir, unique, new SetAttributes(0777, null, null, null, null, null)).handle();
        created.add(unique);
        return new Fixture(CephFsTestSupport.RUN + "/" + unique, exportInAdmin);
    }

    private final class Fixture implements BackendFixture {
        private final String exportPath;
        private final FileHandle exportInAdmin;
        private CephFilesystem fs;
        private final List<CephFilesystem> extra = new ArrayList<>();

        Fixture(String exportPath, FileHandle exportInAdmin) {
            this.exportPath = exportPath;
            this.exportInAdmin = exportInAdmin;
            this.fs = new CephFilesystem(options());
        }

        CephOptions options() {
            return CephFsTestSupport.baseOptions().withExportPath(exportPath);
        }

        @Override
        public Filesystem fs() {
            return fs;
        }

        @Override
        public Filesystem reopen() {
            fs.close();
            fs = new CephFilesystem(options());
            return fs;
        }

        @Override
        public Filesystem reopenWithHandleCache(int entries) {
            fs.close();
            fs = new CephFilesystem(options().withInodeCacheSize(entries));
            return fs;
        }

        @Override
        public int cachedHandles() {
            return fs.cachedInodes();
        }

        private CephFilesystem extra(CephOptions o) {
            CephFilesystem f = new CephFilesystem(o);
            extra.add(f);
            return f;
        }

        @Override
        public Filesystem secondClient() {
            return extra(options());
        }

        /** The same directory under another export id: its handles are another export's. */
        @Override
        public Filesystem otherExport() {
            return extra(options().withExportId(2));
        }

        @Override
        public boolean switchesCredentials() {
            return true;
        }

        @Override
        public boolean handlesSurviveRestart() {
            return true;
        }

        /** The inode's version, kept by the MDS. */
        @Override
        public boolean changeAttributeIsShared() {
            return true;
        }

        /** libcephfs 16.2 answers SEEK_DATA/SEEK_HOLE from the size alone. */
        @Override
        public boolean seekFindsHoles() {
            return false;
        }

        /** CephFS cannot reserve space: ALLOCATE only extends the size. */
        @Override
        public boolean allocateReservesSpace() {
            return false;
        }

        @Override
        public boolean keepsLargeXattrValues() {
            return true;
        }

        /** Positions are below 2^61 (CephFilesystem.MAX_DIR_OFFSET). */
        @Override
        public OptionalLong cookieBeyondEveryPosition() {
            return OptionalLong.of((1L << 61) + 3);
        }

        /** Every reference the back end took is either cached or given back (+1: the root). */
        @Override
        public void assertHandleReferencesBalanced() {
            assertThat(fs.inodeReferences()).isEqualTo(fs.cachedInodes() + 1);
        }

        @Override
        public void close() {
            try {
                fs.close();
                assertThat(fs.inodeReferences()).as("inode references after close").isZero();
            } finally {
                for (CephFilesystem f : extra) {
                    f.close();
                }
                extra.clear();
            }
        }

        @Override
        public Outside outside() {
            return new Outside() {
                FileHandle at(String path) {
                    FileHandle h = exportInAdmin;
                    if (path.equals(".")) {
                        return h;
                    }
                    for (String part : path.split("/")) {
                        h = admin.lookup(ROOT, h, part).handle();
                    }
                    return h;
                }

                FileHandle parent(String path) {
                    int i = path.lastIndexOf('/');
                    return i < 0 ? exportInAdmin : at(path.substring(0, i));
                }

                String leaf(String path) {
                    return path.substring(path.lastIndexOf('/') + 1);
                }

                @Override
                public void createFile(String path) {
                    admin.create(ROOT, parent(path), leaf(path), CreateHow.GUARDED, SetAttributes.NONE);
                }

                @Override
                public void write(String path, long offset, byte[] data) {
                    CephFsTestSupport.write(admin, at(path), offset, data);
                }

                @Override
                public void truncate(String path, long size) {
                    admin.setattr(ROOT, at(path), new SetAttributes(null, null, null, size, null, null));
                }

                @Override
                public byte[] read(String path) {
                    return org.cephgw.fsal.contract.BackendContract.readAll(admin, at(path));
                }

                @Override
                public void remove(String path) {
                    admin.remove(ROOT, parent(path), leaf(path));
                }

                @Override
                public Seen stat(String path) {
                    Stat st = admin.getattr(ROOT, at(path));
                    return new Seen(st.fileId(), st.mode(), st.uid(), st.gid(), st.size());
                }

                @Override
                public String readlink(String path) {
                    return admin.readlink(ROOT, at(path));
                }

                @Override
                public byte[] getXattr(String path, String fullName) {
                    return admin.getxattr(ROOT, at(path), fullName);
                }

                @Override
                public List<String> xattrNames(String path) {
                    return admin.listxattr(ROOT, at(path));
                }

                @Override
                public void setXattr(String path, String fullName, byte[] value) {
                    admin.setxattr(ROOT, at(path), fullName, value, XattrSetMode.EITHER);
                }

                /** An ACL: a system.* attribute every CephFS client can set. */
                @Override
                public String setForeignXattr(String path) {
                    java.nio.ByteBuffer acl = java.nio.ByteBuffer.allocate(4 + 5 * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                    acl.putInt(2);
                    acl.putShort((short) 0x01).putShort((short) 6).putInt(-1); // user::rw-
                    acl.putShort((short) 0x02).putShort((short) 4).putInt(1000); // user:1000:r--
                    acl.putShort((short) 0x04).putShort((short) 4).putInt(-1); // group::r--
                    acl.putShort((short) 0x10).putShort((short) 4).putInt(-1); // mask::r--
                    acl.putShort((short) 0x20).putShort((short) 4).putInt(-1); // other::r--
                    admin.setxattr(ROOT, at(path), "system.posix_acl_access", acl.array(), XattrSetMode.EITHER);
                    assertThat(admin.listxattr(ROOT, at(path))).contains("system.posix_acl_access");
                    return "system.posix_acl_access";
                }
            };
        }
    }
}
