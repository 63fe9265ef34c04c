package org.cephgw.fsal.util;

import java.nio.charset.StandardCharsets;

import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;

/** The checks every back end applies to a directory entry's name before it reaches the file system. */
public final class Names {
    private Names() {
    }

    /**
     * Checks a name and returns its UTF-8 bytes: not empty (INVAL), not "." or ".."
     * ({@code dotError}: what the operation answers for them), no '/' or NUL and well-formed
     * UTF-16 (INVAL), at most {@code maxBytes} UTF-8 bytes (NAMETOOLONG).
     */
    public static byte[] check(String name, FsError dotError, int maxBytes) {
        if (name == null || name.isEmpty()) {
            throw new FsException(FsError.INVAL, "empty name");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new FsException(dotError, "\"" + name + "\" is not a name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == 0) {
                throw new FsException(FsError.INVAL, "name with '/' or NUL");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= name.length() || !Character.isLowSurrogate(name.charAt(i + 1))) {
                    throw new FsException(FsError.INVAL, "name is not valid Unicode");
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw new FsException(FsError.INVAL, "name is not valid Unicode");
            }
        }
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        if (b.length > maxBytes) {
            throw new FsException(FsError.NAMETOOLONG, "name of " + b.length + " bytes");
        }
        return b;
    }
}
