CREATE TABLE orders (
    id              UUID        PRIMARY KEY,
    customer_id     TEXT        NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'CANCELLED')),
    cancel_reason   TEXT,
    idempotency_key TEXT,
    request_hash    TEXT        NOT NULL,
    correlation_id  TEXT        NOT NULL,
    deadline        TIMESTAMPTZ NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    completed_at    TIMESTAMPTZ,
    -- The same key from the same customer is the same order.
    UNIQUE (customer_id, idempotency_key)
);
-- The deadline scheduler's scan.
CREATE INDEX orders_pending_deadline ON orders (deadline) WHERE status = 'PENDING';
-- A customer's orders, newest first, for keyset pagination.
CREATE INDEX orders_by_customer ON orders (customer_id, created_at DESC, id DESC);

CREATE TABLE order_items (
    order_id   UUID NOT NULL REFERENCES orders (id),
    line       INT  NOT NULL,
    product_id TEXT NOT NULL,
    quantity   INT  NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, line)
);

-- Every saga step of an order, in order.
CREATE TABLE order_timeline (
    id             BIGSERIAL   PRIMARY KEY,
    order_id       UUID        NOT NULL REFERENCES orders (id),
    at             TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    step           TEXT        NOT NULL,
    detail         TEXT,
    correlation_id TEXT        NOT NULL
);
CREATE INDEX order_timeline_by_order ON order_timeline (order_id, id);
