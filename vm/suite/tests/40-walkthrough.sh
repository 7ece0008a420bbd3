# Issue 12's seed walkthrough on the systemd host, end to end: create -C -l s0:c1,c2
# -u apache2.service container1, a file written from the host in its tree, start, curl from
# the host to the sandbox's address, connect, stop, start again with its data kept, clone,
# delete leaving no tree, config, unit, scope, cgroup, mount, veth or machined registration.
source "$(dirname "$0")/../lib.sh"

on_exit cloister delete --force container2
on_exit cloister delete --force container1
veths_before=$(veths)
token="clst-vm page $RANDOM$RANDOM"
tree=$R/var/lib/cloister/container1

run "create -C -l s0:c1,c2 -u apache2.service container1" \
    cloister create -C -l s0:c1,c2 -u apache2.service container1
run "write a page and a log line from the host into its tree" bash -c "
    echo '<p>$token</p>' > $tree/var/www/html/clst.html && echo 'from the host' > $tree/var/log/clst-admin.log"

run "start container1" cloister start container1
assert_eq "it is running" running "$(state_of container1)"
run "systemd is PID 1 inside" cloister execute container1 -- /bin/ps -p 1 -o comm=
assert_eq "PID 1 inside is systemd" systemd "$OUT"
run "apache2 and journald are active inside" \
    cloister execute container1 -- systemctl is-active apache2.service systemd-journald.service
pid=$(cloister inspect --json container1 | jq -r .pid)
check "its PID 1 is in a cgroup of its own, named after it" grep -q container1 "/proc/$pid/cgroup"
address=$(address_of container1)
run "curl from the host to http://$address/clst.html" curl -sS --max-time 20 "http://$address/clst.html"
assert_contains "the page written from the host is served" "$OUT" "$token"

run "connect: a root shell inside" bash -c "printf 'hostname; echo shell-ok; exit\n' | timeout 120 cloister connect container1"
assert_contains "the shell runs in container1" "$OUT" container1
assert_contains "the shell ran our commands" "$OUT" shell-ok
run "the host's file is root's inside; root inside appends to it" \
    cloister execute container1 -- /bin/sh -c 'stat -c %U /var/log/clst-admin.log && echo inside >> /var/log/clst-admin.log'
assert_eq "owner inside" root "$OUT"

run "stop container1" cloister stop container1
assert_eq "it is stopped" stopped "$(state_of container1)"
assert_empty "no mount of its tree is left" "$(grep -F " $tree" /proc/self/mountinfo)"
assert_empty "no veth is left" "$(new_veths "$veths_before")"

run "start container1 again" cloister start container1
run "its data is kept" cloister execute container1 -- cat /var/log/clst-admin.log
assert_eq "the log has the host's line and the sandbox's" "$(printf 'from the host\ninside')" "$OUT"
run "stop container1" cloister stop container1

run "clone container1 container2" cloister clone container1 container2
run "start container2" cloister start container2
run "container2's hostname" cloister execute container2 -- hostname
assert_eq "container2 is named container2 inside" container2 "$OUT"
address2=$(address_of container2)
check "container2 has its own address" test "$address2" != "$address"
run "curl from the host to container2" curl -sS --max-time 20 "http://$address2/clst.html"
assert_contains "the clone serves the copied page" "$OUT" "$token"
run "stop container2" cloister stop container2

run "delete container1" cloister delete container1
run "delete container2" cloister delete container2
assert_empty "nothing of container1 is left" "$(leftovers_of container1)"
assert_empty "nothing of container2 is left" "$(leftovers_of container2)"
assert_empty "no veth is left" "$(new_veths "$veths_before")"
run_fails "systemd no longer knows container1_sandbox.service" systemctl cat container1_sandbox.service
