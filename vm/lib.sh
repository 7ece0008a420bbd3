# Shared definitions of the VM tier's scripts (sourced, not run).
# Everything the tier builds lives under $VM_CACHE, named by a hash of the recipe that made it,
# so a changed recipe builds anew and an unchanged one is reused.
set -euo pipefail

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$VM_DIR/.." && pwd)
VM_CACHE=${VM_CACHE:-/var/cache/cloister-vm}
VM_SUITE=bookworm
JDK_DIR=${JDK_DIR:-/usr/lib/jvm/temurin-25-jdk-amd64}

log() { printf '[vm %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { printf 'vm: %s\n' "$*" >&2; exit 1; }

# The Debian mirror this machine's apt already uses (deb822 or one-line sources), unless
# VM_MIRROR says otherwise: the image comes from Debian's own repositories, nothing else.
vm_mirror() {
    if [ -n "${VM_MIRROR:-}" ]; then echo "$VM_MIRROR"; return; fi
    local uri
    uri=$(awk '/^URIs:/ {u=$2} /^Suites:/ && u != "" && $0 ~ /[[:space:]]bookworm([[:space:]]|$)/ {print u; exit}' \
        /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
    if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
        uri=$(awk '$1 == "deb" && $3 == "bookworm" {print $2; exit}' /etc/apt/sources.list)
    fi
    echo "${uri:-http://deb.debian.org/debian}"
}

# Package names of a list file: one per line, '#' starts a comment.
package_list() { sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$1"; }

# A short hash of files' contents and extra words, the key of a cached artefact.
recipe_hash() {
    local words=$1; shift
    { printf '%s\n' "$words"; for f in "$@"; do printf '== %s\n' "${f#"$VM_DIR"/}"; cat "$f"; done; } |
        sha256sum | cut -c1-16
}

# Runs "$@" with the cache lock held, so two builds of one artefact do not race.
with_cache_lock() {
    mkdir -p "$VM_CACHE"
    exec 9>"$VM_CACHE/.lock-$1"; shift
    flock 9
    "$@"
}
