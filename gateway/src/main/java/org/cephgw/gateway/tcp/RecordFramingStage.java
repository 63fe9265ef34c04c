package org.cephgw.gateway.tcp;

import java.util.List;
import java.util.function.IntConsumer;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.cephgw.protocol.rpc.RecordMarking;

/**
 * TCP bytes in, complete RPC records out (RFC 5531 §11 record marking), using
 * {@link RecordMarking.Assembler}. A record announcing more than the maximum fails the stage,
 * which closes the connection (and only it) before any of its bytes are buffered.
 *
 * <p>Pulls a new chunk only when every record of the previous one has been taken downstream,
 * so the memory held is one chunk plus at most one partial record: back-pressure from the
 * in-flight limit reaches the socket.
 */
final class RecordFramingStage extends GraphStage<FlowShape<ByteString, byte[]>> {
    private final Inlet<ByteString> in = Inlet.create("RecordFraming.in");
    private final Outlet<byte[]> out = Outlet.create("RecordFraming.out");
    private final FlowShape<ByteString, byte[]> shape = FlowShape.of(in, out);
    private final int maxRecordSize;
    private final IntConsumer bytesReceived;

    RecordFramingStage(int maxRecordSize, IntConsumer bytesReceived) {
        this.maxRecordSize = maxRecordSize;
        this.bytesReceived = bytesReceived;
    }

    @Override
    public FlowShape<ByteString, byte[]> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes inheritedAttributes) {
        return new GraphStageLogic(shape) {
            private final RecordMarking.Assembler assembler = new RecordMarking.Assembler(maxRecordSize);

            {
                setHandler(in, new AbstractInHandler() {
                    @Override
                    public void onPush() {
                        ByteString chunk = grab(in);
                        bytesReceived.accept(chunk.size());
                        // a chunk read from a socket is one compact array: no copy here
                        byte[] data = chunk.toArrayUnsafe();
                        List<byte[]> records;
                        try {
                            records = assembler.feed(data, 0, data.length);
                        } catch (RecordMarking.RecordTooLargeException e) {
                            failStage(e);
                            return;
                        }
                        switch (records.size()) {
                            case 0 -> pull(in);
                            case 1 -> push(out, records.get(0));
                            default -> emitMultiple(out, records.iterator());
                        }
                    }

                    @Override
                    public void onUpstreamFinish() {
                        // a partial record at EOF is dropped: the client went away mid-send.
                        // complete(out) waits for records still being emitted.
                        complete(out);
                    }
                });
                setHandler(out, new AbstractOutHandler() {
                    @Override
                    public void onPull() {
                        if (!hasBeenPulled(in) && !isClosed(in)) {
                            pull(in);
                        }
                    }
                });
            }
        };
    }
}
