#!/usr/bin/env bash
# Installs, upgrades or removes BetterBot on a systemd machine (docs/operations.md, "Deployment on a small VM").
#
#   sudo scripts/install.sh [--prefix DIR]          install or upgrade; running it again changes nothing
#   sudo scripts/install.sh --uninstall [--purge]   remove program and unit; --purge also deletes the
#                                                   settings (/etc/betterbot) and the data (/var/lib/betterbot)
#
# What goes where (prefix /opt/betterbot by default):
#   <prefix>/releases/<version>-<hash>/   an image, never modified once in place
#   <prefix>/image -> releases/...        the current image; switched with one rename, so an upgrade never
#                                         leaves a half-copied image; the previous release stays for rollback
#   <prefix>/bin/betterbot                runs a command with the service's settings (check-config, db ...)
#   /etc/systemd/system/betterbot.service the unit (paths rewritten for another prefix)
#   /etc/betterbot/env                    settings and secrets; created once from the example, never overwritten
#   /var/lib/betterbot/                   the database; created by systemd at first start (StateDirectory)
#
# Environment: DESTDIR puts every path under another root (packaging, tests; systemctl is then not called).
# BETTERBOT_IMAGE installs that image instead of this checkout's, which is built when missing or stale.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
prog=install.sh

usage() {
  sed -n '2,6s/^# \{0,1\}//p' "$0"
}

die() {
  echo "$prog: $*" >&2
  exit 1
}

prefix=/opt/betterbot
mode=install
purge=no
while [ $# -gt 0 ]; do
  case $1 in
    --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --uninstall) mode=uninstall; shift ;;
    --purge) purge=yes; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "$prog: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
[ "$purge" = no ] || [ "$mode" = uninstall ] || die "--purge only goes with --uninstall"
case $prefix in /*) ;; *) die "--prefix must be an absolute path, got '$prefix'" ;; esac
prefix=${prefix%/}
case $prefix in
  '' | /usr | /usr/local | /etc | /var | /opt | /srv | /home | /root | /bin | /sbin | /lib | /tmp)
    die "refusing --prefix '${prefix:-/}': give BetterBot a directory of its own, e.g. /opt/betterbot" ;;
esac

destdir=${DESTDIR:-}
destdir=${destdir%/}
if [ -z "$destdir" ] && [ "$(id -u)" -ne 0 ]; then
  die "run as root (sudo), or set DESTDIR to stage the files elsewhere"
fi
root=$destdir$prefix
unit=$destdir/etc/systemd/system/betterbot.service
env_dir=$destdir/etc/betterbot
env_file=$env_dir/env
state_link=$destdir/var/lib/betterbot
state_private=$destdir/var/lib/private/betterbot

systemd_running() {
  [ -z "$destdir" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1
}

uninstall() {
  if systemd_running; then
    systemctl disable --now betterbot.service 2>/dev/null || true
  fi
  if [ -f "$unit" ]; then
    rm -f "$unit"
    echo "removed $unit"
    if systemd_running; then systemctl daemon-reload; fi
  fi
  # Only what this installer made; the prefix itself goes only when nothing else is left in it.
  rm -f "$root/image" "$root/.image.new" "$root/bin/betterbot"
  rm -rf "$root/releases"
  rmdir "$root/bin" "$root" 2>/dev/null || true
  echo "removed the program from $prefix"
  if [ "$purge" = yes ]; then
    rm -rf "$env_dir" "$state_private"
    rm -rf "$state_link"
    echo "purged the settings ($env_dir) and the data (/var/lib/betterbot)"
  else
    echo "kept the settings ($env_file) and the data (/var/lib/betterbot); --uninstall --purge deletes them"
  fi
}

# The image to install: BETTERBOT_IMAGE, or this checkout's, linked first when missing or stale.
source_image() {
  if [ -n "${BETTERBOT_IMAGE:-}" ]; then
    src=$BETTERBOT_IMAGE
  else
    # shellcheck source=lib/java.sh
    . "$here/lib/java.sh"
    find_jdk 21
    # shellcheck source=lib/image.sh
    . "$here/lib/image.sh"
    ensure_image
    src=$IMAGE
  fi
  [ -x "$src/bin/betterbot" ] && [ -x "$src/bin/java" ] && [ -f "$src/release" ] ||
    die "$src is not a BetterBot image (no bin/betterbot, bin/java or release)"
}

install_release() {
  local version hash tmp
  version=$(sed -n 's/^BETTERBOT_VERSION="\(.*\)"$/\1/p' "$src/release")
  [ -n "$version" ] || die "$src/release has no BETTERBOT_VERSION"
  # Content hash: installing the same image again finds its release and changes nothing.
  hash=$(cd "$src" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)
  release=releases/$version-$hash
  install -d -m 0755 "$root" "$root/releases" "$root/bin"
  rm -rf "$root"/releases/.incoming.* # left by an interrupted run
  if [ -d "$root/$release" ]; then
    echo "release $release already in place"
  else
    tmp=$(mktemp -d "$root/releases/.incoming.XXXXXX")
    cp -R "$src/." "$tmp/"
    # Owned by root (not by whoever built it) and readable by the service's dynamic user.
    chmod -R u=rwX,go=rX "$tmp"
    chmod 0755 "$tmp"
    mv -T "$tmp" "$root/$release"
    echo "installed $release"
    changed=yes
  fi
  previous=$(readlink "$root/image" 2>/dev/null || true)
  if [ -e "$root/image" ] && [ ! -L "$root/image" ]; then
    die "$root/image is not the symbolic link this installer makes; move it away first"
  fi
  if [ "$previous" != "$release" ]; then
    rm -f "$root/.image.new"
    ln -s "$release" "$root/.image.new"
    mv -T "$root/.image.new" "$root/image" # rename(2): the link changes in one step
    echo "$prefix/image -> $release${previous:+ (was $previous)}"
    changed=yes
  fi
  # Keep the current release and the newest other one (rollback: point the link back, restart); running
  # the installer again therefore keeps the same two.
  local dir kept=no
  for dir in $(ls -1dt "$root"/releases/*/ 2>/dev/null); do
    dir=${dir%/}
    if [ "releases/$(basename "$dir")" = "$release" ]; then
      continue
    fi
    if [ "$kept" = no ]; then
      kept=yes
      continue
    fi
    rm -rf "$dir"
    echo "removed old releases/$(basename "$dir")"
  done
}

# Writes $2 from stdin when its content differs; reports whether it did.
write_if_changed() {
  local mode=$1 target=$2 tmp
  tmp=$(mktemp "$target.XXXXXX")
  cat >"$tmp"
  chmod "$mode" "$tmp"
  if [ -f "$target" ] && cmp -s "$tmp" "$target"; then
    rm -f "$tmp"
    return 1
  fi
  mv -f "$tmp" "$target"
  return 0
}

install_files() {
  install -d -m 0755 "$destdir/etc/systemd/system"
  if sed "s#/opt/betterbot/#$prefix/#g" "$here/betterbot.service" | write_if_changed 0644 "$unit"; then
    echo "wrote $unit"
    unit_changed=yes
    changed=yes
  fi
  if write_if_changed 0755 "$root/bin/betterbot" <"$here/betterbot-admin"; then
    echo "wrote $prefix/bin/betterbot"
  fi
  install -d -m 0755 "$env_dir"
  if [ -e "$env_file" ]; then
    echo "kept your $env_file"
  else
    install -m 0600 "$here/betterbot.env.example" "$env_file"
    echo "created $env_file from the example (every variable, with its default)"
  fi
}

install_all() {
  changed=no
  unit_changed=no
  source_image
  install_release
  install_files
  if systemd_running; then
    if [ "$unit_changed" = yes ]; then systemctl daemon-reload; fi
    if [ "$changed" = yes ] && systemctl is-active --quiet betterbot.service; then
      systemctl restart betterbot.service
      echo "restarted betterbot.service on the new version"
    fi
  fi
  # The same validation the service runs at start, with the settings it will get.
  local status=0
  BETTERBOT_UNIT_FILE=$unit BETTERBOT_ENV_FILE=$env_file "$root/bin/betterbot" check-config >/dev/null || status=$?
  case $status in
    0) ;;
    78) die "installed, but $env_file is invalid (see above); fix it, then run $prefix/bin/betterbot check-config" ;;
    *) die "installed, but the image does not run: $prefix/bin/betterbot check-config exited with $status" ;;
  esac
  if [ "$changed" = no ]; then
    echo "BetterBot is up to date in $prefix; nothing changed"
  else
    echo "BetterBot $(sed -n 's/^BETTERBOT_VERSION="\(.*\)"$/\1/p' "$src/release") installed in $prefix"
  fi
  if [ -z "$destdir" ]; then
    echo "next: edit $env_file, then: systemctl enable --now betterbot && curl -s localhost:8080/health"
  fi
}

case $mode in
  install) install_all ;;
  uninstall) uninstall ;;
esac
