package org.cephgw.actors.ops;

import org.cephgw.fsal.ChangeInfo;
import org.cephgw.protocol.nfs4.ChangeInfo4;

/** change_info4 from the back end's directory change. */
final class Cinfo {
    private Cinfo() {
    }

    static ChangeInfo4 of(ChangeInfo c) {
        return new ChangeInfo4(c.atomic(), c.before(), c.after());
    }
}
