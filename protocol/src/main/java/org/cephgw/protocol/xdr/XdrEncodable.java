package org.cephgw.protocol.xdr;

/** A value with an XDR encoding (RFC 4506). */
public interface XdrEncodable {
    void encode(XdrEncoder xdr);
}
