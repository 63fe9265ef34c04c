package org.cephgw.fsal;

/** Space and file counts (statfs). {@code avail*} is what a non-root caller may use. */
public record FsStats(long totalBytes, long freeBytes, long availBytes, long totalFiles, long freeFiles, long availFiles) {
}
