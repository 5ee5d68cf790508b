# shellcheck shell=bash
# Sourced by the end-to-end scripts that talk to a platform through its Ingress (hack/kind-e2e.sh,
# hack/cluster-e2e.sh). The sourcing script sets HOST (the Ingress host), BASE (http://$HOST),
# INGRESS_ADDRESS (where port 80 of HOST is reached), WORK (a scratch folder), ROUTE_TIMEOUT,
# DRY_RUN (0 or 1) and HTTP_STATUS/HTTP_BODY, and defines run, log and die.
# shellcheck disable=SC2154 # those variables are the sourcing script's

# request METHOD PATH [CURL-ARGS...]: one request through the Ingress (the host resolved to
# $INGRESS_ADDRESS, whatever DNS says); sets HTTP_STATUS (000 when there was no answer) and HTTP_BODY.
request() {
  local method=$1 path=$2
  shift 2
  : >"$WORK/body"
  HTTP_STATUS=$(run curl -sS --connect-timeout 5 --max-time 20 --resolve "$HOST:80:$INGRESS_ADDRESS" \
    -o "$WORK/body" -w '%{http_code}' -X "$method" "$BASE$path" "$@") || HTTP_STATUS=000
  HTTP_BODY=$(<"$WORK/body")
}

# http EXPECTED METHOD PATH [CURL-ARGS...]: request, failing unless the status is one of EXPECTED
# (comma-separated); a dry run takes the first of EXPECTED as the answer.
http() {
  local expected=$1
  shift
  request "$@"
  ((DRY_RUN)) && HTTP_STATUS=${expected%%,*}
  [[ ,$expected, == *",$HTTP_STATUS,"* ]] || die "$1 $2 answered $HTTP_STATUS (expected $expected): $HTTP_BODY"
}

# field NAME PLACEHOLDER: the string field NAME of the last answer (PLACEHOLDER in a dry run).
field() {
  if ((DRY_RUN)); then printf '%s' "$2"; else json_field "$1" <<<"$HTTP_BODY" | head -n 1; fi
}

# A random secret of 24 URL-safe characters.
random_secret() { head -c 18 /dev/urandom | base64 | tr '+/' '-_'; }

# json_string S: S with JSON's backslash and quote escaped.
json_string() {
  local s=${1//\\/\\\\}
  printf '%s' "${s//\"/\\\"}"
}

# credentials FILE USER PASSWORD: the JSON body of a login or registration, kept out of the
# printed commands (curl reads it with --data @FILE).
credentials() { printf '{"username":"%s","password":"%s"}' "$(json_string "$2")" "$(json_string "$3")" >"$1"; }

# form_value S: S percent-encoded for an application/x-www-form-urlencoded body (ASCII).
form_value() {
  local s=$1 out='' c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [a-zA-Z0-9.~_-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$out"
}

# password_grant FILE USER PASSWORD: the form of an OAuth 2.0 password grant by the first-party
# client, for curl's --data @FILE (kept out of the process list like the JSON credentials).
password_grant() {
  printf 'grant_type=password&client_id=orderly&username=%s&password=%s' \
    "$(form_value "$2")" "$(form_value "$3")" >"$1"
}

# bearer FILE TOKEN: an Authorization header for curl's -H @FILE.
bearer() { printf 'Authorization: Bearer %s\n' "$2" >"$1"; }

wait_for_route() {
  local deadline=$((SECONDS + ROUTE_TIMEOUT))
  log "waiting up to ${ROUTE_TIMEOUT}s for $BASE to route to the gateway"
  while :; do
    request GET /api/inventory/products
    ((DRY_RUN)) && return 0
    [[ $HTTP_STATUS == 200 ]] && return 0
    ((SECONDS < deadline)) || die "GET $BASE/api/inventory/products still answers $HTTP_STATUS after ${ROUTE_TIMEOUT}s: $HTTP_BODY"
    sleep 2
  done
}
