# Issue 16: on the SELinux host, nothing Cloister did during the whole suite was denied: every
# AVC denial since boot that names one of Cloister's types is one the walkthrough provoked on
# purpose (a file at another sandbox's level).
source "$(dirname "$0")/../lib.sh"
[ "$KIND" = selinux ] || skip "kind $KIND: the kernel's active LSM is not SELinux"

ours=$(ausearch -m AVC,USER_AVC,SELINUX_ERR -ts boot 2>/dev/null | grep -E 'cloister_(t|sandbox_t|sandbox_file_t|exec_t)' || true)
expected='name="(badcontent|clst-shared-a\.txt)".*scontext=system_u:system_r:cloister_sandbox_t'
note "$(printf '%s\n' "$ours" | grep -cE "$expected") expected denials (the walkthrough's)"
assert_empty "no other denial of Cloister's host commands or sandboxes" "$(printf '%s\n' "$ours" | grep -vE "$expected" | grep . || true)"
