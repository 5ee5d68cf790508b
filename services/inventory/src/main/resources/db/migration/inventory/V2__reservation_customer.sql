-- The customer who placed the order (the token subject, from order.placed), so that
-- GET /reservations/{orderId} can answer only the order's owner (or an admin).
-- NULL for reservations written before this column and for tombstones.
ALTER TABLE reservations ADD COLUMN customer_id TEXT;
