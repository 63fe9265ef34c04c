package org.cephgw.fsal.local;

import java.nio.file.Files;
import java.nio.file.Path;

import org.cephgw.fsal.FsStats;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What only the local back end has; the SPI's operations are in the contract (LocalNamespaceContractTest). */
class LocalFilesystemTest extends LocalFsTestSupport {

    @Test
    void constructorRejectsMissingDirectoryAndPlainFile() throws Exception {
        assertThatThrownBy(() -> new LocalFilesystem(tmp.resolve("nope"), options()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        assertThatThrownBy(() -> new LocalFilesystem(file, options()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a directory");
    }

    @Test
    void kernelHandlesWhenRunningAsRoot() {
        if (runningAsRoot()) {
            assertThat(fs.handleKind()).isEqualTo(LocalFilesystem.HandleKind.KERNEL);
        } else {
            assertThat(fs.handleKind()).isNotEqualTo(LocalFilesystem.HandleKind.KERNEL);
        }
    }

    @Test
    void statfsIsTheKernels() {
        FsStats st = fs.statfs(ROOT, fs.root());
        assertThat(st.totalBytes()).isPositive();
        assertThat(st.totalBytes()).isEqualTo(export.toFile().getTotalSpace());
    }
}
