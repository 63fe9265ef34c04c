package org.cephgw.persistence.file;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

import org.cephgw.persistence.Errno;
import org.cephgw.persistence.StoreException;

/**
 * The envelope of this module's local binary files: an 8-byte ASCII magic, a little-endian u32
 * format number, the body, and a little-endian u32 CRC-32C of everything before it. A file whose
 * magic, format, length or checksum is wrong is corrupt ({@code -ENOTRECOVERABLE}) and refused.
 */
public final class SealedFormat {
    /** Bytes of magic + format. */
    public static final int HEADER = 12;
    /** Bytes of the trailing checksum. */
    public static final int TRAILER = 4;

    private final byte[] magic;
    private final int format;
    private final String what;

    /**
     * @param magic exactly 8 ASCII characters
     * @param format the format number written and accepted
     * @param what a name for error messages, e.g. "grace database"
     */
    public SealedFormat(String magic, int format, String what) {
        this.magic = magic.getBytes(StandardCharsets.US_ASCII);
        if (this.magic.length != 8) {
            throw new IllegalArgumentException("magic must be 8 bytes");
        }
        this.format = format;
        this.what = what;
    }

    /** A little-endian buffer of {@code bodyLength} body bytes, positioned after the header. */
    public ByteBuffer newBuffer(int bodyLength) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + bodyLength + TRAILER).order(ByteOrder.LITTLE_ENDIAN);
        b.put(magic).putInt(format);
        return b;
    }

    /** Appends the checksum to a buffer from {@link #newBuffer} whose body is complete; returns the file content. */
    public byte[] seal(ByteBuffer b) {
        if (b.remaining() != TRAILER) {
            throw new IllegalStateException("body length mismatch: " + (b.remaining() - TRAILER) + " bytes left");
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /**
     * Checks magic, format and checksum of a file's content.
     *
     * @return a little-endian buffer over the body only, positioned at its start
     */
    public ByteBuffer open(byte[] content, Path path) {
        if (content.length < HEADER + TRAILER) {
            throw corrupt(path, content.length + " bytes, fewer than the " + (HEADER + TRAILER)
                    + " of an empty file (truncated?)");
        }
        if (!Arrays.equals(content, 0, 8, magic, 0, 8)) {
            throw corrupt(path, "it does not start with \"" + new String(magic, StandardCharsets.US_ASCII)
                    + "\" (not a file of this kind, or overwritten)");
        }
        ByteBuffer b = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
        int stored = b.getInt(content.length - TRAILER);
        CRC32C crc = new CRC32C();
        crc.update(content, 0, content.length - TRAILER);
        if (stored != (int) crc.getValue()) {
            throw corrupt(path, "checksum mismatch over " + content.length
                    + " bytes (truncated or damaged)");
        }
        int f = b.getInt(8);
        if (f != format) {
            throw corrupt(path, "format " + Integer.toUnsignedString(f) + ", this version reads format " + format);
        }
        b.position(HEADER).limit(content.length - TRAILER);
        return b.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Reads {@code len} bytes of strict UTF-8. */
    public String utf8(ByteBuffer b, int len, Path path) {
        if (len < 0 || len > b.remaining()) {
            throw corrupt(path, "a string of " + len + " bytes runs past the end");
        }
        ByteBuffer slice = b.slice().limit(len);
        b.position(b.position() + len);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw corrupt(path, "a string is not valid UTF-8");
        }
    }

    /** Fails unless the whole body was consumed. */
    public void requireEnd(ByteBuffer b, Path path) {
        if (b.hasRemaining()) {
            throw corrupt(path, b.remaining() + " unexpected bytes after the last entry");
        }
    }

    /** The error for a corrupt file: names the file, the defect, and that it is refused. */
    public StoreException corrupt(Path path, String detail) {
        return new StoreException(-Errno.ENOTRECOVERABLE, "corrupt " + what + " " + path + ": " + detail
                + "; refusing to use it (it is not repaired automatically: restore it, or remove it and"
                + " re-create the database)");
    }

    /** Runs a body decoder, turning a read past the end into a corrupt-file error. */
    public <T> T decode(Path path, Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (BufferUnderflowException e) {
            throw corrupt(path, "an entry runs past the end");
        }
    }
}
