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
