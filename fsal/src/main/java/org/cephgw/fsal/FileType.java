package org.cephgw.fsal;

/** File types; the order matches nothing on the wire (the protocol maps them to nfs_ftype4). */
public enum FileType {
    REGULAR, DIRECTORY, SYMLINK, BLOCK, CHAR, FIFO, SOCKET
}
