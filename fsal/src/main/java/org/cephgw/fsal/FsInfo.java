package org.cephgw.fsal;

/**
 * What a back end can do and its limits.
 *
 * @param fsidMajor     with fsidMinor: the file system id clients see (NFSv4 fsid)
 * @param timeDeltaNanos granularity of its timestamps
 * @param exclusiveCreateUsesTimes true when EXCLUSIVE create keeps the verifier in atime/mtime,
 *                      so a client must not set those in the same create
 */
public record FsInfo(
        long fsidMajor,
        long fsidMinor,
        long maxFileSize,
        int maxRead,
        int maxWrite,
        int maxNameLength,
        boolean symlinks,
        boolean hardLinks,
        boolean specialFiles,
        long timeDeltaNanos,
        boolean exclusiveCreateUsesTimes) {
}
