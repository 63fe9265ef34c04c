package org.cephgw.actors.state;

import java.net.InetSocketAddress;
import org.cephgw.actors.Connection;

/** A connection that goes nowhere: sessions only compare connections by id. */
record FakeConnection(long id) implements Connection {
    @Override
    public InetSocketAddress remote() {
        return new InetSocketAddress("192.0.2.1", 700);
    }

    @Override
    public InetSocketAddress local() {
        return new InetSocketAddress("192.0.2.2", 2049);
    }

    @Override
    public boolean send(byte[] record) {
        return false;
    }
}
