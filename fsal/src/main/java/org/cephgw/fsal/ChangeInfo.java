package org.cephgw.fsal;

/**
 * A directory's change attribute before and after a modification (NFSv4 change_info4).
 * {@code atomic} is true only when no other change could have come in between.
 */
public record ChangeInfo(boolean atomic, long before, long after) {
}
