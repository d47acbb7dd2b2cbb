# shellcheck shell=bash
# Sourced helper: mvn_cmd runs Maven on the JDK that find_jdk chose, or stops with a clear message.
command -v mvn >/dev/null 2>&1 || {
  echo "error: Maven (mvn) is not on the PATH; install it (e.g. apt-get install maven)" >&2
  exit 1
}
mvn_cmd() {
  # Maven's own libraries call sun.misc.Unsafe, which JDK 24+ warns about on every build.
  if [ "${JDK_VERSION:-0}" -ge 24 ]; then
    MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
    export MAVEN_OPTS
  fi
  mvn "$@"
}
