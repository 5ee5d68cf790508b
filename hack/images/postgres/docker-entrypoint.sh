#!/usr/bin/env bash
# Entry point of orderly.local/postgres (hack/images.sh node): Debian's PostgreSQL started the way
# the official `postgres` image's entrypoint starts it, for what the operator (model/PostgresModel)
# and docs/images.md rely on:
#   - POSTGRES_PASSWORD, POSTGRES_USER (default postgres), POSTGRES_DB (default $POSTGRES_USER),
#     POSTGRES_INITDB_ARGS, POSTGRES_INITDB_WALDIR, POSTGRES_HOST_AUTH_METHOD; each of the first four
#     also as <NAME>_FILE (a path to read it from);
#   - PGDATA (image default /var/lib/postgresql/data): initdb when it holds no PG_VERSION, with the
#     superuser's password, `host all all all <auth>` appended to pg_hba.conf (auth: the server's
#     password_encryption, scram-sha-256, unless POSTGRES_HOST_AUTH_METHOD says otherwise), then a
#     socket-only server runs /docker-entrypoint-initdb.d/* in name order (*.sh executed when
#     executable, sourced otherwise; *.sql, *.sql.gz, *.sql.xz, *.sql.zst through psql) and stops;
#   - started as root: the directories are given to postgres (999) and the script re-runs as it;
#     started as any other uid (the pods: 999 with fsGroup 999): runs as that uid; a uid without a
#     passwd entry gets one through nss_wrapper, as in the official image;
#   - `postgres` or flags as the command: the server (listen_addresses '*' from the image's
#     postgresql.conf.sample); any other command is run as is.
set -Eeo pipefail

# file_env VAR [DEFAULT]: VAR from $VAR or from the file named by $VAR_FILE, not both.
file_env() {
  local var=$1 file_var="${1}_FILE" default=${2:-}
  if [[ -n ${!var:-} && -n ${!file_var:-} ]]; then
    printf >&2 'error: both %s and %s are set (but are exclusive)\n' "$var" "$file_var"
    exit 1
  fi
  local value=$default
  if [[ -n ${!var:-} ]]; then
    value=${!var}
  elif [[ -n ${!file_var:-} ]]; then
    value=$(<"${!file_var}")
  fi
  export "$var"="$value"
  unset "$file_var"
}

setup_env() {
  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "$POSTGRES_USER"
  file_env POSTGRES_INITDB_ARGS
  : "${POSTGRES_HOST_AUTH_METHOD:=}"
  DATABASE_ALREADY_EXISTS=
  if [[ -s $PGDATA/PG_VERSION ]]; then
    DATABASE_ALREADY_EXISTS=true
  fi
}

# The data and socket directories; as root, owned by postgres.
create_directories() {
  mkdir -p "$PGDATA"
  chmod 00700 "$PGDATA" || : # PostgreSQL refuses a group- or world-readable one; it says so
  mkdir -p /var/run/postgresql || :
  chmod 03775 /var/run/postgresql || :
  if [[ -n ${POSTGRES_INITDB_WALDIR:-} ]]; then
    mkdir -p "$POSTGRES_INITDB_WALDIR"
    [[ $(id -u) != 0 ]] || find "$POSTGRES_INITDB_WALDIR" \! -user postgres -exec chown postgres '{}' +
    chmod 700 "$POSTGRES_INITDB_WALDIR"
  fi
  if [[ $(id -u) == 0 ]]; then
    find "$PGDATA" \! -user postgres -exec chown postgres '{}' +
    find /var/run/postgresql \! -user postgres -exec chown postgres '{}' +
  fi
}

verify_minimum_env() {
  if [[ -z $POSTGRES_PASSWORD && $POSTGRES_HOST_AUTH_METHOD != trust ]]; then
    echo >&2 'error: the database is uninitialised and POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE) is not set;'
    echo >&2 '       set it, or POSTGRES_HOST_AUTH_METHOD=trust (not recommended)'
    exit 1
  fi
  if [[ $POSTGRES_HOST_AUTH_METHOD == trust ]]; then
    echo >&2 'WARNING: POSTGRES_HOST_AUTH_METHOD=trust: anyone reaching the port logs in without a password'
  fi
}

init_database_dir() {
  # initdb wants the current uid in the passwd database
  if ! getent passwd "$(id -u)" >/dev/null; then
    local wrapper
    for wrapper in {/usr,}/lib{/*,}/libnss_wrapper.so; do
      if [[ -s $wrapper ]]; then
        NSS_WRAPPER_PASSWD=$(mktemp)
        NSS_WRAPPER_GROUP=$(mktemp)
        export LD_PRELOAD=$wrapper NSS_WRAPPER_PASSWD NSS_WRAPPER_GROUP
        printf 'postgres:x:%s:%s:PostgreSQL:%s:/bin/false\n' "$(id -u)" "$(id -g)" "$PGDATA" >"$NSS_WRAPPER_PASSWD"
        printf 'postgres:x:%s:\n' "$(id -g)" >"$NSS_WRAPPER_GROUP"
        break
      fi
    done
  fi
  local args=()
  if [[ -n ${POSTGRES_INITDB_WALDIR:-} ]]; then
    args+=(--waldir "$POSTGRES_INITDB_WALDIR")
  fi
  # POSTGRES_INITDB_ARGS is a string of shell words, as in the official image; --pwfile refuses an
  # empty file, hence the newline
  eval 'initdb --username="$POSTGRES_USER" --pwfile=<(printf "%s\n" "$POSTGRES_PASSWORD") '"$POSTGRES_INITDB_ARGS"' "${args[@]}"'
  if [[ ${LD_PRELOAD:-} == */libnss_wrapper.so ]]; then
    rm -f "$NSS_WRAPPER_PASSWD" "$NSS_WRAPPER_GROUP"
    unset LD_PRELOAD NSS_WRAPPER_PASSWD NSS_WRAPPER_GROUP
  fi
}

setup_hba_conf() {
  shift # "postgres"
  local auth
  auth=$(postgres -C password_encryption "$@")
  : "${POSTGRES_HOST_AUTH_METHOD:=$auth}"
  printf '\nhost all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD" >>"$PGDATA/pg_hba.conf"
}

# psql as the superuser over the socket, in POSTGRES_DB unless the arguments say otherwise.
process_sql() {
  local runner=(psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc)
  if [[ -n $POSTGRES_DB ]]; then
    runner+=(--dbname "$POSTGRES_DB")
  fi
  PGHOST='' PGHOSTADDR='' "${runner[@]}" "$@"
}

temp_server_start() {
  shift # "postgres"
  set -- "$@" -c listen_addresses='' -p "${PGPORT:-5432}"
  NOTIFY_SOCKET='' PGUSER="${PGUSER:-$POSTGRES_USER}" pg_ctl -D "$PGDATA" -o "$(printf '%q ' "$@")" -w start
}

temp_server_stop() {
  PGUSER="${PGUSER:-postgres}" pg_ctl -D "$PGDATA" -m fast -w stop
}

setup_db() {
  local db=$POSTGRES_DB exists
  exists=$(POSTGRES_DB='' process_sql --dbname postgres --set db="$db" --tuples-only <<<"SELECT 1 FROM pg_database WHERE datname = :'db';")
  if [[ -z $exists ]]; then
    POSTGRES_DB='' process_sql --dbname postgres --set db="$db" <<<'CREATE DATABASE :"db";'
  fi
}

process_init_files() {
  # `psql` in a sourced script means this, as in the official image
  # shellcheck disable=SC2034
  psql=(process_sql)
  local f
  for f; do
    case $f in
      *.sh)
        if [[ -x $f ]]; then
          printf '%s: running %s\n' "$0" "$f"
          "$f"
        else
          printf '%s: sourcing %s\n' "$0" "$f"
          # shellcheck disable=SC1090
          . "$f"
        fi
        ;;
      *.sql) printf '%s: running %s\n' "$0" "$f"; process_sql -f "$f" ;;
      *.sql.gz) printf '%s: running %s\n' "$0" "$f"; gunzip -c "$f" | process_sql ;;
      *.sql.xz) printf '%s: running %s\n' "$0" "$f"; xzcat "$f" | process_sql ;;
      *.sql.zst) printf '%s: running %s\n' "$0" "$f"; zstd -dc "$f" | process_sql ;;
      *) printf '%s: ignoring %s\n' "$0" "$f" ;;
    esac
  done
}

want_help() {
  local arg
  for arg; do
    case $arg in -'?' | --help | --describe-config | -V | --version) return 0 ;; esac
  done
  return 1
}

main() {
  if [[ ${1:0:1} == - ]]; then
    set -- postgres "$@"
  fi
  if [[ $1 == postgres ]] && ! want_help "$@"; then
    setup_env
    create_directories
    if [[ $(id -u) == 0 ]]; then
      exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
    fi
    if [[ -z $DATABASE_ALREADY_EXISTS ]]; then
      verify_minimum_env
      ls /docker-entrypoint-initdb.d/ >/dev/null # unreadable scripts fail here, before initdb
      init_database_dir
      setup_hba_conf "$@"
      export PGPASSWORD="${PGPASSWORD:-$POSTGRES_PASSWORD}"
      temp_server_start "$@"
      setup_db
      shopt -s nullglob
      process_init_files /docker-entrypoint-initdb.d/*
      shopt -u nullglob
      temp_server_stop
      unset PGPASSWORD
      echo 'PostgreSQL init process complete; ready for start up.'
    else
      echo 'PostgreSQL Database directory appears to contain a database; Skipping initialization'
    fi
  fi
  exec "$@"
}

main "$@"
