# 20 sandboxes started at once on the systemd host: all come up, each in a scope of its own.
source "$(dirname "$0")/../lib.sh"

names=()
for i in $(seq -w 1 20); do names+=(clst-vm-many$i); done
for n in "${names[@]}"; do on_exit cloister delete --force "$n"; done

for n in "${names[@]}"; do
    run "create $n" cloister create -N none --slice clst-vm.slice "$n" -- /bin/sh -c 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'
done
pids=()
for n in "${names[@]}"; do cloister start "$n" >"/tmp/$n.start" 2>&1 & pids+=($!); done
failed=0
for i in "${!pids[@]}"; do wait "${pids[$i]}" || { failed=$((failed + 1)); cat "/tmp/${names[$i]}.start"; }; done
assert_eq "20 starts at once, none failed" 0 "$failed"
# one list for all 20 (a JVM command under TCG takes seconds)
run "cloister list --json" cloister list --json
listed=$OUT
running=$(jq -r '.[] | select(.name | startswith("clst-vm-many")) | select(.state == "running") | .name' <<<"$listed" | wc -l)
assert_eq "all 20 are running" 20 "$running"
scopes=$(systemctl list-units --no-legend --plain --state=active 'cloister-clst-vm-many*.scope' | awk '{print $1}' | sort -u | wc -l)
assert_eq "20 distinct active scopes" 20 "$scopes"
run "each PID 1 is in its own scope, in the slice given at create" bash -c '
    for n in "${@:2}"; do pid=$(jq -r --arg n "$n" ".[] | select(.name == \$n) | .pid" <<<"$1"); grep -q "/clst-vm.slice/cloister-$n.scope/payload" /proc/$pid/cgroup || { echo "$n: $(cat /proc/$pid/cgroup)"; exit 1; }; done' _ "$listed" "${names[@]}"
for n in "${names[@]}"; do cloister stop "$n" >/dev/null 2>&1 & done
wait
for n in "${names[@]}"; do run "delete $n" cloister delete "$n"; done
assert_empty "no scope is left" "$(systemctl list-units --all --no-legend --plain 'cloister-clst-vm-many*' | awk '{print $1}')"
assert_empty "no cgroup is left" "$(find /sys/fs/cgroup -name 'cloister-clst-vm-many*')"
