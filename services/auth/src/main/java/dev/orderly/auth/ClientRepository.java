package dev.orderly.auth;

import dev.orderly.common.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Optional;

/** SQL for registered clients. */
public final class ClientRepository {

  private final Database database;

  public ClientRepository(Database database) {
    this.database = database;
  }

  /** Registers {@code client}; false when the id is taken. */
  public boolean insert(Client client) {
    return database.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement(
                  """
                    INSERT INTO clients (client_id, secret_hash, roles) VALUES (?, ?, ?)
                    ON CONFLICT (client_id) DO NOTHING""")) {
            ps.setString(1, client.clientId());
            ps.setString(2, client.secretHash());
            ps.setArray(3, tx.createArrayOf("text", client.roles().toArray(new String[0])));
            return ps.executeUpdate() == 1;
          }
        });
  }

  /** The client with that id. */
  public Optional<Client> find(String clientId) {
    return database.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement(
                  "SELECT client_id, secret_hash, roles FROM clients WHERE client_id = ?")) {
            ps.setString(1, clientId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(
                      new Client(
                          rs.getString(1),
                          rs.getString(2),
                          Arrays.asList((String[]) rs.getArray(3).getArray())))
                  : Optional.empty();
            }
          }
        });
  }

  /** Removes the client; false when there was none. */
  public boolean delete(String clientId) {
    return database.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement("DELETE FROM clients WHERE client_id = ?")) {
            ps.setString(1, clientId);
            return ps.executeUpdate() == 1;
          }
        });
  }
}
