# systemctl enable + a reboot of the host brings the sandbox back: its host unit starts at
# boot (the runtime directory under /run is gone then) and the service answers again.
source "$(dirname "$0")/../lib.sh"

name=clst-vm-boot
expected=/root/clst-vm-boot.page      # the test runs again after the reboot: what it wrote before
if [ -z "$AFTER_REBOOT" ]; then
    page="clst-vm boot page $RANDOM, written in boot $(cat /proc/sys/kernel/random/boot_id)"
    echo "$page" >"$expected"
    run "create -C -u apache2.service $name" cloister create -C -u apache2.service $name
    run "write a page into its tree" bash -c "echo '$page' > $R/var/lib/cloister/$name/var/www/html/boot.html"
    run "systemctl enable ${name}_sandbox.service" systemctl enable ${name}_sandbox.service
    check "it is enabled" systemctl is-enabled -q ${name}_sandbox.service
    reboot_and_continue
fi

page=$(cat "$expected")
on_exit rm -f "$expected"
on_exit cloister delete --force $name
on_exit systemctl disable ${name}_sandbox.service
note "after the reboot: boot $(cat /proc/sys/kernel/random/boot_id)"
for _ in $(seq 120); do systemctl is-active -q ${name}_sandbox.service && break; sleep 1; done
run "the host unit came up at boot" systemctl is-active ${name}_sandbox.service
assert_eq "it is running" running "$(state_of $name)"
run "curl from the host" curl -sS --max-time 20 "http://$(address_of $name)/boot.html"
assert_contains "the page is served again" "$OUT" "$page"
run "systemctl disable --now" systemctl disable --now ${name}_sandbox.service
run "delete it" cloister delete $name
assert_empty "nothing of $name is left" "$(leftovers_of $name)"
