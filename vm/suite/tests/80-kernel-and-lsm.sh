# Debian 12's own kernel (6.1) and its LSM: what the newer kernel offers that 6.1 lacks is named
# by inspect and create, a start never fails for it, and no LSM denial is caused by Cloister.
source "$(dirname "$0")/../lib.sh"

name=clst-vm-kern
on_exit cloister delete --force $name
since=$(date '+%Y-%m-%d %H:%M:%S')
run "create a generic sandbox" cloister create $name -- /bin/sh -c 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'
create_notes=$OUT
abi=$(cloister inspect --json $name | jq -r .kernel.landlock_abi)
note "kernel $(uname -r), Landlock ABI $abi"
case $(uname -r) in
    6.1.*)
        assert_eq "Debian 12's 6.1 has Landlock ABI 2" 2 "$abi"
        assert_contains "create names what ABI 2 lacks" "$create_notes" "no signal or abstract-unix-socket scoping"
        run "inspect lists it" cloister inspect $name
        assert_contains "inspect: degraded" "$OUT" "ABI 6, Linux 6.12"
        ;;
    *) note "not 6.1: nothing to compare the degradation report with" ;;
esac
run "start on this kernel" cloister start $name
run "execute inside" cloister execute $name -- /bin/true
run "stop" cloister stop $name

# AppArmor (kind apparmor) or SELinux (kind selinux) must not have refused anything of ours.
if [ "$KIND" = apparmor ]; then
    run "AppArmor is enforcing" aa-status --enabled
    denied=$(journalctl -k --since "$since" --no-pager | grep 'apparmor="DENIED"' || true)
    assert_empty "no AppArmor denial since the test began" "$denied"
fi
