CREATE TABLE products (
    id         TEXT        PRIMARY KEY,
    name       TEXT        NOT NULL,
    available  INT         NOT NULL CHECK (available >= 0),  -- stock never goes negative
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One row per order inventory has heard of. RELEASED without items is also the tombstone of an
-- order whose cancellation arrived before its placement.
CREATE TABLE reservations (
    order_id   UUID        PRIMARY KEY,
    status     TEXT        NOT NULL CHECK (status IN ('RESERVED', 'CONFIRMED', 'RELEASED', 'REJECTED')),
    reason     TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE reservation_items (
    order_id   UUID NOT NULL REFERENCES reservations (order_id),
    product_id TEXT NOT NULL REFERENCES products (id),
    quantity   INT  NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, product_id)
);
CREATE INDEX reservation_items_by_product ON reservation_items (product_id);
