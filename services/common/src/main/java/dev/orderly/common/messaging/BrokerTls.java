package dev.orderly.common.messaging;

import com.rabbitmq.client.ConnectionFactory;
import dev.orderly.common.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS to the broker (AMQPS): off, or on with the broker's certificate checked against the CAs in
 * {@code caFile} (PEM), or the JVM's trusted CAs when there is none, and its host name checked
 * against the certificate.
 *
 * @param enabled whether to speak TLS ({@code rabbitmq.tls.enabled})
 * @param caFile PEM file of the CAs to trust ({@code rabbitmq.tls.ca}), or null for the JVM's
 */
public record BrokerTls(boolean enabled, String caFile) {

  /** Plain AMQP. */
  public static final BrokerTls OFF = new BrokerTls(false, null);

  /** Reads {@code rabbitmq.tls.*}. */
  static BrokerTls from(Settings settings) {
    String ca = settings.string("rabbitmq.tls.ca", "");
    return new BrokerTls(settings.bool("rabbitmq.tls.enabled", false), ca.isBlank() ? null : ca);
  }

  /** Makes {@code factory} connect over TLS, when enabled. */
  void applyTo(ConnectionFactory factory) {
    if (!enabled) {
      return;
    }
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(caFile == null ? null : trustStore(Path.of(caFile)));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      factory.useSslProtocol(context);
      factory.enableHostnameVerification();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "cannot set up TLS to RabbitMQ with the CAs of " + caFile + ": " + e.getMessage(), e);
    }
  }

  private static KeyStore trustStore(Path pem) throws GeneralSecurityException, IOException {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(pem)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("no certificate in " + pem);
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int i = 0;
    for (Certificate certificate : certificates) {
      store.setCertificateEntry("ca-" + i++, certificate);
    }
    return store;
  }

  @Override
  public String toString() {
    return enabled ? "TLS (" + (caFile == null ? "the JVM's CAs" : caFile) + ")" : "plain";
  }
}
