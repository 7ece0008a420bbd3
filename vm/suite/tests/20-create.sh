# create works on the systemd host: a generic sandbox and the seed's service sandbox, each
# with its config, tree and (for services) host unit that this host's systemd accepts;
# delete removes them again.
source "$(dirname "$0")/../lib.sh"

on_exit cloister delete --force clst-vm-gen
on_exit cloister delete --force container1

run "create a generic sandbox" cloister create clst-vm-gen -- /bin/sleep 1000
check "its config exists" test -f $R/etc/cloister/clst-vm-gen.conf
check "its tree exists" test -d $R/var/lib/cloister/clst-vm-gen
assert_eq "list shows it defined" defined "$(state_of clst-vm-gen)"

run "create -C -l s0:c1,c2 -u apache2.service container1" \
    cloister create -C -l s0:c1,c2 -u apache2.service container1
check "apache2's configuration is copied into its tree" test -f $R/var/lib/cloister/container1/etc/apache2/apache2.conf
unit=$R/etc/systemd/system/container1_sandbox.service
check "the host unit is written" test -f "$unit"
run "systemd-analyze verify accepts the host unit" systemd-analyze verify "$unit"
run "the host's systemd knows the host unit" systemctl cat container1_sandbox.service
run "inspect --json" cloister inspect --json container1
assert_eq "the requested label" s0:c1,c2 "$(printf '%s' "$OUT" | jq -r .label)"
check "an address is planned" bash -c "cloister inspect --json container1 | jq -e '.addresses | length > 0'"

run "delete the generic sandbox" cloister delete clst-vm-gen
run "delete container1" cloister delete container1
assert_empty "nothing of clst-vm-gen is left" "$(leftovers_of clst-vm-gen)"
assert_empty "nothing of container1 is left" "$(leftovers_of container1)"
