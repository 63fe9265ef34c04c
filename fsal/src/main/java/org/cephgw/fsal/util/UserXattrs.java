package org.cephgw.fsal.util;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;

/**
 * The mapping between the extended-attribute names of {@link org.cephgw.fsal.Filesystem.Xattrs}
 * (NFSv4's, without a namespace) and the back ends' "user." attributes, and the limits both back
 * ends apply, so that a client sees the same answers from either.
 */
public final class UserXattrs {
    public static final String PREFIX = "user.";
    private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.US_ASCII);

    /** Linux's XATTR_NAME_MAX, which counts the prefix. */
    public static final int MAX_NAME_BYTES = 255;

    /**
     * Linux's XATTR_SIZE_MAX: larger values can be neither set nor read through the Linux xattr
     * calls, so no client of a back end could use them either.
     */
    public static final int MAX_VALUE_BYTES = 65536;

    private UserXattrs() {
    }

    /**
     * Whether a file of this type can have user attributes. Linux keeps them on regular files
     * and directories only (a symbolic link's or a device's permission bits say nothing about
     * who may write them): reading one elsewhere is {@link FsError#NOXATTR}, setting or removing
     * one {@link FsError#PERM}. A back end that does not go through the kernel checks this itself.
     */
    public static boolean allowedOn(org.cephgw.fsal.FileType type) {
        return type == org.cephgw.fsal.FileType.REGULAR || type == org.cephgw.fsal.FileType.DIRECTORY;
    }

    /**
     * The back-end name ("user." + {@code name}) as UTF-8 bytes without a terminating NUL: not
     * empty and no NUL (INVAL; a C string cannot carry one), well-formed UTF-16 (INVAL), at most
     * {@link #MAX_NAME_BYTES} with the prefix (NAMETOOLONG).
     */
    public static byte[] nativeName(String name) {
        if (name == null || name.isEmpty()) {
            throw new FsException(FsError.INVAL, "empty extended attribute name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == 0) {
                throw new FsException(FsError.INVAL, "extended attribute name with NUL");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= name.length() || !Character.isLowSurrogate(name.charAt(i + 1))) {
                    throw new FsException(FsError.INVAL, "extended attribute name is not valid Unicode");
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw new FsException(FsError.INVAL, "extended attribute name is not valid Unicode");
            }
        }
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (PREFIX_BYTES.length + n.length > MAX_NAME_BYTES) {
            throw new FsException(FsError.NAMETOOLONG, "extended attribute name of " + n.length + " bytes");
        }
        byte[] out = new byte[PREFIX_BYTES.length + n.length];
        System.arraycopy(PREFIX_BYTES, 0, out, 0, PREFIX_BYTES.length);
        System.arraycopy(n, 0, out, PREFIX_BYTES.length, n.length);
        return out;
    }

    /** XATTR2BIG for a value larger than {@link #MAX_VALUE_BYTES}. */
    public static void checkValue(byte[] value) {
        if (value.length > MAX_VALUE_BYTES) {
            throw new FsException(FsError.XATTR2BIG, "extended attribute value of " + value.length + " bytes");
        }
    }

    /**
     * The user attributes among the NUL-separated names of a listxattr buffer, prefix removed.
     * Names that are not valid UTF-8 are left out: NFSv4 names are UTF-8, and a lossy decoding
     * would name an attribute that GETXATTR could not reach.
     */
    public static List<String> fromList(byte[] buf, int length) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (buf[i] != 0) {
                continue;
            }
            int len = i - start;
            if (len > PREFIX_BYTES.length && startsWithPrefix(buf, start)) {
                String n = utf8(buf, start + PREFIX_BYTES.length, len - PREFIX_BYTES.length);
                if (n != null) {
                    names.add(n);
                }
            }
            start = i + 1;
        }
        return names;
    }

    private static boolean startsWithPrefix(byte[] buf, int at) {
        for (int k = 0; k < PREFIX_BYTES.length; k++) {
            if (buf[at + k] != PREFIX_BYTES[k]) {
                return false;
            }
        }
        return true;
    }

    private static String utf8(byte[] b, int off, int len) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(b, off, len)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }
}
