package org.cephgw.persistence.rados;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** Every way connecting can go wrong ends, within the timeout, in an error naming the setting to fix. */
class RadosClusterConnectTest {
    @TempDir
    Path dir;

    @Test
    void invalidSettingsNameTheSetting() {
        assertThatThrownBy(() -> RadosSettings.of("", null)).hasMessageStartingWith("pool ");
        assertThatThrownBy(() -> RadosSettings.of("p", null).withUserId("client.admin")).hasMessageStartingWith("user-id ");
        assertThatThrownBy(() -> RadosSettings.of("p", null).withUserId("a b")).hasMessageStartingWith("user-id ");
        assertThatThrownBy(() -> RadosSettings.of("p", null).withKey("k").withKeyring(Path.of("/k")))
                .hasMessageStartingWith("keyring ");
        assertThatThrownBy(() -> RadosSettings.of("p", null).withConnectTimeout(Duration.ofMillis(10)))
                .hasMessageStartingWith("connect-timeout ");
        RadosSettings s = RadosSettings.of("p", "");
        assertThat(s.namespace()).isNull();
        assertThat(s.userId()).isEqualTo("admin");
        assertThat(s.withKey("SECRET").toString()).doesNotContain("SECRET");
    }

    @Test
    @EnabledIfSystemProperty(named = "ceph", matches = "true")
    void aMissingConfFileNamesCephConf() {
        RadosConnectException e = connectFails(RadosTestSupport.settings().withCephConf(dir.resolve("nope.conf")));
        assertThat(e.setting()).isEqualTo(RadosSettings.CEPH_CONF);
        assertThat(e.step()).isEqualTo("rados_conf_read_file");
        assertThat(e.errno()).isEqualTo(-2);
        assertThat(e.getMessage()).contains("ceph-conf").contains("nope.conf");
    }

    @Test
    @EnabledIfSystemProperty(named = "ceph", matches = "true")
    void aWrongKeyNamesTheUser() {
        // a well-formed key, but not cephgw's (ceph-authtool --gen-print-key)
        RadosConnectException e = connectFails(RadosTestSupport.settings().withKeyring(null)
                .withKey("AQD05wRrwmTHCxAA1fnGK3fGNBTguw34Pd70Ag=="));
        assertThat(e.step()).isEqualTo("rados_connect");
        assertThat(e.setting()).isEqualTo(RadosSettings.USER_ID);
        assertThat(e.errno()).isIn(-1, -13);
        assertThat(e.getMessage()).contains("user-id 'cephgw'").contains("key");
    }

    @Test
    @EnabledIfSystemProperty(named = "ceph", matches = "true")
    void anUnknownUserNamesTheUser() {
        RadosConnectException e = connectFails(RadosTestSupport.settings().withKeyring(null).withUserId("nosuchuser"));
        assertThat(e.setting()).isIn(RadosSettings.USER_ID, RadosSettings.KEYRING);
        assertThat(e.getMessage()).contains("nosuchuser");
    }

    @Test
    @EnabledIfSystemProperty(named = "ceph", matches = "true")
    void aMissingPoolNamesThePool() {
        RadosSettings base = RadosTestSupport.settings();
        RadosConnectException e = connectFails(new RadosSettings(base.cephConf(), base.userId(), base.keyring(), null,
                "no-such-pool-" + RadosTestSupport.RUN, null, base.connectTimeout()));
        assertThat(e.step()).isEqualTo("rados_ioctx_create");
        assertThat(e.setting()).isEqualTo(RadosSettings.POOL);
        assertThat(e.errno()).isEqualTo(-2);
        assertThat(e.getMessage()).contains("pool 'no-such-pool-");
    }

    /** A monitor address where nothing answers: fails after connect-timeout, not librados' 300 s. */
    @Test
    @EnabledIfSystemProperty(named = "ceph", matches = "true")
    void aDeadMonitorFailsWithinTheTimeout() throws Exception {
        Path conf = dir.resolve("dead.conf");
        Files.writeString(conf, "[global]\nmon host = 127.0.0.1:9\nauth client required = cephx\n");
        RadosSettings s = RadosTestSupport.settings().withCephConf(conf).withConnectTimeout(Duration.ofSeconds(3));
        long t0 = System.nanoTime();
        RadosConnectException e = connectFails(s);
        long secs = (System.nanoTime() - t0) / 1_000_000_000L;
        assertThat(secs).isLessThan(15);
        assertThat(e.step()).isEqualTo("rados_connect");
        assertThat(e.setting()).isEqualTo(RadosSettings.CEPH_CONF);
        assertThat(e.getMessage()).contains("no monitor answered within connect-timeout 3 s").contains("dead.conf");
    }

    private static RadosConnectException connectFails(RadosSettings s) {
        try (RadosCluster c = RadosCluster.connect(s)) {
            throw new AssertionError("connected: " + c);
        } catch (RadosConnectException e) {
            return e;
        }
    }
}
