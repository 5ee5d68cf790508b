package dev.orderly.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  private final PasswordHasher hasher = PasswordHasher.owasp();

  @Test
  void hashesAreSaltedArgon2idAndVerify() {
    String a = hasher.hash("correct horse battery");
    String b = hasher.hash("correct horse battery");
    assertThat(a).startsWith("$argon2id$v=19$m=7168,t=5,p=1$").isNotEqualTo(b);
    assertThat(hasher.verify("correct horse battery", a)).isTrue();
    assertThat(hasher.verify("correct horse batterY", a)).isFalse();
    assertThat(hasher.verify("anything", "not a hash")).isFalse();
  }

  @Test
  void verifiesHashesMadeWithOtherParameters() {
    // Made with the earlier default (19 MiB, 2 passes): stored hashes keep working.
    String older = new PasswordHasher(19 * 1024, 2, 1, 1).hash("correct horse battery");
    assertThat(older).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(hasher.verify("correct horse battery", older)).isTrue();
    assertThat(hasher.verify("correct horse batterY", older)).isFalse();
  }

  @Test
  void credentialsNeverPrintThePassword() {
    assertThat(new Credentials("alice", "s3cret-value").toString()).doesNotContain("s3cret");
  }
}
