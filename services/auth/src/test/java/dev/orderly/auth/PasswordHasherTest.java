package dev.orderly.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = PasswordHasher.owasp();

    @Test
    void hashesAreSaltedArgon2idAndVerify() {
        String a = hasher.hash("correct horse battery");
        String b = hasher.hash("correct horse battery");
        assertThat(a).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(b);
        assertThat(hasher.verify("correct horse battery", a)).isTrue();
        assertThat(hasher.verify("correct horse batterY", a)).isFalse();
        assertThat(hasher.verify("anything", "not a hash")).isFalse();
    }

    @Test
    void credentialsNeverPrintThePassword() {
        assertThat(new Credentials("alice", "s3cret-value").toString()).doesNotContain("s3cret");
    }
}
