package dev.orderly.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (Bouncy Castle) in the PHC string format. A hash records its own
 * parameters, so they can be changed later without invalidating stored hashes. At most a few hashes
 * run at once, and they share one pool of memory blocks.
 */
public final class PasswordHasher {

  private static final Pattern PHC =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final int memoryKiB;
  private final int iterations;
  private final int parallelism;
  private final SecureRandom random = new SecureRandom();
  private final Semaphore concurrent;
  // Blocks are cleared and returned here after each hash: without it every hash leaves its whole
  // memory as garbage, which a small heap keeps as resident memory long after the login.
  private final Argon2BytesGenerator.BlockPool blocks;

  public PasswordHasher(int memoryKiB, int iterations, int parallelism, int maxConcurrent) {
    this.memoryKiB = memoryKiB;
    this.iterations = iterations;
    this.parallelism = parallelism;
    this.concurrent = new Semaphore(maxConcurrent);
    this.blocks = new Argon2BytesGenerator.FixedBlockPool(memoryKiB * maxConcurrent);
  }

  /**
   * One of OWASP's equivalent argon2id settings: 7 MiB, 5 passes, 1 lane. It costs the same CPU as
   * their 19 MiB / 2 passes and needs less than half the memory per login.
   */
  public static PasswordHasher owasp() {
    return new PasswordHasher(7 * 1024, 5, 1, 4);
  }

  /** A new salted hash of {@code password}. */
  public String hash(String password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    byte[] hash = derive(password, salt, memoryKiB, iterations, parallelism, 32);
    return "$argon2id$v=19$m="
        + memoryKiB
        + ",t="
        + iterations
        + ",p="
        + parallelism
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(hash);
  }

  /** Whether {@code password} matches {@code encoded}; compares in constant time. */
  public boolean verify(String password, String encoded) {
    Matcher m = PHC.matcher(encoded);
    if (!m.matches()) {
      return false;
    }
    byte[] expected = B64D.decode(m.group(5));
    byte[] actual =
        derive(
            password,
            B64D.decode(m.group(4)),
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)),
            expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  private byte[] derive(String password, byte[] salt, int memory, int iter, int lanes, int length) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memory)
            .withIterations(iter)
            .withParallelism(lanes)
            .withSalt(salt)
            .withBlockPool(blocks)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    // The memory is taken from the pool in generateBytes, so the permit bounds it.
    concurrent.acquireUninterruptibly();
    try {
      generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    } finally {
      concurrent.release();
    }
    return out;
  }
}
