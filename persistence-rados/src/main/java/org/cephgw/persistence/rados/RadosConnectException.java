package org.cephgw.persistence.rados;

import org.cephgw.persistence.StoreException;

/**
 * Connecting to RADOS failed. {@link #setting()} names the {@link RadosSettings} setting to look
 * at; {@link #step()} is the librados call that failed ({@code rados_conf_read_file},
 * {@code rados_connect}, {@code rados_ioctx_create}), which is how {@code ganesha-rados-grace}
 * reports it ({@code rados_connect: -13}).
 */
public final class RadosConnectException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final String step;
    private final String setting;

    RadosConnectException(String step, int errno, String setting, String message, Throwable cause) {
        super(errno, message, cause);
        this.step = step;
        this.setting = setting;
    }

    /** The librados function that failed. */
    public String step() {
        return step;
    }

    /** The setting to check ({@link RadosSettings#CEPH_CONF}, {@link RadosSettings#USER_ID}, …). */
    public String setting() {
        return setting;
    }
}
