package org.cephgw.persistence.recovery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One client in a recovery database: the value nfs-ganesha's {@code rados_kv}/{@code rados_cluster}
 * backends store under the client's decimal clientid.
 *
 * <p>Value format ({@link #encode()}), ASCII:
 * <pre>
 *   &lt;client-address&gt;-(&lt;len&gt;:&lt;owner&gt;)[#&lt;revoked handle&gt;]...
 * </pre>
 * <ul>
 *   <li>{@code <owner>} is the NFSv4 client owner ({@code co_ownerid}) verbatim if every byte is
 *       printable ASCII (0x20..0x7e) and none is {@code '/'}, else {@code 0x} followed by two
 *       lower-case hex digits per byte;</li>
 *   <li>{@code <len>} is the decimal length of the rendered {@code <owner>} (not of the owner);</li>
 *   <li>each revoked delegation appends {@code #} and the file handle in base64url (RFC 4648 §5
 *       alphabet {@code -_}, with {@code =} padding, as nfs-ganesha's {@code base64url_encode}).</li>
 * </ul>
 * Example: {@code 192.168.1.7-(28:Linux NFSv4.1 client-a.local)} or, for owner bytes
 * {@code 01 2f} and a revoked delegation on handle {@code 01 02 03}, {@code ::1-(6:0x012f)#AQID}.
 *
 * <p>{@link #decode} reads the owner by its length prefix, so an owner containing {@code #},
 * {@code )} or {@code -(} is read correctly. One ambiguity is inherent in the format: a printable
 * owner that literally reads {@code 0x} + hex digits spelling bytes that are not all printable
 * (e.g. the 4 characters {@code 0x2f}) renders exactly like those bytes; decode takes the hex
 * meaning. Matching ({@link #ownerMatches}) compares rendered owners, so it agrees with nfs-ganesha
 * either way. This project matches reclaiming clients on the owner, not the address (which changes
 * behind proxies, NAT, or virtual IPs); the address is kept for display and for nfs-ganesha.
 *
 * @param clientAddress the client's address as text (e.g. {@code 10.0.0.5}, {@code ::1}; nfs-ganesha
 *     writes {@code (unknown)} when it has none): printable ASCII, no {@code #}, no {@code -(}
 * @param ownerId the client owner, 1..{@value #MAX_OWNER_BYTES} bytes (copied)
 * @param revokedHandles file handles of delegations revoked from this client, each
 *     1..{@value #MAX_HANDLE_BYTES} bytes (copied): it may not reclaim those
 */
public record RecoveryRecord(String clientAddress, byte[] ownerId, List<byte[]> revokedHandles) {
    /** NFS4_OPAQUE_LIMIT: the longest client owner. */
    public static final int MAX_OWNER_BYTES = 1024;
    /** NFS4_FHSIZE: the longest file handle. */
    public static final int MAX_HANDLE_BYTES = 128;

    private static final HexFormat HEX = HexFormat.of();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    public RecoveryRecord {
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(revokedHandles, "revokedHandles");
        if (clientAddress.isEmpty()) {
            throw new IllegalArgumentException("empty client address");
        }
        for (int i = 0; i < clientAddress.length(); i++) {
            char c = clientAddress.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '#') {
                throw new IllegalArgumentException("client address must be printable ASCII without '#': "
                        + clientAddress);
            }
        }
        if (clientAddress.contains("-(")) {
            throw new IllegalArgumentException("client address must not contain \"-(\": " + clientAddress);
        }
        if (ownerId.length == 0 || ownerId.length > MAX_OWNER_BYTES) {
            throw new IllegalArgumentException("client owner of " + ownerId.length + " bytes (1.."
                    + MAX_OWNER_BYTES + ")");
        }
        ownerId = ownerId.clone();
        List<byte[]> handles = new ArrayList<>(revokedHandles.size());
        for (byte[] fh : revokedHandles) {
            Objects.requireNonNull(fh, "revoked handle");
            if (fh.length == 0 || fh.length > MAX_HANDLE_BYTES) {
                throw new IllegalArgumentException("file handle of " + fh.length + " bytes (1.."
                        + MAX_HANDLE_BYTES + ")");
            }
            handles.add(fh.clone());
        }
        revokedHandles = Collections.unmodifiableList(handles);
    }

    /** A record without revoked delegations. */
    public RecoveryRecord(String clientAddress, byte[] ownerId) {
        this(clientAddress, ownerId, List.of());
    }

    /** A copy of the owner. */
    @Override
    public byte[] ownerId() {
        return ownerId.clone();
    }

    /** Copies of the revoked handles, in the order they were recorded. */
    @Override
    public List<byte[]> revokedHandles() {
        List<byte[]> copy = new ArrayList<>(revokedHandles.size());
        for (byte[] fh : revokedHandles) {
            copy.add(fh.clone());
        }
        return Collections.unmodifiableList(copy);
    }

    /** This record with one more revoked handle (nfs-ganesha appends, also duplicates). */
    public RecoveryRecord withRevokedHandle(byte[] fileHandle) {
        List<byte[]> handles = new ArrayList<>(revokedHandles);
        handles.add(fileHandle);
        return new RecoveryRecord(clientAddress, ownerId, handles);
    }

    /** True if a delegation on {@code fileHandle} was revoked from this client (it may not reclaim it). */
    public boolean isRevoked(byte[] fileHandle) {
        for (byte[] fh : revokedHandles) {
            if (Arrays.equals(fh, fileHandle)) {
                return true;
            }
        }
        return false;
    }

    /** The owner as the value renders it. */
    public String renderedOwner() {
        return renderOwner(ownerId);
    }

    /** True if {@code owner} renders like this record's owner (how reclaims are matched). */
    public boolean ownerMatches(byte[] owner) {
        return owner != null && owner.length > 0 && renderOwner(owner).equals(renderedOwner());
    }

    /** An owner rendered as in the value: verbatim if printable and free of '/', else 0x + lower-case hex. */
    public static String renderOwner(byte[] owner) {
        return verbatim(owner) ? new String(owner, StandardCharsets.US_ASCII)
                : "0x" + HEX.formatHex(owner);
    }

    /** The value nfs-ganesha stores for this client. */
    public String encode() {
        String owner = renderedOwner();
        StringBuilder sb = new StringBuilder(clientAddress.length() + owner.length() + 16);
        sb.append(clientAddress).append("-(").append(owner.length()).append(':').append(owner).append(')');
        for (byte[] fh : revokedHandles) {
            sb.append('#').append(B64.encodeToString(fh));
        }
        return sb.toString();
    }

    /**
     * Parses a stored value. Strict: {@code encode(decode(v))} equals {@code v} for every value it
     * accepts.
     *
     * @throws IllegalArgumentException if {@code value} is not in the format
     */
    public static RecoveryRecord decode(String value) {
        Objects.requireNonNull(value, "value");
        int open = value.indexOf("-(");
        if (open <= 0) {
            throw bad(value, "no \"<address>-(\"");
        }
        String address = value.substring(0, open);
        int p = open + 2;
        int colon = value.indexOf(':', p);
        if (colon < 0 || colon == p || colon - p > 5) {
            throw bad(value, "no \"<len>:\" after \"-(\"");
        }
        String digits = value.substring(p, colon);
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9') || digits.charAt(0) == '0') {
            throw bad(value, "length \"" + digits + "\" is not a positive decimal");
        }
        int len = Integer.parseInt(digits);
        int ownerStart = colon + 1;
        int ownerEnd = ownerStart + len;
        if (ownerEnd >= value.length() || value.charAt(ownerEnd) != ')') {
            throw bad(value, "owner of length " + len + " is not followed by ')'");
        }
        byte[] owner = parseOwner(value.substring(ownerStart, ownerEnd), value);
        List<byte[]> handles = new ArrayList<>();
        int q = ownerEnd + 1;
        while (q < value.length()) {
            if (value.charAt(q) != '#') {
                throw bad(value, "unexpected '" + value.charAt(q) + "' after the owner");
            }
            int next = value.indexOf('#', q + 1);
            String token = value.substring(q + 1, next < 0 ? value.length() : next);
            byte[] fh;
            try {
                fh = B64D.decode(token);
            } catch (IllegalArgumentException e) {
                throw bad(value, "revoked handle \"" + token + "\" is not base64url");
            }
            if (fh.length == 0 || !B64.encodeToString(fh).equals(token)) {
                throw bad(value, "revoked handle \"" + token + "\" is not canonical padded base64url");
            }
            handles.add(fh);
            q = next < 0 ? value.length() : next;
        }
        try {
            return new RecoveryRecord(address, owner, handles);
        } catch (IllegalArgumentException e) {
            throw bad(value, e.getMessage());
        }
    }

    private static byte[] parseOwner(String rendered, String value) {
        if (rendered.length() > 2 && rendered.length() % 2 == 0 && rendered.startsWith("0x")
                && rendered.substring(2).chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            byte[] bytes = HEX.parseHex(rendered, 2, rendered.length());
            if (!verbatim(bytes)) {
                return bytes; // only bytes that are not printable render as hex
            }
        }
        for (int i = 0; i < rendered.length(); i++) {
            char c = rendered.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '/') {
                throw bad(value, "owner \"" + rendered + "\" is neither printable ASCII without '/' nor 0x-hex");
            }
        }
        return rendered.getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean verbatim(byte[] owner) {
        for (byte b : owner) {
            if (b < 0x20 || b > 0x7e || b == '/') {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException bad(String value, String why) {
        String shown = value.length() > 200 ? value.substring(0, 200) + "…" : value;
        return new IllegalArgumentException("not a recovery record value (" + why + "): " + shown);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RecoveryRecord)) {
            return false;
        }
        RecoveryRecord r = (RecoveryRecord) o;
        if (!clientAddress.equals(r.clientAddress) || !Arrays.equals(ownerId, r.ownerId)
                || revokedHandles.size() != r.revokedHandles.size()) {
            return false;
        }
        for (int i = 0; i < revokedHandles.size(); i++) {
            if (!Arrays.equals(revokedHandles.get(i), r.revokedHandles.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = clientAddress.hashCode() * 31 + Arrays.hashCode(ownerId);
        for (byte[] fh : revokedHandles) {
            h = h * 31 + Arrays.hashCode(fh);
        }
        return h;
    }

    @Override
    public String toString() {
        return "RecoveryRecord[" + encode() + "]";
    }
}
