package org.cephgw.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackendsTest {
    @Test
    void theCephfsSessionUuidIsStablePerNodeAndExport() {
        // nfs-ganesha: ganesha-<nodeid>-<export id as %04hx>
        assertThat(Backends.reclaimUuid("nfs-0", 1)).isEqualTo("cephgw-nfs-0-0001");
        assertThat(Backends.reclaimUuid("a", 0xbeef)).isEqualTo("cephgw-a-beef");
        assertThat(Backends.reclaimUuid("a", 65535)).isEqualTo("cephgw-a-ffff");
    }
}
