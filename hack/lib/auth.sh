# shellcheck shell=bash
# Sourced by the scripts that run the auth service or talk to it: its signing key and tokens.

# json_field NAME: the string value of NAME in the JSON object on stdin (flat objects only).
json_field() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p"; }

# make_signing_key FILE: a new RSA 2048 private key (PKCS#8 PEM) for the auth service.
make_signing_key() {
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null
}

# auth_token AUTH_BASE USER PASSWORD: an access token (AUTH_BASE serves /auth/token) by the
# OAuth 2.0 password grant as the first-party client; empty when the credentials are refused.
auth_token() {
  curl -fsS "$1/auth/token" -d grant_type=password -d client_id=orderly \
    --data-urlencode "username=$2" --data-urlencode "password=$3" 2>/dev/null |
    json_field access_token
}
