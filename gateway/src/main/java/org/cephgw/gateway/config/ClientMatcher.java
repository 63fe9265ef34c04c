package org.cephgw.gateway.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which client addresses an export admits: a list of networks in CIDR notation
 * ({@code 10.0.0.0/8}, {@code fd00::/8}), single addresses ({@code 192.0.2.7}) or {@code *}
 * (everyone). Only literal addresses are accepted: host names would need DNS on every check and
 * make access depend on the resolver.
 */
public final class ClientMatcher implements Predicate<InetAddress> {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private record Network(byte[] prefix, int bits) {
        boolean contains(byte[] addr) {
            if (addr.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (addr[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (addr[full] & mask) == (prefix[full] & mask);
        }
    }

    private final List<String> specs;
    private final List<Network> networks;

    private ClientMatcher(List<String> specs, List<Network> networks) {
        this.specs = List.copyOf(specs);
        this.networks = List.copyOf(networks);
    }

    /** Everyone, over IPv4 and IPv6. */
    public static ClientMatcher any() {
        return parse(List.of("0.0.0.0/0", "::/0"));
    }

    /**
     * Parses client specifications.
     *
     * @throws IllegalArgumentException naming the first bad entry
     */
    public static ClientMatcher parse(List<String> specs) {
        List<Network> nets = new ArrayList<>(specs.size() + 1);
        for (String spec : specs) {
            if (spec.equals("*")) {
                nets.add(new Network(new byte[4], 0));
                nets.add(new Network(new byte[16], 0));
                continue;
            }
            nets.add(parseOne(spec));
        }
        return new ClientMatcher(specs, nets);
    }

    private static Network parseOne(String spec) {
        String s = spec.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = literal(addr);
        if (bytes == null) {
            throw new IllegalArgumentException("\"" + spec + "\" is not an IP address or CIDR network"
                    + " (host names are not accepted)");
        }
        int bits = bytes.length * 8;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            try {
                bits = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + spec + "\": prefix length \"" + p + "\" is not a number");
            }
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException("\"" + spec + "\": prefix length " + bits
                        + " outside 0.." + bytes.length * 8);
            }
        }
        return new Network(bytes, bits);
    }

    /** The bytes of a literal IPv4/IPv6 address, or null; never consults DNS. */
    static byte[] literal(String addr) {
        if (!IPV4.matcher(addr).matches() && !IPV6.matcher(addr).matches()) {
            return null;
        }
        try {
            // for literals getByName only parses; the patterns above keep names away from it
            return InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    @Override
    public boolean test(InetAddress address) {
        byte[] a = address.getAddress();
        for (Network n : networks) {
            if (n.contains(a)) {
                return true;
            }
        }
        // an IPv4 client seen through an IPv6 socket as ::ffff:a.b.c.d
        if (a.length == 16 && isV4Mapped(a)) {
            byte[] v4 = new byte[] {a[12], a[13], a[14], a[15]};
            for (Network n : networks) {
                if (n.contains(v4)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    /** The specifications as configured. */
    public List<String> specs() {
        return specs;
    }

    @Override
    public String toString() {
        return String.join(",", specs);
    }
}
