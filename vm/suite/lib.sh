# The VM suite's test library, sourced by each test in tests/ (run as root on the VM's host).
# A test is a sequence of checks; the first that fails ends the test with its command, exit
# status and output printed, so the log says why. Exit status: 0 passed, 77 skipped (only for
# what the kernel cannot offer, with the reason), anything else failed.
set -uo pipefail
export LC_ALL=C.UTF-8
KIND=${VM_KIND:-$(cat /mnt/cloister-vm/in/kind 2>/dev/null || echo unknown)}
OUT=""          # the output (stdout and stderr) of the last run/check
# The instance's root: / in the VM. Set CLOISTER_ROOT to try a test's logic against a
# relocated instance elsewhere (docs/testing.md).
R=${CLOISTER_ROOT:-}
_cleanups=()

note() { printf '# %s\n' "$*"; }

_fail() {
    printf 'not ok - %s\n' "$1"; shift
    local line; for line in "$@"; do printf '  %s\n' "$line"; done
    exit 1
}

# run DESCRIPTION CMD... : CMD must succeed; OUT holds its output.
run() {
    local what=$1; shift
    local rc=0; OUT=$("$@" 2>&1) || rc=$?
    if [ "$rc" -ne 0 ]; then
        _fail "$what" "command: $*" "exit status: $rc" "output:" "$(printf '%s\n' "$OUT" | sed 's/^/| /')"
    fi
    printf 'ok - %s\n' "$what"
}

# run_fails DESCRIPTION CMD... : CMD must fail; OUT holds its output.
run_fails() {
    local what=$1; shift
    local rc=0; OUT=$("$@" 2>&1) || rc=$?
    if [ "$rc" -eq 0 ]; then
        _fail "$what" "command: $*" "succeeded, but should have failed" "output:" "$(printf '%s\n' "$OUT" | sed 's/^/| /')"
    fi
    printf 'ok - %s (exit %s)\n' "$what" "$rc"
}

# check DESCRIPTION CMD... : a condition (test, grep, …); its output is shown only on failure.
check() { run "$@"; }

# assert_eq DESCRIPTION EXPECTED ACTUAL
assert_eq() {
    if [ "$2" != "$3" ]; then _fail "$1" "expected: $2" "actual:   $3"; fi
    printf 'ok - %s\n' "$1"
}

# assert_contains DESCRIPTION TEXT NEEDLE
assert_contains() {
    case $2 in *"$3"*) printf 'ok - %s\n' "$1" ;;
        *) _fail "$1" "expected to contain: $3" "text:" "$(printf '%s\n' "$2" | sed 's/^/| /')" ;; esac
}

# assert_empty DESCRIPTION TEXT : e.g. a list of leftovers.
assert_empty() {
    if [ -n "$2" ]; then _fail "$1" "expected nothing, found:" "$(printf '%s\n' "$2" | sed 's/^/| /')"; fi
    printf 'ok - %s\n' "$1"
}

skip() { printf 'skip - %s\n' "$*"; exit 77; }

# A test that checks what a reboot brings back runs twice: reboot_and_continue ends its first
# run (its on_exit cleanups wait), the VM reboots, and the test runs again with AFTER_REBOOT=1.
AFTER_REBOOT=${VM_AFTER_REBOOT:-}
_rebooting=""
reboot_and_continue() { note "rebooting the VM"; _rebooting=1; exit 75; }

# on_exit CMD... : cleanup run when the test ends, however it ends (last registered first).
on_exit() { _cleanups=("$(printf '%q ' "$@")" "${_cleanups[@]}"); }
_run_cleanups() {
    [ -n "$_rebooting" ] && return
    local c
    for c in "${_cleanups[@]}"; do eval "$c" >/dev/null 2>&1 || true; done
}
trap _run_cleanups EXIT

# Helpers for what users check about a sandbox.
address_of() { cloister inspect --json "$1" | jq -r '.addresses[0]' | cut -d/ -f1; }
state_of() { cloister inspect --json "$1" | jq -r '.state'; }

# Everything on this host that still names sandbox $1: tree, config, meta, run dir, host unit,
# units and scopes systemd knows, cgroups, mounts, machined registrations.
leftovers_of() {
    local name=$1
    local p
    for p in "$R/var/lib/cloister/$name" "$R/etc/cloister/$name.conf" "$R/var/lib/cloister/.meta/$name" \
             "$R/run/cloister/$name" "$R/etc/systemd/system/${name}_sandbox.service"; do
        [ -e "$p" ] && echo "path $p"
    done
    systemctl list-units --all --no-legend --plain 2>/dev/null | awk '{print $1}' | grep -F -- "$name" | sed 's/^/unit /'
    find /sys/fs/cgroup -name "*$name*" 2>/dev/null | sed 's/^/cgroup /'
    grep -F -- "$name" /proc/self/mountinfo | sed 's/^/mount /'
    machinectl list --no-legend 2>/dev/null | awk '{print $1}' | grep -Fx -- "$name" | sed 's/^/machine /'
    true
}

# The host ends of veth pairs; new_veths BEFORE: those not in the list BEFORE.
veths() { ip -o link show type veth 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | sort; }
new_veths() { comm -13 <(printf '%s\n' "$1" | sed '/^$/d') <(veths); }
