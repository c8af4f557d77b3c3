# The JDK check of the scripts that build; sourced, not run.

# Prints the release of the javac given (its major version), or nothing when it says none.
javac_release() {
  "$1" -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p'
}

# Exits with what to install unless Maven will find a Java compiler of release 17 or newer: javac from
# JAVA_HOME when it is set, else from PATH. Debian's maven package brings a runtime only, which Maven
# would fail on with "No compiler is provided", and an older default JDK fails on the release flag.
require_jdk17() {
  local caller="$1" javac version
  javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
  if ! command -v "$javac" >/dev/null 2>&1; then
    echo "$caller: $javac not found: a JDK 17 or newer is needed, not only a runtime" \
      "(Debian/Ubuntu: sudo apt-get install openjdk-17-jdk-headless, or set JAVA_HOME to a JDK)" >&2
    exit 1
  fi
  version="$(javac_release "$javac")"
  if [[ -z "$version" || "$version" -lt 17 ]]; then
    echo "$caller: $javac is release ${version:-unknown}; 17 or newer is needed" \
      "(Debian/Ubuntu: sudo apt-get install openjdk-17-jdk-headless, then set JAVA_HOME or PATH to it)" >&2
    exit 1
  fi
}
