# start, execute and stop of a generic sandbox from a plain system service (the suite runs in
# cloister-vm-job.service, with no delegation): the case issue 12 reports as failing with
# "cgroup-enable: write '+memory +pids' … Device or resource busy".
source "$(dirname "$0")/../lib.sh"

on_exit cloister delete --force clst-vm-run
veths_before=$(veths)

run "create a generic sandbox" cloister create clst-vm-run -- /bin/sleep 1000
run "start it" cloister start clst-vm-run
assert_eq "it is running" running "$(state_of clst-vm-run)"
run "execute inside" cloister execute clst-vm-run -- /bin/cat /proc/1/comm
assert_eq "execute sees the sandbox's PID 1" sleep "$OUT"
run "execute returns the command's status" bash -c '[ "$(cloister execute clst-vm-run -- /bin/sh -c "exit 7"; echo $?)" = 7 ]'
run "stats reads its cgroup" cloister stats --json clst-vm-run
check "stats counts its processes" bash -c "cloister stats --json clst-vm-run | jq -e '.pids >= 1'"
run "stop it" cloister stop clst-vm-run
assert_eq "it is stopped" stopped "$(state_of clst-vm-run)"
assert_empty "no veth is left" "$(new_veths "$veths_before")"
run "delete it" cloister delete clst-vm-run
assert_empty "nothing of clst-vm-run is left" "$(leftovers_of clst-vm-run)"
