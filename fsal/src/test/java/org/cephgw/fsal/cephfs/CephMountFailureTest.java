package org.cephgw.fsal.cephfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cephgw.fsal.CreateHow;
import org.cephgw.fsal.SetAttributes;
import org.cephgw.fsal.cephfs.CephMountException.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Wrong settings fail at construction, within a bounded time, naming the setting. */
@EnabledIfSystemProperty(named = "ceph", matches = "true")
class CephMountFailureTest {
    @TempDir
    Path tmp;

    private static CephOptions base() {
        return CephFsTestSupport.baseOptions().withMountTimeout(Duration.ofSeconds(5));
    }

    /** Constructs, expecting a failure naming {@code setting}; returns the message and checks the time. */
    private static String fails(CephOptions o, Setting setting, Duration atMost) {
        long t0 = System.nanoTime();
        try {
            new CephFilesystem(o).close();
            fail("mounted with " + o);
            return null;
        } catch (CephMountException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(e.setting()).as(e.getMessage()).isEqualTo(setting);
            assertThat(took).as("failed after %s: %s", took, e.getMessage()).isLessThanOrEqualTo(atMost);
            return e.getMessage();
        }
    }

    /** A copy of the cluster's ceph.conf with its "mon host" replaced. */
    private Path confWithMonHost(String monHost) throws IOException {
        Path conf = CephFsTestSupport.confPath();
        assertThat(conf).as("-Dceph.conf or $CEPH_CONF").isNotNull();
        List<String> lines = Files.readAllLines(conf);
        StringBuilder out = new StringBuilder();
        boolean replaced = false;
        for (String l : lines) {
            if (l.trim().matches("mon[ _]host\\s*=.*")) {
                out.append("mon host = ").append(monHost).append('\n');
                replaced = true;
            } else {
                out.append(l).append('\n');
            }
        }
        if (!replaced) {
            out.insert(0, "[global]\nmon host = " + monHost + "\n");
        }
        Path p = tmp.resolve("ceph.conf");
        Files.writeString(p, out);
        return p;
    }

    @Test
    void deadMonitorFailsAfterTheMountTimeout() throws Exception {
        Path conf = confWithMonHost("127.0.0.1:1");
        long t0 = System.nanoTime();
        String msg = fails(base().withConfPath(conf), Setting.MON_HOST, Duration.ofSeconds(15));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
        assertThat(msg).contains("mon_host").contains("127.0.0.1:1").contains("5 s");
    }

    @Test
    void unparsableMonitorAddress() throws Exception {
        String msg = fails(base().withConfPath(confWithMonHost("no-such-host.invalid")), Setting.MON_HOST, Duration.ofSeconds(15));
        assertThat(msg).contains("mon_host");
    }

    @Test
    void wrongKeyUnknownUserAndBadKeyFormat() {
        // a well-formed cephx secret (type AES, created, 16 bytes) that is not the user's
        ByteBuffer k = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
        k.putShort((short) 1).putInt(1_700_000_000).putInt(0).putShort((short) 16);
        byte[] secret = new byte[16];
        new Random(7).nextBytes(secret);
        k.put(secret);
        String wrongKey = Base64.getEncoder().encodeToString(k.array());
        String msg = fails(base().withKey(wrongKey), Setting.KEY, Duration.ofSeconds(10));
        assertThat(msg).contains("client." + CephFsTestSupport.user()).doesNotContain(wrongKey);
        assertThat(fails(base().withUserId("no-such-user"), Setting.KEY, Duration.ofSeconds(10))).contains("client.no-such-user");
        assertThat(fails(base().withKey("not base64!"), Setting.KEY, Duration.ofSeconds(1))).contains("base64");
        assertThat(fails(base().withKeyring(tmp.resolve("missing.keyring")), Setting.KEY, Duration.ofSeconds(1))).contains("does not exist");
    }

    @Test
    void theRightKeyWithoutAKeyringWorks() throws Exception {
        Path keyring = CephFsTestSupport.keyringPath();
        String text;
        if (keyring != null) {
            text = Files.readString(keyring);
        } else {
            // the keyring ceph.conf names
            Matcher m = Pattern.compile("(?m)^\\s*keyring\\s*=\\s*(\\S+)").matcher(Files.readString(CephFsTestSupport.confPath()));
            assertThat(m.find()).as("a keyring in ceph.conf").isTrue();
            text = Files.readString(Path.of(m.group(1)));
        }
        Matcher section = Pattern.compile("(?s)\\[client\\." + Pattern.quote(CephFsTestSupport.user()) + "\\](.*?)(\\n\\[|$)").matcher(text);
        assertThat(section.find()).isTrue();
        Matcher key = Pattern.compile("key\\s*=\\s*(\\S+)").matcher(section.group(1));
        assertThat(key.find()).isTrue();
        try (CephFilesystem fs = new CephFilesystem(base().withKey(key.group(1)))) {
            assertThat(fs.getattr(CephFsTestSupport.ROOT, fs.root()).isDirectory()).isTrue();
        }
    }

    @Test
    void wrongFileSystemNameFailsAtOnce() {
        String msg = fails(base().withFsName("no-such-fs"), Setting.FS_NAME, Duration.ofSeconds(10));
        assertThat(msg).contains("no-such-fs");
    }

    @Test
    void wrongExportPath() {
        String msg = fails(base().withExportPath("/no/such/directory"), Setting.EXPORT_PATH, Duration.ofSeconds(10));
        assertThat(msg).contains("/no/such/directory");
        // a file is not a directory to export
        try (CephFilesystem admin = new CephFilesystem(base())) {
            String name = "cephgw-mount-failure-" + System.nanoTime();
            admin.create(CephFsTestSupport.ROOT, admin.root(), name, CreateHow.GUARDED, SetAttributes.NONE);
            try {
                fails(base().withExportPath("/" + name), Setting.EXPORT_PATH, Duration.ofSeconds(10));
            } finally {
                admin.remove(CephFsTestSupport.ROOT, admin.root(), name);
            }
        }
    }

    @Test
    void missingConf() {
        assertThat(fails(base().withConfPath(tmp.resolve("nope.conf")), Setting.CONF, Duration.ofSeconds(1))).contains("does not exist");
    }
}
