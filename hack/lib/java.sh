# shellcheck shell=bash
# Sourced by the hack/ scripts: point JAVA_HOME at a JDK 21+ (Helidon 4 needs it), preferring
# the machine's Temurin 25, whatever the default `java` is.
orderly_java_home() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
    [[ -n $candidate && -x $candidate/bin/javac ]] || continue
    local major
    major=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
    if [[ ${major%%.*} -ge 21 ]]; then
      echo "$candidate"
      return 0
    fi
  done
  echo "no JDK 21+ found: install one or set JAVA_HOME" >&2
  return 1
}
JAVA_HOME=$(orderly_java_home)
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

# How the services' JVMs run on one machine (run-local, benchmarks): a small footprint. Serial GC
# suits a heap this size on two cores; idle native memory is handed back to the OS, and glibc
# keeps two malloc arenas instead of one per core-thread.
ORDERLY_SERVICE_JAVA_OPTS=${ORDERLY_SERVICE_JAVA_OPTS:-"-XX:+UseSerialGC -Xms16m -Xmx256m -Xss512k -XX:ReservedCodeCacheSize=64m -XX:TrimNativeHeapInterval=2000"}
export ORDERLY_SERVICE_JAVA_OPTS
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
