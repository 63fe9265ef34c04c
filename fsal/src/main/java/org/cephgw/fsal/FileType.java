package org.cephgw.fsal;

/**
 * File types; the order matches nothing on the wire (the protocol maps them to nfs_ftype4). Each
 * has its POSIX format bits (S_IFMT of st_mode), the same in Linux's statx and libcephfs's
 * ceph_statx, so both back ends map modes here.
 */
public enum FileType {
    REGULAR(0100000), DIRECTORY(0040000), SYMLINK(0120000), BLOCK(0060000), CHAR(0020000), FIFO(0010000), SOCKET(0140000);

    /** The mask of the format bits in a mode (S_IFMT). */
    public static final int FORMAT_MASK = 0170000;

    private final int formatBits;

    FileType(int formatBits) {
        this.formatBits = formatBits;
    }

    /** This type's format bits (S_IFREG, S_IFDIR, ...), e.g. for mknod. */
    public int formatBits() {
        return formatBits;
    }

    /** The type a mode's format bits name (the permission bits are ignored); null for none. */
    public static FileType fromMode(int mode) {
        return switch (mode & FORMAT_MASK) {
            case 0100000 -> REGULAR;
            case 0040000 -> DIRECTORY;
            case 0120000 -> SYMLINK;
            case 0060000 -> BLOCK;
            case 0020000 -> CHAR;
            case 0010000 -> FIFO;
            case 0140000 -> SOCKET;
            default -> null;
        };
    }

    /** What mknod can make: devices, FIFOs and sockets. */
    public boolean isSpecial() {
        return this == BLOCK || this == CHAR || this == FIFO || this == SOCKET;
    }

    /** A block or character device (has a major and minor number). */
    public boolean isDevice() {
        return this == BLOCK || this == CHAR;
    }
}
