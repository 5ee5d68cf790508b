-- Users of the platform. Usernames are stored lower-cased; the password hash is a PHC string
-- ($argon2id$v=19$m=...,t=...,p=...$salt$hash), so its parameters can be raised later.
CREATE TABLE users (
    id            uuid PRIMARY KEY,
    username      text        NOT NULL UNIQUE CHECK (username = lower(username) AND length(username) BETWEEN 3 AND 64),
    password_hash text        NOT NULL,
    roles         text[]      NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
