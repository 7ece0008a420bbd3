# Issue 12 §2-3 on the systemd host: whoever starts a sandbox (a plain system service without
# delegation, a root login session, the host unit), it runs in a delegated unit of its own
# (its scope in machine.slice, or its host unit), its PID 1 is a machine machined knows
# (machinectl, ps -o machine, journalctl -M), and stop leaves no unit, cgroup or registration.
source "$(dirname "$0")/../lib.sh"

name=clst-vm-sd
on_exit cloister delete --force $name
run "create -C -u apache2.service $name" cloister create -C -u apache2.service $name

# $1: the unit the sandbox must run in; checks the layout systemd's delegation rules ask for.
check_placement() {
    local unit=$1 pid1 monitor
    pid1=$(cloister inspect --json $name | jq -r .pid)
    monitor=$(awk '$1 == "monitor-pid" {print $2}' "$R/run/cloister/$name/state")
    assert_contains "PID 1 ($pid1) is in $unit/payload" "$(cat /proc/$pid1/cgroup)" "/$unit/payload"
    assert_contains "the monitor ($monitor) is in $unit/supervisor, beside it" "$(cat /proc/$monitor/cgroup)" \
        "/$unit/supervisor"
    run "systemd shows $unit delegated" systemctl show -p Delegate --value "$unit"
    assert_eq "Delegate=yes" yes "$OUT"
    run "apache2 runs inside" cloister execute $name -- systemctl is-active apache2.service
}

# What remains is its definition: tree, config and its (inactive) host unit.
check_gone() {
    assert_empty "no scope, cgroup, mount or machine of $name is left" \
        "$(leftovers_of $name | grep -v -e '^path ' -e "^unit ${name}_sandbox.service\$" || true)"
    check "its host unit is not running" bash -c "! systemctl is-active -q ${name}_sandbox.service"
}

# 1. From a plain system service (no delegation): a transient scope of its own.
run "start from a system service (systemd-run, no Delegate=)" \
    systemd-run --wait --collect --quiet -p Type=oneshot -u clst-vm-starter cloister start $name
assert_eq "it is running" running "$(state_of $name)"
check_placement cloister-$name.scope
run "the scope is in machine.slice" systemctl show -p Slice --value cloister-$name.scope
assert_eq "Slice" machine.slice "$OUT"
check "the starter service is gone, the scope is not" bash -c "! systemctl is-active -q clst-vm-starter.service && systemctl is-active -q cloister-$name.scope"

# machined knows PID 1 as the machine $name.
run "machinectl list shows it" machinectl list --no-legend
assert_contains "machinectl list" "$OUT" "$name"
run "machinectl status" machinectl status $name --no-pager
assert_contains "its unit is the scope" "$OUT" "cloister-$name.scope"
pid1=$(cloister inspect --json $name | jq -r .pid)
run "ps -o machine names it" ps -o machine= -p "$pid1"
assert_eq "machine of PID 1" "$name" "$(echo $OUT)"
run "systemd-cgls shows the scope" systemd-cgls --no-pager -u cloister-$name.scope
assert_contains "systemd-cgls" "$OUT" "payload"
run "journalctl -M reads its journal" journalctl -M $name -u apache2.service --no-pager -n 20
assert_contains "journalctl -M" "$OUT" "apache2"
if [ "$KIND" = selinux ]; then
    # MCS: the sandbox's bus runs at its level and refuses a client whose range is above it (the
    # administrator's s0-s0:c0.c1023); cloister execute enters at the sandbox's level instead.
    run_fails "systemctl -M is refused by the sandbox's bus (MCS)" systemctl -M $name is-active apache2.service
    run "cloister execute reaches systemd inside" cloister execute $name -- systemctl is-active apache2.service
    assert_eq "apache2 inside, seen from the host" active "$OUT"
else
    run "systemctl -M reaches systemd inside" systemctl -M $name is-active apache2.service
    assert_eq "apache2 inside, seen from the host" active "$OUT"
    run "machinectl shell runs a command inside" timeout 60 machinectl shell $name /bin/sh -c 'echo shell-in-$(hostname)'
    assert_contains "machinectl shell" "$OUT" "shell-in-$name"
fi

run "machinectl poweroff stops it from the host" machinectl poweroff $name
for _ in $(seq 100); do [ -e "$R/run/cloister/$name/state" ] || break; sleep 0.3; done
assert_eq "it is stopped" stopped "$(state_of $name)"
for _ in $(seq 50); do systemctl is-active -q cloister-$name.scope || break; sleep 0.1; done
check_gone

# 2. From a root login session (pam_systemd gives su a session scope).
run "start from a login session (su -l)" su -l root -c "grep -q '/session-' /proc/self/cgroup && cloister start $name"
check_placement cloister-$name.scope
run "stop it from the session" su -l root -c "cloister stop $name"
for _ in $(seq 50); do systemctl is-active -q cloister-$name.scope || break; sleep 0.1; done
check_gone

# 3. The host unit: it is the delegated unit (no scope of its own), and systemctl stop cleans.
run "systemctl start ${name}_sandbox.service" systemctl start ${name}_sandbox.service
assert_eq "its restart policy is the default" on-failure "$(systemctl show -p Restart --value ${name}_sandbox.service)"
check_placement ${name}_sandbox.service
check "no scope: the host unit is kept" bash -c "! systemctl is-active -q cloister-$name.scope"
run "machinectl status names the host unit" machinectl status $name --no-pager
assert_contains "unit of the machine" "$OUT" "${name}_sandbox.service"
run "systemctl stop ${name}_sandbox.service" systemctl stop ${name}_sandbox.service
assert_eq "it is stopped" stopped "$(state_of $name)"
assert_eq "the host unit is inactive" inactive "$(systemctl show -p ActiveState --value ${name}_sandbox.service)"
assert_eq "its result is success (a halt inside is a clean stop)" success \
    "$(systemctl show -p Result --value ${name}_sandbox.service)"
check_gone

# 4. Restart=on-failure: PID 1 killed, the host unit brings the sandbox back.
run "systemctl start ${name}_sandbox.service" systemctl start ${name}_sandbox.service
old_pid=$(cloister inspect --json $name | jq -r .pid)
run "kill -9 its PID 1 ($old_pid)" kill -KILL "$old_pid"
new_pid=
for _ in $(seq 120); do
    new_pid=$(awk '$1 == "init-pid" {print $2}' "$R/run/cloister/$name/state" 2>/dev/null)
    [ -n "$new_pid" ] && [ "$new_pid" != "$old_pid" ] && systemctl is-active -q ${name}_sandbox.service && break
    sleep 1
done
check "systemd started it again (PID 1 $old_pid -> ${new_pid:-none})" test -n "$new_pid" -a "$new_pid" != "$old_pid"
run "apache2 runs in the restarted sandbox" cloister execute $name -- systemctl is-active apache2.service
run "systemctl stop ${name}_sandbox.service" systemctl stop ${name}_sandbox.service
check_gone

# 5. A requested unit that fails makes the host unit fail, with the reason in its journal.
run "break apache2's config inside" bash -c "echo 'NoSuchDirective x' >> $R/var/lib/cloister/$name/etc/apache2/apache2.conf" 
run_fails "systemctl start ${name}_sandbox.service fails" systemctl start ${name}_sandbox.service
run "its journal says why" journalctl -u ${name}_sandbox.service --no-pager -n 60
assert_contains "the failed unit is named" "$OUT" "unit apache2.service is failed"
run "systemctl stop ends its restarts" systemctl stop ${name}_sandbox.service
check_gone
