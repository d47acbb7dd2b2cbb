# shellcheck shell=bash
# Sourced helper: finds a JDK (java + javac) of at least a given feature version.
#
#   . scripts/lib/java.sh
#   find_jdk 21     # exports JAVA_HOME and JDK_VERSION, puts $JAVA_HOME/bin first on PATH; returns 1 if none
#
# Tries, in order: $JAVA_HOME, the java on PATH, then the newest JDK under /usr/lib/jvm.

# Prints the feature version (8, 17, 21, 25, ...) of the JDK at $1; fails when it is not a JDK.
jdk_version() {
    local home=$1 v=
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
    if [ -r "$home/release" ]; then
        v=$(sed -n 's/^JAVA_VERSION="*\([^"]*\)"*$/\1/p' "$home/release" | head -n 1)
    fi
    if [ -z "$v" ]; then
        v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
            sed -n 's/^ *java\.specification\.version = *//p' | head -n 1)
    fi
    case $v in 1.*) v=${v#1.} ;; esac   # "1.8.0_392" -> "8.0_392"
    v=${v%%[!0-9]*}                    # "21.0.2" -> "21", "25" -> "25"
    [ -n "$v" ] || return 1
    printf '%s\n' "$v"
}

find_jdk() {
    local min=${1:-21} candidate v best= best_v=0 tried=
    local -a candidates=()
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    if command -v java >/dev/null 2>&1; then
        candidate=$(readlink -f "$(command -v java)")
        candidates+=("${candidate%/bin/java}")
    fi
    for candidate in "${candidates[@]}"; do
        if v=$(jdk_version "$candidate") && [ "$v" -ge "$min" ]; then
            best=$candidate best_v=$v
            break
        fi
        tried="$tried $candidate(${v:-not a JDK})"
    done
    if [ -z "$best" ]; then   # the newest JDK installed in the usual place
        for candidate in /usr/lib/jvm/*; do
            v=$(jdk_version "$candidate") || continue
            if [ "$v" -gt "$best_v" ]; then best=$candidate best_v=$v; fi
        done
        [ "$best_v" -ge "$min" ] || { [ -n "$best" ] && tried="$tried $best($best_v)"; best=; }
    fi
    if [ -z "$best" ]; then
        echo "error: no JDK >= $min found (tried:${tried:- nothing} and /usr/lib/jvm/*);" \
            "install one (e.g. apt-get install openjdk-21-jdk-headless) or point JAVA_HOME at it" >&2
        return 1
    fi
    JAVA_HOME=$best
    JDK_VERSION=$best_v
    PATH="$JAVA_HOME/bin:$PATH"
    export JAVA_HOME JDK_VERSION PATH
}
