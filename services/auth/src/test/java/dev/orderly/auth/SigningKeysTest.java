package dev.orderly.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.common.config.Settings;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SigningKeysTest {

  @Test
  void loadsAPkcs8KeyAndPublishesTheVerificationKeysToo() throws Exception {
    RSAPrivateCrtKey current = SigningKeys.generate();
    SigningKeys previous = SigningKeys.of(SigningKeys.generate(), java.util.List.of());
    String previousPem = Pem.encodePublic(previous.signing().toRSAPublicKey());
    SigningKeys keys =
        SigningKeys.from(
            settings(
                Map.of(
                    "auth.signing.key",
                    Pem.encodePrivate(current).replace("\n", "\\n"),
                    "auth.verification.keys",
                    previousPem)));
    assertThat(keys.jwks().getKeys()).hasSize(2);
    assertThat(keys.jwks().getKeys().get(0).getKeyID())
        .isEqualTo(keys.signing().getKeyID())
        .isEqualTo(keys.signing().computeThumbprint().toString());
    assertThat(keys.jwks().getKeyByKeyId(previous.signing().getKeyID())).isNotNull();
    assertThat(((RSAPublicKey) keys.signing().toPublicKey()).getModulus())
        .isEqualTo(current.getModulus());
  }

  @Test
  void refusesToStartWithoutAKeyUnlessInDevMode() {
    assertThatThrownBy(() -> SigningKeys.from(settings(Map.of())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("AUTH_SIGNING_KEY");
    assertThat(SigningKeys.from(settings(Map.of("auth.dev.mode", "true"))).jwks().getKeys())
        .hasSize(1);
  }

  private static Settings settings(Map<String, String> values) {
    return Settings.of(Config.just(ConfigSources.create(values)));
  }
}
