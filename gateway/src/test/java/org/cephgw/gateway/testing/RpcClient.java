package org.cephgw.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.cephgw.protocol.rpc.AuthSysParms;
import org.cephgw.protocol.rpc.OpaqueAuth;
import org.cephgw.protocol.rpc.RecordMarking;
import org.cephgw.protocol.rpc.RpcConstants;
import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** A blocking ONC RPC client over a real TCP socket, for tests. */
public final class RpcClient implements AutoCloseable {
    public static final int NFS = 100003;

    public final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public RpcClient(InetSocketAddress server) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        socket.connect(server, 5_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** A call record with AUTH_SYS (uid 1000) and {@code args} appended. */
    public static byte[] call(int xid, int prog, int vers, int proc, byte[] args) {
        return call(xid, prog, vers, proc, OpaqueAuth.authSys(new AuthSysParms(1, "test", 1000, 1000, new int[] {1000})), args);
    }

    public static byte[] call(int xid, int prog, int vers, int proc, OpaqueAuth cred, byte[] args) {
        XdrEncoder x = new XdrEncoder(64 + args.length);
        x.writeInt(xid).writeInt(RpcConstants.CALL).writeInt(RpcConstants.RPC_VERSION)
                .writeInt(prog).writeInt(vers).writeInt(proc);
        cred.encode(x);
        OpaqueAuth.NONE.encode(x);
        byte[] head = x.toByteArray();
        byte[] all = new byte[head.length + args.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(args, 0, all, head.length, args.length);
        return all;
    }

    public void sendRecord(byte[] record) throws IOException {
        out.write(RecordMarking.frame(record));
        out.flush();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one complete record (all its fragments). */
    public byte[] readRecord() throws IOException {
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        while (true) {
            int h = in.readInt();
            int len = h & 0x7fffffff;
            byte[] frag = new byte[len];
            in.readFully(frag);
            rec.write(frag);
            if ((h & 0x80000000) != 0) {
                return rec.toByteArray();
            }
        }
    }

    /** True when the server closed (EOF or reset) within the socket timeout. */
    public boolean closedByServer() {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (EOFException e) {
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset
        }
    }

    public static int xid(byte[] reply) {
        return new XdrDecoder(reply).readInt();
    }

    /** The accept_stat of an accepted reply (after the AUTH_NONE verifier). */
    public static int acceptStat(byte[] reply) {
        XdrDecoder d = new XdrDecoder(reply);
        d.readInt();
        if (d.readInt() != RpcConstants.REPLY) {
            throw new AssertionError("not a reply");
        }
        if (d.readInt() != RpcConstants.MSG_ACCEPTED) {
            throw new AssertionError("not accepted");
        }
        OpaqueAuth.decode(d);
        return d.readInt();
    }

    /** The body after an accepted SUCCESS header. */
    public static byte[] successBody(byte[] reply) {
        if (acceptStat(reply) != RpcConstants.SUCCESS) {
            throw new AssertionError("not SUCCESS");
        }
        byte[] b = new byte[reply.length - 24];
        System.arraycopy(reply, 24, b, 0, b.length);
        return b;
    }

    /** The server closes the connection before sending another byte (EOF or reset, within the socket timeout). */
    public boolean endsWithoutData() throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset
        }
    }

    /** Nothing arrives within {@code millis} and the connection stays open. */
    public boolean silentFor(int millis) throws IOException {
        int before = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            socket.getInputStream().read();
            return false; // data, or EOF
        } catch (java.net.SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(before);
        }
    }

    /** Nobody accepts connections at {@code addr} (the listener is closed). */
    public static boolean refused(java.net.InetSocketAddress addr) {
        try (Socket s = new Socket()) {
            s.connect(addr, 1000);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
