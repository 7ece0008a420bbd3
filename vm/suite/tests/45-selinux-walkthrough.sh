# Issue 16: the seed's SELinux walkthrough, verbatim, on a host with SELinux enforcing, run
# from root's login domain (unconfined_t): the tree and files made in it from the host carry
# the sandbox's level, a file relabelled to another level cannot be read inside even by root,
# the sandbox's systemd, journald and apache2 run at s0:c1,c2, SELinux looks disabled inside,
# its host unit starts it, upgrade labels new files, a clone gets its own level on every file,
# and a second sandbox can read nothing of the first's, even through a directory the
# administrator binds into both; logs, delete and published ports work enforcing.
source "$(dirname "$0")/../lib.sh"
[ "$KIND" = selinux ] || skip "kind $KIND: the kernel's active LSM is not SELinux"

on_exit rm -rf /srv/clst-shared
on_exit cloister delete --force clst-se-b
on_exit cloister delete --force clst-se-a
on_exit cloister delete --force container2
on_exit cloister delete --force container1
tree=$R/var/lib/cloister/container1
level_of() { ls -dZ "$1" | awk '{print $1}' | cut -d: -f4-; }
label_of_pid_cmd() { ps -eo label=,comm= | awk -v c="$1" '$2 == c {print $1}' | sort -u; }

run "SELinux is enforcing" test "$(getenforce)" = Enforcing
run "this shell is an administrator's (unconfined_t)" bash -c 'id -Z | grep -q :unconfined_t:'
run "create -C -l s0:c1,c2 -u apache2.service container1" \
    cloister create -C -l s0:c1,c2 -u apache2.service container1
assert_eq "the tree is at s0:c1,c2" s0:c1,c2 "$(level_of "$tree/var/www/html")"
run "touch content in the tree's var/log from the host" touch "$tree/var/log/content"
assert_eq "ls -lZ content: s0:c1,c2, not s0" s0:c1,c2 "$(level_of "$tree/var/log/content")"
run "badcontent, relabelled s0:c3,c4" bash -c "echo Secret > $tree/var/www/html/badcontent && chcon -l s0:c3,c4 $tree/var/www/html/badcontent"
assert_eq "badcontent is at s0:c3,c4" s0:c3,c4 "$(level_of "$tree/var/www/html/badcontent")"
echo '<p>clst-se page</p>' >"$tree/var/www/html/clst.html"

run "start container1" cloister start container1
for cmd in systemd systemd-journal apache2; do
    labels=$(label_of_pid_cmd "$cmd" | grep cloister_sandbox_t || true)
    assert_eq "ps -eZ: the sandbox's $cmd runs at s0:c1,c2" "system_u:system_r:cloister_sandbox_t:s0:c1,c2" "$labels"
done
run "getenforce inside" cloister execute container1 -- getenforce
assert_eq "inside, SELinux looks disabled" Disabled "$OUT"
run_fails "setenforce 1 inside is refused" cloister execute container1 -- setenforce 1
run_fails "touch /file inside is denied" cloister execute container1 -- touch /file
run "touch /var/www/html/content inside is allowed" cloister execute container1 -- touch /var/www/html/content
run_fails "cat /var/www/html/badcontent inside is denied, even to root" \
    cloister execute container1 -- cat /var/www/html/badcontent
assert_contains "denied by permission, not missing" "$OUT" "Permission denied"
address=$(address_of container1)
run "curl from the host gets the page" curl -sS --max-time 20 "http://$address/clst.html"
assert_contains "the page" "$OUT" "clst-se page"
run "the journal link: logs from the host" cloister logs container1
assert_contains "logs show apache2 starting" "$OUT" apache2
run "stop container1" cloister stop container1

run "a file of the host's type in the tree" bash -c "echo new > $tree/var/www/html/clst-new.html && chcon -t var_t $tree/var/www/html/clst-new.html"
run "upgrade container1" cloister upgrade container1
run "upgrade labelled it for the sandbox" bash -c "ls -Z $tree/var/www/html/clst-new.html | grep -q ':cloister_sandbox_file_t:s0:c1,c2 '"
assert_eq "and kept badcontent's level" s0:c3,c4 "$(level_of "$tree/var/www/html/badcontent")"

run "systemctl start container1_sandbox.service" systemctl start container1_sandbox.service
assert_eq "the host unit runs it" running "$(state_of container1)"
run "under the unit too, at s0:c1,c2" bash -c "ps -eo label=,comm= | grep -q '^system_u:system_r:cloister_sandbox_t:s0:c1,c2 apache2'"
run "systemctl stop container1_sandbox.service" systemctl stop container1_sandbox.service

run "clone container1 container2" cloister clone container1 container2
level2=$(level_of "$R/var/lib/cloister/container2")
check "the clone has a level of its own" test "$level2" != s0:c1,c2
wrong=$(find "$R/var/lib/cloister/container2" -xdev ! -name badcontent -printf '%Z\n' | grep -v ":$level2\$" | sort | uniq -c || true)
assert_empty "every file of the clone is at $level2" "$wrong"

# The administrator binds one host directory into two sandboxes at different levels: a file
# at the first's level is the first's only.
mkdir -p /srv/clst-shared && echo one >/srv/clst-shared/clst-shared-a.txt
run "a shared file at s0:c5,c6" chcon -l s0:c5,c6 /srv/clst-shared/clst-shared-a.txt
run "create clst-se-a at s0:c5,c6 with the directory bound, serving it on a published port" \
    cloister create -l s0:c5,c6 -m host-bind:/srv/shared=/srv/clst-shared --publish 127.0.0.1:18080:8080 clst-se-a \
    -- /bin/busybox httpd -f -p 8080 -h /srv/shared
run "create clst-se-b at s0:c7,c8 with the same directory" \
    cloister create -l s0:c7,c8 -m host-bind:/srv/shared=/srv/clst-shared clst-se-b -- /bin/sleep infinity
run "start both" bash -c "cloister start clst-se-a && cloister start clst-se-b"
run "clst-se-a reads its file" cloister execute clst-se-a -- cat /srv/shared/clst-shared-a.txt
assert_eq "its content" one "$OUT"
run "and serves it on the host's published port" curl -sS --max-time 20 http://127.0.0.1:18080/clst-shared-a.txt
assert_eq "the file through the published port" one "$OUT"
run_fails "clst-se-b cannot read it" cloister execute clst-se-b -- cat /srv/shared/clst-shared-a.txt
assert_contains "denied by permission" "$OUT" "Permission denied"
run "stop both" bash -c "cloister stop clst-se-a && cloister stop clst-se-b"

run "delete all four" bash -c "cloister delete container1 && cloister delete container2 && cloister delete clst-se-a && cloister delete clst-se-b"
assert_empty "nothing of container1 is left" "$(leftovers_of container1)"

denials=$(ausearch -m AVC -ts boot 2>/dev/null | grep 'avc:  denied' || true)
assert_contains "the audit log has badcontent's denial" "$denials" 'name="badcontent"'
assert_contains "and the shared file's, for clst-se-b" "$denials" 'name="clst-shared-a.txt"'
