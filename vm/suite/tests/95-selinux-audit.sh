# Issue 16: on the SELinux host, nothing Cloister did during the whole suite was denied: every
# AVC denial in the audit log (all of it: the suite spans a reboot) that names one of
# Cloister's types, or is machined's (it acts here only for Cloister's sandboxes: machinectl,
# journalctl -M), is one the walkthrough provoked on purpose (a file at another sandbox's
# level), and those are there.
source "$(dirname "$0")/../lib.sh"
[ "$KIND" = selinux ] || skip "kind $KIND: the kernel's active LSM is not SELinux"

# The denial records only (ausearch prints each event's SYSCALL record too).
ours=$(ausearch -m AVC,USER_AVC,SELINUX_ERR 2>/dev/null | grep -E '^type=(AVC|USER_AVC|SELINUX_ERR) ' |
    grep -E 'cloister_(t|sandbox_t|sandbox_file_t|exec_t)|scontext=system_u:system_r:systemd_machined_t' || true)
# The walkthrough's files at another sandbox's level, and 60-systemd-host's systemctl -M: the
# sandbox's bus reading a connection at the administrator's range (MCS refuses it).
expected='name="(badcontent|clst-shared-a\.txt)".*scontext=system_u:system_r:cloister_sandbox_t|comm="dbus-daemon" path="/run/dbus/system_bus_socket" scontext=system_u:system_r:cloister_sandbox_t:s0:c[0-9]+,c[0-9]+ tcontext=system_u:system_r:cloister_sandbox_t:s0-s0:c0.c1023 tclass=unix_stream_socket'
seen=$(printf '%s\n' "$ours" | grep -cE "$expected" || true)
note "$seen expected denials (the walkthrough's)"
check "the walkthrough's denials are in the log (so the log is the suite's)" test "$seen" -ge 2
assert_empty "no other denial of Cloister's host commands or sandboxes" "$(printf '%s\n' "$ours" | grep -vE "$expected" | grep . || true)"
