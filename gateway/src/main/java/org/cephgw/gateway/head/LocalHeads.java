package org.cephgw.gateway.head;

import org.cephgw.actors.head.HeadSet;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.cephgw.actors.NfsService;

/**
 * The heads serving on this node, by index: the {@link HeadRouter} runs their COMPOUNDs directly
 * instead of through sharding. Written by the {@link HeadEntity}s (serving, stopped), read on
 * every call.
 */
public final class LocalHeads {
    private final AtomicReferenceArray<NfsService> heads = new AtomicReferenceArray<>(256);
    private final AtomicReferenceArray<String> names = new AtomicReferenceArray<>(256);

    void serving(HeadSet.Head head, NfsService service) {
        names.set(head.index(), head.name());
        heads.set(head.index(), service);
    }

    void stopped(int index) {
        heads.set(index, null);
    }

    /** The name of the head that serves (or last served) here with this index. */
    String name(int index) {
        return names.get(index);
    }

    /** The head's service if it serves on this node, else null. */
    public NfsService get(int index) {
        return index < 0 || index > 255 ? null : heads.get(index);
    }

    /** Services of the heads serving here. */
    public java.util.List<NfsService> all() {
        java.util.List<NfsService> out = new java.util.ArrayList<>();
        for (int i = 0; i < 256; i++) {
            NfsService s = heads.get(i);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** Indexes of the heads serving here. */
    public java.util.List<Integer> indexes() {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < 256; i++) {
            if (heads.get(i) != null) {
                out.add(i);
            }
        }
        return out;
    }
}
