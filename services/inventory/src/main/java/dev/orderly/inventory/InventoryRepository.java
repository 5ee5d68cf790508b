package dev.orderly.inventory;

import dev.orderly.contracts.OrderLine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** SQL for products and reservations; every method runs in the caller's transaction. */
public final class InventoryRepository {

    private InventoryRepository() {
    }

    /** A product and its available stock. */
    public record Product(String id, String name, int available, Instant updatedAt) {
    }

    /** What inventory holds for an order. */
    public record Reservation(UUID orderId, ReservationStatus status, String reason, List<OrderLine> items,
                              Instant updatedAt) {
    }

    /** Locks the products in id order, so concurrent reservations wait instead of deadlocking. */
    public static void lockProducts(Connection tx, List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = tx.prepareStatement(
                "SELECT id FROM products WHERE id = ANY(?) ORDER BY id FOR UPDATE")) {
            ps.setArray(1, tx.createArrayOf("text", ids.toArray()));
            ps.executeQuery().close();
        }
    }

    /** Products of the given reservations (to lock them before releasing). */
    public static List<String> reservedProducts(Connection tx, List<UUID> orderIds) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = tx.prepareStatement(
                "SELECT DISTINCT product_id FROM reservation_items WHERE order_id = ANY(?)")) {
            ps.setArray(1, tx.createArrayOf("uuid", orderIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /** Available stock of the given products; missing products are absent from the map. */
    public static Map<String, Integer> available(Connection tx, List<String> ids) throws SQLException {
        Map<String, Integer> stock = new HashMap<>();
        try (PreparedStatement ps = tx.prepareStatement("SELECT id, available FROM products WHERE id = ANY(?)")) {
            ps.setArray(1, tx.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stock.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return stock;
    }

    /** Adds {@code sign * quantity} of each line to its product's available stock. */
    public static void adjustStock(Connection tx, List<OrderLine> lines, int sign) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement(
                "UPDATE products SET available = available + ?, updated_at = now() WHERE id = ?")) {
            for (OrderLine line : lines) {
                ps.setInt(1, sign * line.quantity());
                ps.setString(2, line.productId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Records what was done for an order (status, reason, items held). */
    public static void insertReservation(Connection tx, UUID orderId, ReservationStatus status, String reason,
                                         List<OrderLine> items) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement(
                "INSERT INTO reservations (order_id, status, reason) VALUES (?, ?, ?)")) {
            ps.setObject(1, orderId);
            ps.setString(2, status.name());
            ps.setString(3, reason);
            ps.executeUpdate();
        }
        if (items.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = tx.prepareStatement(
                "INSERT INTO reservation_items (order_id, product_id, quantity) VALUES (?, ?, ?)")) {
            for (OrderLine line : items) {
                ps.setObject(1, orderId);
                ps.setString(2, line.productId());
                ps.setInt(3, line.quantity());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Moves a reservation to {@code status}. */
    public static void updateStatus(Connection tx, UUID orderId, ReservationStatus status) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement(
                "UPDATE reservations SET status = ?, updated_at = now() WHERE order_id = ?")) {
            ps.setString(1, status.name());
            ps.setObject(2, orderId);
            ps.executeUpdate();
        }
    }

    /** The reservation for {@code orderId}, locked for update. */
    public static Optional<Reservation> lockReservation(Connection tx, UUID orderId) throws SQLException {
        return reservation(tx, orderId, " FOR UPDATE");
    }

    /** The reservation for {@code orderId}. */
    public static Optional<Reservation> findReservation(Connection tx, UUID orderId) throws SQLException {
        return reservation(tx, orderId, "");
    }

    private static Optional<Reservation> reservation(Connection tx, UUID orderId, String lock) throws SQLException {
        ReservationStatus status;
        String reason;
        Instant updated;
        try (PreparedStatement ps = tx.prepareStatement(
                "SELECT status, reason, updated_at FROM reservations WHERE order_id = ?" + lock)) {
            ps.setObject(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                status = ReservationStatus.valueOf(rs.getString(1));
                reason = rs.getString(2);
                updated = rs.getTimestamp(3).toInstant();
            }
        }
        List<OrderLine> items = new ArrayList<>();
        try (PreparedStatement ps = tx.prepareStatement(
                "SELECT product_id, quantity FROM reservation_items WHERE order_id = ? ORDER BY product_id")) {
            ps.setObject(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(new OrderLine(rs.getString(1), rs.getInt(2)));
                }
            }
        }
        return Optional.of(new Reservation(orderId, status, reason, List.copyOf(items), updated));
    }

    /** Creates a product; false when the id is taken. */
    public static boolean insertProduct(Connection tx, String id, String name, int available) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement(
                "INSERT INTO products (id, name, available) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
            ps.setString(1, id);
            ps.setString(2, name);
            ps.setInt(3, available);
            return ps.executeUpdate() == 1;
        }
    }

    /** Sets a product's available stock; false when there is no such product. */
    public static boolean setAvailable(Connection tx, String id, int available) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement(
                "UPDATE products SET available = ?, updated_at = now() WHERE id = ?")) {
            ps.setInt(1, available);
            ps.setString(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** One product. */
    public static Optional<Product> findProduct(Connection tx, String id) throws SQLException {
        List<Product> found = products(tx, "WHERE id = ?", id, 1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    /** Products ordered by id, after {@code afterId} (exclusive) when given. */
    public static List<Product> listProducts(Connection tx, String afterId, int limit) throws SQLException {
        return products(tx, "WHERE id > ?", afterId == null ? "" : afterId, limit);
    }

    private static List<Product> products(Connection tx, String where, String arg, int limit) throws SQLException {
        List<Product> products = new ArrayList<>();
        try (PreparedStatement ps = tx.prepareStatement(
                "SELECT id, name, available, updated_at FROM products " + where + " ORDER BY id LIMIT " + limit)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    products.add(new Product(rs.getString(1), rs.getString(2), rs.getInt(3),
                            rs.getTimestamp(4).toInstant()));
                }
            }
        }
        return products;
    }
}
