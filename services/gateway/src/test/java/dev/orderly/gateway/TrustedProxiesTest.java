package dev.orderly.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which peers' forwarded headers the gateway believes. */
class TrustedProxiesTest {

  @Test
  void trustsAddressesInsideItsNetworksOnly() {
    TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8, 192.168.1.0/24,fc00::/7");

    assertThat(proxies.trusts("10.244.3.7")).isTrue();
    assertThat(proxies.trusts("192.168.1.200")).isTrue();
    assertThat(proxies.trusts("192.168.2.1")).isFalse();
    assertThat(proxies.trusts("11.0.0.1")).isFalse();
    assertThat(proxies.trusts("fd12:3456::1")).isTrue();
    assertThat(proxies.trusts("2001:db8::1")).isFalse();
  }

  @Test
  void trustsNoOneWhenEmpty() {
    assertThat(TrustedProxies.parse(" ").trusts("127.0.0.1")).isFalse();
    assertThat(TrustedProxies.NONE.trusts("10.0.0.1")).isFalse();
  }

  @Test
  void refusesWhatIsNotACidrNamingIt() {
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/8,ingress-nginx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a CIDR: ingress-nginx");
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33"))
        .hasMessage("not a CIDR: 10.0.0.0/33");
  }
}
