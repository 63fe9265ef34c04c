package org.cephgw.fsal;

/** How setting an extended attribute treats one that exists or is missing (RFC 8276 setxattr_option4). */
public enum XattrSetMode {
    /** create or replace */
    EITHER,
    /** fail with {@link FsError#EXIST} when it exists */
    CREATE,
    /** fail with {@link FsError#NOXATTR} when it does not exist */
    REPLACE
}
