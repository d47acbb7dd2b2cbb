# shellcheck shell=bash
# Sourced helper: the jlink image of this checkout, built when missing or older than the sources.
#
#   . scripts/lib/java.sh && find_jdk 21
#   . scripts/lib/image.sh
#   ensure_image          # sets IMAGE=<root>/betterbot.app/target/image, building it first if needed
#
# Expects to be sourced from the repository root's scripts/ (it finds the root from its own path).

IMAGE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
IMAGE=$IMAGE_ROOT/betterbot.app/target/image

# True when the image is missing or a source, pom or the image script changed after it was linked.
image_is_stale() {
  if [ ! -x "$IMAGE/bin/betterbot" ] || [ ! -f "$IMAGE/release" ]; then
    return 0
  fi
  [ -n "$(cd "$IMAGE_ROOT" && find pom.xml betterbot.* scripts/build-image -newer "$IMAGE/release" \
      \( -name '*.java' -o -name pom.xml -o -name build-image \) -print -quit 2>/dev/null)" ]
}

ensure_image() {
  if image_is_stale; then
    echo "building the image (first run, or sources changed)..." >&2
    # shellcheck source=maven.sh
    . "$IMAGE_ROOT/scripts/lib/maven.sh"
    (cd "$IMAGE_ROOT" && mvn_cmd -B -ntp -q -DskipTests package) || return 1
  fi
}
