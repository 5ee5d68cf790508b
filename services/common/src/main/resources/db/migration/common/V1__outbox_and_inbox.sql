-- Transactional outbox: rows written in the business transaction, published by the relay.
CREATE TABLE outbox (
    id              BIGSERIAL PRIMARY KEY,
    message_id      UUID        NOT NULL UNIQUE,
    aggregate_id    UUID        NOT NULL,
    routing_key     TEXT        NOT NULL,
    payload         BYTEA       NOT NULL,
    correlation_id  TEXT        NOT NULL,
    traceparent     TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error      TEXT,
    sent_at         TIMESTAMPTZ
);
-- The relay's claim query: unsent rows in id order (due ones filtered on the way).
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Inbox: a message's effect is applied once per consumer; a duplicate hits the primary key.
CREATE TABLE inbox (
    consumer     TEXT        NOT NULL,
    message_id   UUID        NOT NULL,
    routing_key  TEXT        NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, message_id)
);
CREATE INDEX inbox_received ON inbox (received_at);
