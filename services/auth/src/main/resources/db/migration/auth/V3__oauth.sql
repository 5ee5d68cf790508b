-- Clients registered for the client_credentials grant (services, scripts). The secret is kept as
-- a password hash, like users' passwords: it is shown once, when the client is registered.
CREATE TABLE clients (
    client_id   text        PRIMARY KEY CHECK (client_id ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    secret_hash text        NOT NULL,
    roles       text[]      NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Refresh tokens, kept as the SHA-256 of the token. Every use rotates a token: the used row is
-- marked and a new one joins its family; a used token presented again revokes the whole family
-- (RFC 9700 section 4.14.2), as it means the token was stolen. A family ends at family_expires_at
-- however often it was rotated.
CREATE TABLE refresh_tokens (
    token_hash        bytea       PRIMARY KEY,
    family            uuid        NOT NULL,
    user_id           uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_id         text        NOT NULL,
    expires_at        timestamptz NOT NULL,
    family_expires_at timestamptz NOT NULL,
    used_at           timestamptz,
    revoked_at        timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);
CREATE INDEX refresh_tokens_family_expiry ON refresh_tokens (family_expires_at);
