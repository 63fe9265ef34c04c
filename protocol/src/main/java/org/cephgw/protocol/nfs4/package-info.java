/**
 * NFSv4.1 (RFC 8881, XDR in RFC 5662) and NFSv4.2 (RFC 7862/7863, plus RFC 8276 extended
 * attributes and RFC 8275 umask) wire types and codecs.
 *
 * <ul>
 *   <li>Constants: {@link org.cephgw.protocol.nfs4.NfsStat4}, {@link org.cephgw.protocol.nfs4.NfsOpnum4},
 *       {@link org.cephgw.protocol.nfs4.Nfs4Const}; the decoder's own bounds in
 *       {@link org.cephgw.protocol.nfs4.Nfs4Limits}.</li>
 *   <li>One record per XDR struct or union, named as in the RFC ({@code OPEN4args},
 *       {@code OPEN4res}, {@code OPEN4resok}, ...) or in camel case for the lower-case XDR types
 *       ({@code stateid4} is {@link org.cephgw.protocol.nfs4.Stateid4}). Unions are sealed
 *       interfaces with a record per arm, or records whose arm fields are null when not selected.
 *       Each has {@code static decode(XdrDecoder)} and {@code encode(XdrEncoder)}.</li>
 *   <li>A result whose success carries one value inlines it ({@code GETATTR4res(status,
 *       objAttributes)}); otherwise it holds the {@code XXX4resok}. Bodies are null unless the
 *       status selects them, which the constructors enforce; every result has {@code error(int)}.</li>
 *   <li>{@link org.cephgw.protocol.nfs4.Compound} encodes and decodes COMPOUND requests and replies;
 *       {@link org.cephgw.protocol.nfs4.NfsAttrs} reads and writes fattr4 contents.</li>
 *   <li>Byte arrays held by records are not copied: treat them as immutable. Records holding
 *       them compare by content.</li>
 * </ul>
 */
package org.cephgw.protocol.nfs4;
