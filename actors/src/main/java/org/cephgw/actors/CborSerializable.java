package org.cephgw.actors;

/**
 * Marker of the messages that cross nodes of the Pekko cluster. Bound to Pekko's Jackson CBOR
 * serializer in this module's reference.conf ({@code pekko.actor.serialization-bindings}), so a
 * new cross-node message needs nothing more than this interface — and nothing that is not marked
 * can be sent to another node by mistake (Java serialization stays off).
 */
public interface CborSerializable {
}
