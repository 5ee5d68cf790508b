package dev.orderly.auth;

import dev.orderly.common.db.Database;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for users. */
public final class UserRepository {

  private final Database database;

  public UserRepository(Database database) {
    this.database = database;
  }

  /** Inserts {@code user}; false when the username is taken. */
  public boolean insert(User user) {
    return write(
            """
                INSERT INTO users (id, username, password_hash, roles) VALUES (?, ?, ?, ?)
                ON CONFLICT (username) DO NOTHING""",
            user)
        == 1;
  }

  /** Creates the user, or sets the password and roles of the existing one with that name. */
  public void upsert(User user) {
    write(
        """
                INSERT INTO users (id, username, password_hash, roles) VALUES (?, ?, ?, ?)
                ON CONFLICT (username) DO UPDATE
                SET password_hash = EXCLUDED.password_hash, roles = EXCLUDED.roles, updated_at = now()""",
        user);
  }

  /** The user named {@code username} (already lower-cased). */
  public Optional<User> findByUsername(String username) {
    return findOne("username = ?", username);
  }

  /** The user with that id. */
  public Optional<User> findById(UUID id) {
    return findOne("id = ?", id);
  }

  private Optional<User> findOne(String condition, Object value) {
    return database.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement(
                  "SELECT id, username, password_hash, roles FROM users WHERE " + condition)) {
            ps.setObject(1, value);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new User(
                      rs.getObject(1, UUID.class),
                      rs.getString(2),
                      rs.getString(3),
                      Arrays.asList((String[]) rs.getArray(4).getArray())));
            }
          }
        });
  }

  /** Runs {@code sql} with the user's id, username, password hash and roles; the rows changed. */
  private int write(String sql, User user) {
    return database.inTransaction(
        tx -> {
          try (PreparedStatement ps = tx.prepareStatement(sql)) {
            ps.setObject(1, user.id());
            ps.setString(2, user.username());
            ps.setString(3, user.passwordHash());
            ps.setArray(4, roles(tx, user.roles()));
            return ps.executeUpdate();
          }
        });
  }

  private static Array roles(Connection tx, List<String> roles) throws SQLException {
    return tx.createArrayOf("text", roles.toArray(new String[0]));
  }
}
