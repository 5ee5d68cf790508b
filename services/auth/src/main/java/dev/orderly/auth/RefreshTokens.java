package dev.orderly.auth;

import dev.orderly.common.db.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refresh tokens with rotation: opaque random tokens, stored as their SHA-256 only. A token is good
 * for one use, which gives a new token of the same family; presenting a used token again revokes
 * the family, since one of the two presenters stole it (RFC 9700 section 4.14.2). A token lives
 * {@code ttl} from its issue, and no family outlives {@code maxLifetime}.
 */
public final class RefreshTokens {

  private static final Logger LOG = LoggerFactory.getLogger(RefreshTokens.class);

  private final Database database;
  private final Duration ttl;
  private final Duration maxLifetime;

  public RefreshTokens(Database database, Duration ttl, Duration maxLifetime) {
    this.database = database;
    this.ttl = ttl;
    this.maxLifetime = maxLifetime;
  }

  /** What a refresh token was issued for. */
  public record Holder(UUID userId, String clientId) {}

  /** A rotation's result: who the token was for, and the token that replaces it. */
  public record Rotated(Holder holder, String token) {}

  /** A new token, first of its family, for {@code holder}. */
  public String issue(Holder holder) {
    return database.inTransaction(
        tx -> {
          String token = RandomTokens.next();
          insert(tx, token, UUID.randomUUID(), holder, Instant.now().plus(maxLifetime));
          return token;
        });
  }

  /**
   * Uses {@code token} (presented by {@code clientId}) and returns its successor.
   *
   * @throws OAuthException {@code invalid_grant} when the token is unknown, used, revoked, expired
   *     or was issued to another client; a used token also revokes its family
   */
  public Rotated rotate(String token, String clientId) {
    Outcome outcome =
        database.inTransaction(
            tx -> {
              try (PreparedStatement ps =
                  tx.prepareStatement(
                      """
                    SELECT family, user_id, client_id, used_at IS NOT NULL, revoked_at IS NOT NULL,
                           expires_at <= now(), family_expires_at
                    FROM refresh_tokens WHERE token_hash = ? FOR UPDATE""")) {
                ps.setBytes(1, hash(token));
                try (ResultSet rs = ps.executeQuery()) {
                  if (!rs.next()) {
                    return Outcome.refused("unknown refresh token");
                  }
                  UUID family = rs.getObject(1, UUID.class);
                  Holder holder = new Holder(rs.getObject(2, UUID.class), rs.getString(3));
                  if (rs.getBoolean(5)) {
                    return Outcome.refused("refresh token revoked");
                  }
                  if (rs.getBoolean(4)) {
                    revokeFamily(tx, family);
                    LOG.warn(
                        "refresh token of user {} presented again after use: its family is revoked",
                        holder.userId());
                    return Outcome.refused(
                        "refresh token already used; every token of its session is revoked");
                  }
                  if (rs.getBoolean(6)) {
                    return Outcome.refused("refresh token expired");
                  }
                  if (!holder.clientId().equals(clientId)) {
                    return Outcome.refused("refresh token issued to another client");
                  }
                  Timestamp familyExpires = rs.getTimestamp(7);
                  markUsed(tx, token);
                  String next = RandomTokens.next();
                  insert(tx, next, family, holder, familyExpires.toInstant());
                  return Outcome.rotated(new Rotated(holder, next));
                }
              }
            });
    if (outcome.rotated() == null) {
      throw OAuthException.invalidGrant(outcome.refusal());
    }
    return outcome.rotated();
  }

  /** Deletes the families that have ended; returns the rows deleted. */
  public int purgeExpired() {
    return database.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement("DELETE FROM refresh_tokens WHERE family_expires_at < now()")) {
            return ps.executeUpdate();
          }
        });
  }

  private void insert(
      Connection tx, String token, UUID family, Holder holder, Instant familyExpires)
      throws SQLException {
    Instant expires = Instant.now().plus(ttl);
    try (PreparedStatement ps =
        tx.prepareStatement(
            """
                INSERT INTO refresh_tokens (token_hash, family, user_id, client_id, family_expires_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
      ps.setBytes(1, hash(token));
      ps.setObject(2, family);
      ps.setObject(3, holder.userId());
      ps.setString(4, holder.clientId());
      ps.setTimestamp(5, Timestamp.from(familyExpires));
      ps.setTimestamp(6, Timestamp.from(expires.isBefore(familyExpires) ? expires : familyExpires));
      ps.executeUpdate();
    }
  }

  private static void markUsed(Connection tx, String token) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("UPDATE refresh_tokens SET used_at = now() WHERE token_hash = ?")) {
      ps.setBytes(1, hash(token));
      ps.executeUpdate();
    }
  }

  private static void revokeFamily(Connection tx, UUID family) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "UPDATE refresh_tokens SET revoked_at = now() WHERE family = ? AND revoked_at IS NULL")) {
      ps.setObject(1, family);
      ps.executeUpdate();
    }
  }

  private static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A rotation's result or why there is none; the revocation of a family commits either way. */
  private record Outcome(Rotated rotated, String refusal) {

    static Outcome rotated(Rotated rotated) {
      return new Outcome(rotated, null);
    }

    static Outcome refused(String why) {
      return new Outcome(null, why);
    }
  }
}
