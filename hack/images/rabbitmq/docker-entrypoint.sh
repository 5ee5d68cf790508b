#!/usr/bin/env bash
# Entry point of orderly.local/rabbitmq (hack/images.sh node): Debian's RabbitMQ started the way the
# official `rabbitmq` image starts it, for what the operator (model/RabbitMqModel) relies on:
#   - the configuration in /etc/rabbitmq: rabbitmq.conf (the image's own conf.d/10-defaults.conf
#     when nothing is mounted there: console logs, no log file, guest from anywhere) and
#     enabled_plugins (the image's: management and prometheus); the operator mounts its ConfigMap
#     over the whole folder (load_definitions, ports, console logging);
#   - data in /var/lib/rabbitmq ($HOME, so the Erlang cookie is $HOME/.erlang.cookie, made by
#     RabbitMQ on first start when missing); RABBITMQ_ERLANG_COOKIE, when set, is written there
#     first so that the CLI tools (rabbitmq-diagnostics in probes, kubectl exec) agree with the node;
#   - started as root: /var/lib/rabbitmq is given to rabbitmq (999) and the script re-runs as it;
#     as any other uid (the pods: 999 with fsGroup 999) it runs as is;
#   - long node names (RABBITMQ_USE_LONGNAME) when the host name is a FQDN, as the official image;
#   - the environment variables the official image refuses (SSL and memory settings: use the
#     configuration file) are refused here too.
set -euo pipefail

if [[ ${1:-} == rabbitmq* && $(id -u) == 0 ]]; then
  if [[ $1 == rabbitmq-server ]]; then
    find /var/lib/rabbitmq \! -user rabbitmq -exec chown rabbitmq '{}' +
  fi
  exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups "${BASH_SOURCE[0]}" "$@"
fi

deprecated=(
  RABBITMQ_DEFAULT_PASS_FILE RABBITMQ_DEFAULT_USER_FILE
  RABBITMQ_MANAGEMENT_SSL_CACERTFILE RABBITMQ_MANAGEMENT_SSL_CERTFILE RABBITMQ_MANAGEMENT_SSL_DEPTH
  RABBITMQ_MANAGEMENT_SSL_FAIL_IF_NO_PEER_CERT RABBITMQ_MANAGEMENT_SSL_KEYFILE RABBITMQ_MANAGEMENT_SSL_VERIFY
  RABBITMQ_SSL_CACERTFILE RABBITMQ_SSL_CERTFILE RABBITMQ_SSL_DEPTH RABBITMQ_SSL_FAIL_IF_NO_PEER_CERT
  RABBITMQ_SSL_KEYFILE RABBITMQ_SSL_VERIFY RABBITMQ_VM_MEMORY_HIGH_WATERMARK
)
found=
for old in "${deprecated[@]}"; do
  if [[ -n ${!old:-} ]]; then
    echo >&2 "error: $old is set but deprecated: use a configuration file (https://www.rabbitmq.com/configure.html)"
    found=1
  fi
done
[[ -z $found ]] || exit 1

cookie="${HOME:-/var/lib/rabbitmq}/.erlang.cookie"
if [[ -n ${RABBITMQ_ERLANG_COOKIE:-} && ( ! -f $cookie || $(<"$cookie") != "$RABBITMQ_ERLANG_COOKIE" ) ]]; then
  rm -f "$cookie"
  (umask 077 && printf '%s' "$RABBITMQ_ERLANG_COOKIE" >"$cookie")
fi
# On every start: a kubelet applying fsGroup to the volume makes the file group-readable, and
# Erlang refuses a cookie that anyone but its owner can read.
if [[ -f $cookie ]]; then
  chmod 400 "$cookie"
fi

if [[ -z ${RABBITMQ_USE_LONGNAME:-} && $(hostname) != "$(hostname -s)" ]]; then
  export RABBITMQ_USE_LONGNAME=true
fi

exec "$@"
