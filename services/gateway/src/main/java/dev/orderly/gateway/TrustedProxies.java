package dev.orderly.gateway;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * The peers whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} the gateway believes: the
 * ingress controller's networks ({@code gateway.trusted.proxies}, CIDRs). A header from any other
 * peer is the client's own claim, so it neither names the client (its rate-limit bucket, its login
 * lockout) nor turns on HSTS.
 */
final class TrustedProxies {

  /** Believes no one: the client is the peer. */
  static final TrustedProxies NONE = new TrustedProxies(List.of());

  private static final HeaderName FORWARDED_PROTO = HeaderNames.create("X-Forwarded-Proto");

  private final List<Cidr> networks;

  private TrustedProxies(List<Cidr> networks) {
    this.networks = List.copyOf(networks);
  }

  /**
   * Parses a comma-separated list of CIDRs ({@code 10.0.0.0/8,fc00::/7}); blank means none.
   *
   * @throws IllegalArgumentException naming a value that is not a CIDR
   */
  static TrustedProxies parse(String cidrs) {
    return new TrustedProxies(
        Arrays.stream(cidrs.split(","))
            .map(String::trim)
            .filter(c -> !c.isEmpty())
            .map(Cidr::parse)
            .toList());
  }

  /**
   * The client's address: the last {@code X-Forwarded-For} hop when a trusted proxy sent it, else
   * the peer.
   */
  String clientAddress(ServerRequest req) {
    String peer = req.remotePeer().host();
    if (!trusts(peer)) {
      return peer;
    }
    return req.headers()
        .first(HeaderNames.X_FORWARDED_FOR)
        .map(forwarded -> forwarded.substring(forwarded.lastIndexOf(',') + 1).trim())
        .filter(last -> !last.isEmpty() && last.length() <= 64)
        .orElse(peer);
  }

  /**
   * Whether the client reached the gateway over TLS: directly, or to a trusted proxy that says so.
   */
  boolean isSecure(ServerRequest req) {
    return req.isSecure()
        || (trusts(req.remotePeer().host())
            && req.headers().first(FORWARDED_PROTO).map("https"::equalsIgnoreCase).orElse(false));
  }

  boolean trusts(String host) {
    if (networks.isEmpty()) {
      return false;
    }
    byte[] address;
    try {
      address = InetAddress.getByName(host).getAddress();
    } catch (UnknownHostException e) {
      return false;
    }
    return networks.stream().anyMatch(network -> network.contains(address));
  }

  @Override
  public String toString() {
    return networks.toString();
  }

  /** An IPv4 or IPv6 network. */
  private record Cidr(byte[] network, int prefix, String text) {

    static Cidr parse(String text) {
      int slash = text.indexOf('/');
      String literal = slash < 0 ? text : text.substring(0, slash);
      if (!literal.matches("[0-9a-fA-F.:]+")) {
        // Only address literals: a host name would be looked up in DNS.
        throw new IllegalArgumentException("not a CIDR: " + text);
      }
      try {
        byte[] address = InetAddress.getByName(literal).getAddress();
        int prefix = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
        if (prefix < 0 || prefix > address.length * 8) {
          throw new IllegalArgumentException("not a CIDR: " + text);
        }
        return new Cidr(address, prefix, text);
      } catch (UnknownHostException | NumberFormatException e) {
        throw new IllegalArgumentException("not a CIDR: " + text, e);
      }
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      // The same first prefix bits: what is left after shifting the host bits out is equal.
      int hostBits = address.length * 8 - prefix;
      return new BigInteger(1, address)
          .shiftRight(hostBits)
          .equals(new BigInteger(1, network).shiftRight(hostBits));
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
