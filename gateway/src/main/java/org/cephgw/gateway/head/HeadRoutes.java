package org.cephgw.gateway.head;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a node knows of reaching each head on another node, for the calls it forwards there
 * ({@link HeadRouter}): whether calls for a head are sent now or held — while the head's node is
 * unreachable (sent there they would be lost, and the client would wait out its RPC timeout on a
 * connection that is fine) or while the head hands off (they would only come back MOVING) — and
 * which calls go out (again) when the head's next incarnation runs or its node turns out to be
 * reachable after all. Calls are told apart by identity; each send is an attempt, and only the
 * answer to a call's latest attempt counts. Thread-safe: one lock per head.
 *
 * @param <C> a forwarded call
 */
final class HeadRoutes<C> {
    /** What {@link #admit} decided. */
    enum Admission {
        /** send it now */
        SEND,
        /** held: it goes out when the head runs again (or its node is reachable again) */
        HELD,
        /** held calls for the head are at their limit: not taken (no answer; the client resends) */
        FULL
    }

    private final Route<C>[] routes;
    private final int maxHeld;

    /**
     * @param heads   head indexes 0 … heads-1
     * @param maxHeld calls held for one head at most
     */
    @SuppressWarnings("unchecked")
    HeadRoutes(int heads, int maxHeld) {
        this.maxHeld = maxHeld;
        routes = new Route[heads];
        for (int i = 0; i < heads; i++) {
            routes[i] = new Route<>();
        }
    }

    /** One head. Guarded by itself. */
    private static final class Route<C> {
        /** the node hosting the head, as its last status said (null: not heard of) */
        String node;
        long incarnation;
        /** calls wait in {@link #waiting} */
        boolean held;
        final ArrayDeque<C> waiting = new ArrayDeque<>();
        /** sent and not answered, with the number of their latest attempt */
        final Map<C, Integer> underWay = new IdentityHashMap<>();
    }

    /** A new call for {@code head}: under way now ({@link Admission#SEND}), held, or refused. */
    Admission admit(int head, C call) {
        Route<C> r = routes[head];
        synchronized (r) {
            if (r.held) {
                if (r.waiting.size() >= maxHeld) {
                    return Admission.FULL;
                }
                r.waiting.add(call);
                return Admission.HELD;
            }
            r.underWay.put(call, 0);
            return Admission.SEND;
        }
    }

    /** The call is sent (again): the number of this attempt, the only one whose answer counts from now. */
    int attempt(int head, C call) {
        Route<C> r = routes[head];
        synchronized (r) {
            return r.underWay.merge(call, 1, Integer::sum);
        }
    }

    /**
     * An answer (or failure) to {@code attempt} of the call arrived: whether it counts — the call is
     * then no longer under way; false if the call was sent again since.
     */
    boolean finish(int head, C call, int attempt) {
        Route<C> r = routes[head];
        synchronized (r) {
            Integer current = r.underWay.get(call);
            if (current == null || current != attempt) {
                return false;
            }
            r.underWay.remove(call);
            return true;
        }
    }

    /**
     * The head's status: where it runs, its incarnation, its phase. A head handing off holds new
     * calls; its next incarnation (which keeps what it gets until it serves) gets what was held and
     * what went to the unreachable node unanswered.
     *
     * @return the calls to send now
     */
    List<C> status(int head, String node, long incarnation, String phase) {
        Route<C> r = routes[head];
        synchronized (r) {
            boolean moved = r.incarnation != incarnation;
            r.node = node;
            r.incarnation = incarnation;
            if (!moved && "handing-off".equals(phase)) {
                r.held = true;
            }
            if (!r.held || !moved) {
                return List.of();
            }
            r.held = false;
            List<C> again = new ArrayList<>(r.underWay.keySet());
            again.addAll(release(r));
            return again;
        }
    }

    /** The node is unreachable: calls for the heads it hosts are held. */
    void nodeUnreachable(String node) {
        for (Route<C> r : routes) {
            synchronized (r) {
                if (node.equals(r.node)) {
                    r.held = true;
                }
            }
        }
    }

    /**
     * The node is reachable again (a false alarm): what was sent there is still answered from
     * there; what was held goes out.
     *
     * @return head index → the calls to send now
     */
    Map<Integer, List<C>> nodeReachable(String node) {
        Map<Integer, List<C>> out = new java.util.TreeMap<>();
        for (int i = 0; i < routes.length; i++) {
            Route<C> r = routes[i];
            synchronized (r) {
                if (node.equals(r.node) && r.held) {
                    r.held = false;
                    out.put(i, release(r));
                }
            }
        }
        return out;
    }

    /** Calls held for {@code head} now (for tests and metrics). */
    int held(int head) {
        Route<C> r = routes[head];
        synchronized (r) {
            return r.waiting.size();
        }
    }

    /** Calls sent to {@code head} and not answered. */
    int underWay(int head) {
        Route<C> r = routes[head];
        synchronized (r) {
            return r.underWay.size();
        }
    }

    /** The waiting calls become under way (attempt 0: not sent yet); returns them. Caller holds the lock. */
    private static <C> List<C> release(Route<C> r) {
        List<C> flush = new ArrayList<>(r.waiting);
        for (C c : r.waiting) {
            r.underWay.put(c, 0);
        }
        r.waiting.clear();
        return flush;
    }

}
