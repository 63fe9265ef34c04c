package org.cephgw.fsal;

import java.util.Arrays;

/** How {@link Filesystem#create} treats an existing name (NFSv4 createmode4). */
public sealed interface CreateHow {
    /** Opens an existing file (its attributes other than size are left alone). */
    record Unchecked() implements CreateHow {
    }

    /** Fails with {@link FsError#EXIST} if the name exists. */
    record Guarded() implements CreateHow {
    }

    /**
     * Exclusive creation keyed by an 8-byte verifier stored with the file: a retry with the same
     * verifier finds the file it created and succeeds; any other existing file is EXIST.
     */
    record Exclusive(byte[] verifier) implements CreateHow {
        public Exclusive {
            if (verifier.length != 8) {
                throw new IllegalArgumentException("verifier must be 8 bytes");
            }
            verifier = verifier.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Exclusive e && Arrays.equals(verifier, e.verifier);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(verifier);
        }
    }

    CreateHow UNCHECKED = new Unchecked();
    CreateHow GUARDED = new Guarded();
}
