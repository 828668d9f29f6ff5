# Sourced by the scripts: picks a JDK 21 or newer and exports JAVA_HOME and PATH.
# Order: $JAVA_HOME if it is 21+, then the newest JDK 21+ under /usr/lib/jvm.
# Exits with a clear message when there is none.

polyculture_java_major() {
  # Prints the feature version of the JDK at $1 (17, 21, 25, ...), or nothing.
  local release="$1/release"
  [ -x "$1/bin/javac" ] || return 0
  if [ -f "$release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
  else
    "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
  fi
}

polyculture_select_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(polyculture_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      best=$JAVA_HOME
      best_major=$major
    fi
  fi
  if [ -z "$best" ]; then
    for candidate in /usr/lib/jvm/*; do
      [ -d "$candidate" ] || continue
      major=$(polyculture_java_major "$candidate")
      if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
        best=$candidate
        best_major=$major
      fi
    done
  fi
  if [ -z "$best" ]; then
    echo "polyculture: no JDK 21 or newer found." >&2
    echo "  Looked at JAVA_HOME (${JAVA_HOME:-unset}) and /usr/lib/jvm/*." >&2
    echo "  Install one (for example Temurin 21 or 25) and set JAVA_HOME to it." >&2
    exit 3
  fi
  export JAVA_HOME=$best
  export PATH="$JAVA_HOME/bin:$PATH"
}
