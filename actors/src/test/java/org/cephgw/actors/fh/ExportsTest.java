package org.cephgw.actors.fh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.cephgw.actors.ExportSpec;
import org.cephgw.actors.ExportSpec.Squash;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.Filesystem;
import org.cephgw.protocol.rpc.AuthSysParms;
import org.junit.jupiter.api.Test;

/** Export table, root handle and identity squashing. */
class ExportsTest {
    /** any file system will do as a back end here: a pseudo one is at hand */
    private static final Filesystem BACKEND = new PseudoFs(Map.of(1, "/x"));

    private static ExportSpec export(int id, String path, Squash squash) {
        return new ExportSpec(id, path, BACKEND, false, squash, 65534, 65533,
                a -> a.getHostAddress().startsWith("10."));
    }

    private static AuthSysParms sys(int uid, int gid, int... gids) {
        return new AuthSysParms(1, "host", uid, gid, gids);
    }

    @Test
    void aSingleExportAtTheRootIsTheRoot() {
        Exports e = new Exports(List.of(export(7, "/", Squash.NONE)));
        assertThat(e.rootFh()).isEqualTo(new Fh(7, BACKEND.root()));
        assertThat(e.pseudo()).isNull();
        assertThat(e.fs(Fh.PSEUDO_EXPORT)).isNull();
        assertThat(e.fs(7)).isSameAs(BACKEND);
    }

    @Test
    void anExportAtTheRootMustBeAlone() {
        assertThatThrownBy(() -> new Exports(List.of(export(1, "/", Squash.NONE), export(2, "/b", Squash.NONE))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Exports(List.of(export(2, "/b", Squash.NONE), export(1, "/", Squash.NONE))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Exports(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Exports(List.of(export(1, "/a", Squash.NONE), export(1, "/b", Squash.NONE))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void severalExportsShareThePseudoFileSystem() throws Exception {
        ExportSpec a = export(1, "/a", Squash.NONE);
        ExportSpec b = export(2, "/b/c", Squash.ROOT);
        Exports e = new Exports(List.of(a, b));
        assertThat(e.rootFh().isPseudo()).isTrue();
        assertThat(e.pseudo()).isNotNull();
        assertThat(e.rootFh().handle()).isEqualTo(e.pseudo().root());
        assertThat(e.fs(Fh.PSEUDO_EXPORT)).isSameAs(e.pseudo());
        assertThat(e.fs(2)).isSameAs(BACKEND);
        assertThat(e.fs(3)).as("unknown export: stale").isNull();
        assertThat(e.export(1)).isSameAs(a);
        assertThat(e.export(0)).isNull();
        assertThat(e.all()).containsExactly(a, b);
        assertThat(e.pseudo().junction(e.pseudo().mountPoint(2))).isEqualTo(2);
        assertThat(e.allowed(1, InetAddress.getByName("10.1.2.3"))).isTrue();
        assertThat(e.allowed(1, InetAddress.getByName("192.0.2.1"))).isFalse();
        assertThat(e.allowed(Fh.PSEUDO_EXPORT, InetAddress.getByName("192.0.2.1"))).isTrue();
        assertThat(e.allowed(1, null)).isTrue();
    }

    @Test
    void squashNoneKeepsIdentities() {
        Creds c = Exports.creds(sys(0, 0, 0, 5), export(1, "/a", Squash.NONE));
        assertThat(c).isEqualTo(new Creds(0, 0, new int[] {0, 5}));
    }

    @Test
    void squashRootMapsOnlyZeroIds() {
        ExportSpec e = export(1, "/a", Squash.ROOT);
        assertThat(Exports.creds(sys(0, 0, 0, 5, 0), e)).isEqualTo(new Creds(65534, 65533, new int[] {65533, 5, 65533}));
        assertThat(Exports.creds(sys(1000, 0, 7), e)).isEqualTo(new Creds(1000, 65533, new int[] {7}));
        assertThat(Exports.creds(sys(0, 100, 100), e)).isEqualTo(new Creds(65534, 100, new int[] {100}));
        assertThat(Exports.creds(sys(1000, 1000), e)).isEqualTo(new Creds(1000, 1000, new int[0]));
    }

    @Test
    void squashAllMapsEveryone() {
        ExportSpec e = export(1, "/a", Squash.ALL);
        assertThat(Exports.creds(sys(1000, 1000, 4, 5), e)).isEqualTo(new Creds(65534, 65533, new int[0]));
        assertThat(Exports.creds(sys(0, 0), e)).isEqualTo(new Creds(65534, 65533, new int[0]));
    }

    @Test
    void authNoneIsAnonymous() {
        assertThat(Exports.creds(null, export(1, "/a", Squash.NONE))).isEqualTo(new Creds(65534, 65533, new int[0]));
        assertThat(Exports.creds(null, null)).isEqualTo(new Creds(65534, 65534, new int[0]));
        assertThat(Exports.creds(sys(0, 0, 1), null)).as("the pseudo file system does not squash")
                .isEqualTo(new Creds(0, 0, new int[] {1}));
    }
}
