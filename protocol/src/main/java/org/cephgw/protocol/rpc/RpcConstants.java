package org.cephgw.protocol.rpc;

/** ONC RPC version 2 constants (RFC 5531 §9). */
public final class RpcConstants {
    public static final int RPC_VERSION = 2;

    // msg_type
    public static final int CALL = 0;
    public static final int REPLY = 1;

    // reply_stat
    public static final int MSG_ACCEPTED = 0;
    public static final int MSG_DENIED = 1;

    // accept_stat
    public static final int SUCCESS = 0;
    public static final int PROG_UNAVAIL = 1;
    public static final int PROG_MISMATCH = 2;
    public static final int PROC_UNAVAIL = 3;
    public static final int GARBAGE_ARGS = 4;
    public static final int SYSTEM_ERR = 5;

    // reject_stat
    public static final int RPC_MISMATCH = 0;
    public static final int AUTH_ERROR = 1;

    // auth_flavor
    public static final int AUTH_NONE = 0;
    public static final int AUTH_SYS = 1;
    public static final int AUTH_SHORT = 2;
    public static final int AUTH_DH = 3;
    public static final int RPCSEC_GSS = 6;

    // auth_stat
    public static final int AUTH_OK = 0;
    public static final int AUTH_BADCRED = 1;
    public static final int AUTH_REJECTEDCRED = 2;
    public static final int AUTH_BADVERF = 3;
    public static final int AUTH_REJECTEDVERF = 4;
    public static final int AUTH_TOOWEAK = 5;
    public static final int AUTH_INVALIDRESP = 6;
    public static final int AUTH_FAILED = 7;

    /** RFC 5531: the body of a credential or verifier is at most 400 bytes. */
    public static final int MAX_AUTH_BYTES = 400;

    private RpcConstants() {
    }
}
