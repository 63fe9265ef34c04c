package org.cephgw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientMatcherTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void networksAndAddresses() throws Exception {
        ClientMatcher m = ClientMatcher.parse(List.of("10.0.0.0/8", "192.0.2.7", "172.16.0.0/12", "fd00::/8"));
        assertThat(m.test(ip("10.255.1.2"))).isTrue();
        assertThat(m.test(ip("11.0.0.1"))).isFalse();
        assertThat(m.test(ip("192.0.2.7"))).isTrue();
        assertThat(m.test(ip("192.0.2.8"))).isFalse();
        assertThat(m.test(ip("172.31.255.255"))).isTrue();
        assertThat(m.test(ip("172.32.0.0"))).isFalse();
        assertThat(m.test(ip("fd12::1"))).isTrue();
        assertThat(m.test(ip("fe80::1"))).isFalse();
    }

    @Test
    void hostBitsInTheNetworkAreIgnored() throws Exception {
        assertThat(ClientMatcher.parse(List.of("10.1.2.3/8")).test(ip("10.9.9.9"))).isTrue();
    }

    @Test
    void everyone() throws Exception {
        assertThat(ClientMatcher.any().test(ip("203.0.113.9"))).isTrue();
        assertThat(ClientMatcher.any().test(ip("2001:db8::1"))).isTrue();
        ClientMatcher star = ClientMatcher.parse(List.of("*"));
        assertThat(star.test(ip("1.2.3.4"))).isTrue();
        assertThat(star.test(ip("::1"))).isTrue();
    }

    @Test
    void ipv4MappedAddressesMatchIpv4Networks() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 1;
        // built as an Inet6Address explicitly: InetAddress.getByAddress would turn it into IPv4
        InetAddress v6 = java.net.Inet6Address.getByAddress(null, mapped, -1);
        assertThat(ClientMatcher.parse(List.of("10.0.0.0/8")).test(v6)).isTrue();
    }

    @Test
    void rejectsNamesAndBadPrefixes() {
        assertThatThrownBy(() -> ClientMatcher.parse(List.of("localhost"))).hasMessageContaining("host names are not accepted");
        assertThatThrownBy(() -> ClientMatcher.parse(List.of("10.0.0.0/x"))).hasMessageContaining("is not a number");
        assertThatThrownBy(() -> ClientMatcher.parse(List.of("::/129"))).hasMessageContaining("outside 0..128");
        assertThatThrownBy(() -> ClientMatcher.parse(List.of("300.1.1.1"))).hasMessageContaining("is not an IP address");
    }
}
