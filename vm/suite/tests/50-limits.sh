# A generic sandbox with --memory 256M --pids-limit 300 on the systemd host: the limits are
# the kernel's, a memory hog is OOM-killed inside only, a fork bomb stops at the limit,
# update changes the limits live and stats reports them.
source "$(dirname "$0")/../lib.sh"

name=clst-vm-lim
on_exit cloister delete --force $name

# The value of a cgroup file of the running sandbox (wherever its driver put its cgroup).
cgroup_value() {
    local dir
    for dir in $(cloister inspect --json $name | jq -r '.cgroup.paths[]?'); do
        [ -f "$dir/$1" ] && { cat "$dir/$1"; return; }
    done
    echo "no $1 in the sandbox's cgroups"
}
stat_of() { cloister stats --json $name | jq -r ".$1"; }

run "create --memory 256M --pids-limit 300" cloister create --memory 256M --pids-limit 300 $name -- /bin/bash -c "while :; do sleep 1; done"
run "start it" cloister start $name
assert_eq "memory.max is 256M" 268435456 "$(cgroup_value memory.max)"
assert_eq "pids.max is 300" 300 "$(cgroup_value pids.max)"
assert_eq "stats: memory limit" 268435456 "$(stat_of memory_limit_bytes)"
assert_eq "stats: pids limit" 300 "$(stat_of pids_limit)"

# A process of the host's, to show the OOM killer chose inside.
sleep 1000 & bystander=$!
on_exit kill $bystander
rc=0; OUT=$(cloister execute $name -- /bin/sh -c 'tail /dev/zero' 2>&1) || rc=$?
assert_eq "a memory hog inside is killed (SIGKILL: 128+9)" 137 "$rc"
check "stats counts the OOM kill" bash -c "[ \$(cloister stats --json $name | jq .oom_kills) -ge 1 ]"
check "the host's process lives on" kill -0 $bystander
assert_eq "the sandbox runs on" running "$(state_of $name)"

# The inner shell forks until the kernel refuses (then gives up); the outer one counts with
# builtins only, as no fork is left for a counter.
run "a fork bomb inside" cloister execute $name -- /bin/sh -c \
    "/bin/sh -c 'while :; do /bin/sleep 10 & done' 2>/dev/null; c=0; for p in /proc/[0-9]*; do c=\$((c+1)); done; echo running=\$c"
running=$(printf '%s\n' "$OUT" | sed -n 's/^running=//p')
check "it stops at the limit (running=$running, limit 300)" test "${running:-0}" -le 300 -a "${running:-0}" -gt 100
check "the host still forks" /bin/true
for _ in $(seq 60); do [ "$(stat_of pids)" -le 3 ] && break; sleep 1; done
check "the bomb's processes end (PID 1, a shell, reaps them)" test "$(stat_of pids)" -le 3

run "update --memory 512M --pids-limit 400, live" cloister update $name --memory 512M --pids-limit 400
assert_eq "memory.max follows" 536870912 "$(cgroup_value memory.max)"
assert_eq "pids.max follows" 400 "$(cgroup_value pids.max)"
assert_eq "stats: new memory limit" 536870912 "$(stat_of memory_limit_bytes)"
assert_eq "stats: new pids limit" 400 "$(stat_of pids_limit)"
check "the config keeps the new limits" grep -q 'Memory=512M' $R/etc/cloister/$name.conf

run "stop it" cloister stop $name
run "delete it" cloister delete $name
assert_empty "nothing of $name is left" "$(leftovers_of $name)"
