package org.cephgw.fsal.contract;

import org.cephgw.fsal.Filesystem;

/**
 * What a back end gives the contract tests: a fresh, empty export of its own per test (its root
 * directory mode 0777, owned by root), more back ends on it, and a view from outside the gateway.
 * Where the back ends legitimately differ, a capability says so and the contract asserts what
 * each one promises; nothing here is a copy of a test.
 */
public interface BackendFixture extends AutoCloseable {

    /** This test's back end on the export (a new one after {@link #reopen}). */
    Filesystem fs();

    /** Closes the back end and opens the export again: a gateway restart. */
    Filesystem reopen();

    /** Like {@link #reopen}, with a handle cache (local: descriptors, CephFS: inodes) of {@code entries}. */
    Filesystem reopenWithHandleCache(int entries);

    /** How many entries the current back end's handle cache holds. */
    int cachedHandles();

    /** Another, independent back end on the same export (another gateway node); closed with the fixture. */
    Filesystem secondClient();

    /**
     * A back end of another export of the same file system, whose handles this export must not
     * accept (local: a sibling directory, CephFS: another export id); closed with the fixture.
     */
    Filesystem otherExport();

    /** Changes made outside the gateway: another process (local) or another CephFS client. */
    Outside outside();

    /** Whether operations may run as other users than root (the local back end needs to run as root). */
    boolean switchesCredentials();

    /** Whether handles stay valid across {@link #reopen} and on {@link #secondClient}s. */
    boolean handlesSurviveRestart();

    /**
     * Whether the change attribute is the file system's (the same on every client, kept across a
     * restart) rather than the back end instance's.
     */
    boolean changeAttributeIsShared();

    /** Whether SEEK finds holes (local) or answers from the size alone (libcephfs 16.2). */
    boolean seekFindsHoles();

    /** Whether ALLOCATE reserves space (counted in spaceUsed), not only extends the size. */
    boolean allocateReservesSpace();

    /** Whether a 60 KB extended attribute value is always kept (else it may be XATTR2BIG). */
    boolean keepsLargeXattrValues();

    /**
     * A cookie past every position the back end's directories can have, or empty where every
     * value below 2^63 is one (ext4 hash positions: resuming there is no error, it is late in
     * the hash order).
     */
    java.util.OptionalLong cookieBeyondEveryPosition();

    /** After calls as other users: the calling thread is root again (local: its fsuid). */
    default void assertCallerIdentityRestored() {
    }

    /** After a remove or a rename over a file: the back end holds nothing open of removed files. */
    default void assertRemovedFilesReleased() {
    }

    /** After heavy use of a small handle cache: every reference is cached or given back. */
    default void assertHandleReferencesBalanced() {
    }

    /** Closes every back end the fixture opened and removes the export. */
    @Override
    void close();

    /** The export as seen outside the gateway; paths are relative to the export's root, '/'-separated. */
    interface Outside {
        void createFile(String path);

        void write(String path, long offset, byte[] data);

        /** Sets the size (truncate). */
        void truncate(String path, long size);

        byte[] read(String path);

        /** Removes a file or an empty directory. */
        void remove(String path);

        Seen stat(String path);

        String readlink(String path);

        /** An extended attribute by its full name (with the namespace prefix). */
        byte[] getXattr(String path, String fullName);

        void setXattr(String path, String fullName, byte[] value);

        /** The full names of the file's extended attributes that this view can list. */
        java.util.List<String> xattrNames(String path);

        /**
         * Sets an attribute of a namespace other than "user." that the file system keeps for
         * this client (trusted.*, system.posix_acl_access); returns its full name.
         */
        String setForeignXattr(String path);
    }

    /** A file's attributes as the outside sees them. */
    record Seen(long fileId, int mode, int uid, int gid, long size) {
    }
}
