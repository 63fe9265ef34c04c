package org.cephgw.fsal.cephfs;

import java.nio.ByteBuffer;

import org.cephgw.fsal.CreateHow;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem.Access;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.IoHandle;
import org.cephgw.fsal.SetAttributes;
import org.cephgw.fsal.XattrSetMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/** Operations run as the caller (UserPerm): CephFS enforces the permissions. */
@EnabledIfSystemProperty(named = "ceph", matches = "true")
class CephPermissionsTest extends CephFsTestSupport {
    static final Creds USER = new Creds(1000, 1000, new int[0]);
    static final Creds USER_IN_2000 = new Creds(1000, 1000, new int[] {2000});

    @Test
    void posixAclsAreEnforced() {
        FileHandle f = fs.create(ROOT, fs.root(), "acl", CreateHow.GUARDED, new SetAttributes(0600, null, null, null, null, null)).handle();
        assertThat(errorOf(() -> fs.open(USER, f, Access.READ | Access.WRITE))).isEqualTo(FsError.ACCES);
        // system.posix_acl_access: version 2, then {tag u16, perm u16, id u32} little-endian
        ByteBuffer acl = ByteBuffer.allocate(4 + 5 * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        acl.putInt(2);
        acl.putShort((short) 0x01).putShort((short) 6).putInt(-1);   // user::rw-
        acl.putShort((short) 0x02).putShort((short) 6).putInt(1000); // user:1000:rw-
        acl.putShort((short) 0x04).putShort((short) 0).putInt(-1);   // group::---
        acl.putShort((short) 0x10).putShort((short) 6).putInt(-1);   // mask::rw-
        acl.putShort((short) 0x20).putShort((short) 0).putInt(-1);   // other::---
        fs.setxattr(ROOT, f, "system.posix_acl_access", acl.array(), XattrSetMode.EITHER);
        try (IoHandle io = fs.open(USER, f, Access.READ | Access.WRITE)) {
            io.write(0, ByteBuffer.wrap(new byte[] {1}), IoHandle.Stability.UNSTABLE);
        }
        assertThat(errorOf(() -> fs.open(new Creds(1001, 1001, new int[0]), f, Access.READ))).isEqualTo(FsError.ACCES);
    }
}
