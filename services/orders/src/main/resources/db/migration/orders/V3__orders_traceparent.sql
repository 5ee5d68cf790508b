-- The span that placed the order (W3C traceparent; null when not traced): a deadline's
-- cancellation starts a trace of its own and links it to this one.
ALTER TABLE orders ADD COLUMN traceparent TEXT;
