# The VM is the host a user has: Debian 12's kernel 6.1, systemd as PID 1, cgroup v2 unified,
# machined, and its LSM active (AppArmor, or SELinux enforcing for the selinux kind).
source "$(dirname "$0")/../lib.sh"

assert_eq "PID 1 is systemd" systemd "$(cat /proc/1/comm)"
run "systemd reached multi-user" systemctl is-active multi-user.target
assert_eq "cgroup2 unified at /sys/fs/cgroup" cgroup2fs "$(stat -fc %T /sys/fs/cgroup)"
check "no cgroup v1 hierarchy mounted" test -z "$(awk '$3 == "cgroup"' /proc/self/mounts)"
check "memory and pids controllers available" grep -qw memory /sys/fs/cgroup/cgroup.controllers
check "kernel 6.1 (Debian 12's)" bash -c '[[ $(uname -r) == 6.1.* ]]'
run "systemd-machined answers" machinectl list --no-legend
run "D-Bus is up" busctl --system list --no-pager

case $KIND in
    apparmor)
        assert_contains "AppArmor in the LSM list" "$(cat /sys/kernel/security/lsm)" apparmor
        run "aa-status: AppArmor enabled" aa-status --enabled
        run "aa-status lists loaded profiles" aa-status
        check "profiles are loaded" bash -c "aa-status --profiled | grep -qv '^0$'"
        ;;
    selinux)
        assert_contains "SELinux in the LSM list" "$(cat /sys/kernel/security/lsm)" selinux
        assert_eq "SELinux enforcing" Enforcing "$(getenforce)"
        run "sestatus" sestatus
        assert_contains "policy loaded from the default store" "$OUT" default
        check "the root file system is labelled" bash -c "ls -Zd /usr/bin | grep -q ':bin_t:'"
        ;;
    *) _fail "known host kind" "kind: $KIND" ;;
esac

run "JDK 25 at the path Cloister expects" /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -version
assert_contains "it is JDK 25" "$OUT" 'version "25'
run "cloister is installed on PATH (make install-files PREFIX=/usr/local)" command -v cloister
assert_eq "from /usr/local" /usr/local/bin/cloister "$OUT"
