package org.cephgw.actors.state;

import java.util.concurrent.ConcurrentHashMap;
import org.cephgw.actors.io.SharedIo;

/**
 * The head's files with state as READ and WRITE find their opens, on the calling thread: each
 * file's {@link OpenFileActor.IoView}, published by {@link OpenFiles} while the file's actor
 * lives. Written only by OpenFiles.
 */
public final class IoViews {
    private final ConcurrentHashMap<FileKey, OpenFileActor.IoView> views = new ConcurrentHashMap<>();

    /** The open's handle for this I/O, acquired (release it when done); null: ask the file's actor. */
    public SharedIo grant(FileKey file, long clientId, StateId stateid, boolean write) {
        OpenFileActor.IoView v = views.get(file);
        return v == null ? null : v.grant(clientId, stateid, write);
    }

    void started(FileKey file, OpenFileActor.IoView view) {
        views.put(file, view);
    }

    void stopped(FileKey file, OpenFileActor.IoView view) {
        views.remove(file, view);
    }
}
