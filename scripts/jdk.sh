# Finds a JDK 25 or newer: JAVA_HOME first, then the usual install folders, then java on PATH.
# Sourced by ./latent and ./run-tests; defines find_jdk (prints the JDK folder) and JDK_MISSING.

JDK_MISSING="needs a JDK 25 or newer (none in JAVA_HOME, /usr/lib/jvm or on PATH); get one with 'apt-get install temurin-25-jdk' (Adoptium's apt repository) or from adoptium.net, then set JAVA_HOME"

# The major version: from the JDK's release file (JAVA_VERSION="25.0.3"), read in no time, or
# by asking the JVM where a JDK has no such file (about 50 ms per candidate).
java_major() {
  local v=""
  [[ -f "$1/release" ]] && v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")"
  [[ -n "$v" ]] || v="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  echo "$v"
}

find_jdk() {
  local candidates=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  candidates+=(/usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*
               /Library/Java/JavaVirtualMachines/*/Contents/Home)
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  local d v
  for d in "${candidates[@]}"; do
    [[ -x "$d/bin/java" && -x "$d/bin/javac" ]] || continue
    v="$(java_major "$d")"
    if [[ "$v" =~ ^[0-9]+$ ]] && (( v >= 25 )); then
      echo "$d"
      return 0
    fi
  done
  return 1
}
