#!/bin/bash
# Smoke test of build/cloister-helper (run as root): builds a temporary root, writes a
# realistic plan by hand, and checks start --attach, detached start + execute + stop, the
# cgroup limit, cleanup, and error handling. Everything it creates is named clst-test*.
# Usage: native/tests/smoke.sh [HELPER]      (default: build/cloister-helper)
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
HELPER=${1:-$HERE/../../build/cloister-helper}
PTYRUN=$(dirname "$HELPER")/ptyrun
[ "$(id -u)" = 0 ] || { echo "smoke.sh: must run as root" >&2; exit 1; }
[ -x "$HELPER" ] || { echo "smoke.sh: $HELPER not built (make -C native)" >&2; exit 1; }
[ -x "$PTYRUN" ] || { echo "smoke.sh: $PTYRUN not built (make -C native)" >&2; exit 1; }

PASS=0 FAIL=0
ok()   { PASS=$((PASS + 1)); echo "ok   - $*"; }
bad()  { FAIL=$((FAIL + 1)); echo "FAIL - $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }

T=$(mktemp -d /tmp/clst-test.XXXXXX)
chmod 0755 "$T"
NAME=clst-test-$$
RUN=$T/run/sb
MEMCG_PARENT=/sys/fs/cgroup/memory$(awk -F: '$2=="memory"{print $3}' /proc/self/cgroup)
MEMCG=${MEMCG_PARENT%/}/$NAME
PIDSCG_PARENT=/sys/fs/cgroup/pids$(awk -F: '$2=="pids"{print $3}' /proc/self/cgroup)
PIDSCG=${PIDSCG_PARENT%/}/$NAME
V2CG=/sys/fs/cgroup/unified$(awk -F: '$1=="0"{print $3}' /proc/self/cgroup)
V2CG=${V2CG%/}/$NAME
MONPID=

cleanup() {
	if [ -n "$MONPID" ] && kill -0 "$MONPID" 2>/dev/null; then
		kill -KILL "$MONPID" 2>/dev/null
		for _ in $(seq 100); do kill -0 "$MONPID" 2>/dev/null || break; sleep 0.05; done
	fi
	for cg in "$MEMCG" "$PIDSCG" "$V2CG"; do
		[ -d "$cg" ] && for _ in $(seq 40); do rmdir "$cg" 2>/dev/null && break; sleep 0.05; done
	done
	if [ -n "${SMOKE_KEEP:-}" ]; then
		echo "smoke.sh: keeping $T (SMOKE_KEEP)" >&2
	elif grep -q "$T" /proc/self/mountinfo; then
		echo "smoke.sh: mounts left under $T, not removing it" >&2
	else
		rm -rf "$T"
	fi
}
trap cleanup EXIT

# the bytes of FILE, one character each (od -c), on one line
bytes() { od -An -c "$1" | tr -s ' \n' ' '; }

# percent-encode a field (plan-format.md: %, space, bytes < 0x21 and 0x7f)
enc() {
	local s=$1 out= c i
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		case $c in
		%) out+=%25 ;; ' ') out+=%20 ;; $'\n') out+=%0A ;; $'\t') out+=%09 ;;
		*) out+=$c ;;
		esac
	done
	printf '%s' "$out"
}

mkdir -p "$T/run" "$T/var/log" "$T/etc"
echo 'root:x:0:0:root:/root:/bin/sh' > "$T/etc/passwd"
echo 'root:x:0:' > "$T/etc/group"
echo "$NAME" > "$T/etc/hostname"
printf '\x06\x00\x00\x00\x00\x00\xff\x7f' > "$T/allow.bpf"   # BPF_RET|BPF_K SECCOMP_RET_ALLOW

# capabilities 0..40 minus module, rawio, boot, time, audit, mac, syslog, wake_alarm, ...
CAPS=0
for c in $(seq 0 40); do
	case $c in 16|17|22|25|29|30|32|33|34|35|36|37) ;; *) CAPS=$((CAPS | (1 << c))) ;; esac
done
CAPS=$(printf '0x%016x' $CAPS)
BASE=1073741824

# write_plan FILE CMD...: the exec line gets CMD
write_plan() {
	local f=$1; shift
	local exec="exec" a
	for a in "$@"; do exec+=" $(enc "$a")"; done
	cat > "$f" <<EOF
cloister-plan 1
# why: smoke test sandbox
name $NAME
run-dir $RUN
exit-file $T/exit
log-file $T/console.log
lock-file $T/lock
namespaces user,mnt,pid,uts,ipc,net,cgroup
userns 0 $BASE 65536
cgroup1 /sys/fs/cgroup/memory memory $NAME
cgroup-set /sys/fs/cgroup/memory memory.limit_in_bytes 268435456
cgroup1 /sys/fs/cgroup/pids pids $NAME
cgroup-set /sys/fs/cgroup/pids pids.max 512
cgroup-owner /sys/fs/cgroup/pids $BASE $BASE
cgroup2 /sys/fs/cgroup/unified $NAME
stop-signal 15
stop-timeout 10000
link-up lo
${EXTRA_GLOBAL:-}

root-tmpfs mode=0755,size=1m
bind /usr /usr ro,rec,idmap,nodev
symlink usr/bin /bin
symlink usr/lib /lib
symlink usr/lib64 /lib64
symlink usr/sbin /sbin
bind $T/var /var rec,idmap,nosuid,nodev
bind $T/etc /etc idmap,nosuid,nodev
tmpfs /tmp mode=1777,size=16m nosuid,nodev
tmpfs /run mode=0755,size=4m nosuid,nodev
tmpfs /dev mode=0755,size=64k nosuid,noexec
bind /dev/null /dev/null -
bind /dev/zero /dev/zero -
bind /dev/full /dev/full -
bind /dev/random /dev/random -
bind /dev/urandom /dev/urandom -
bind /dev/tty /dev/tty -
symlink pts/ptmx /dev/ptmx
symlink /proc/self/fd /dev/fd
symlink /proc/self/fd/0 /dev/stdin
symlink /proc/self/fd/1 /dev/stdout
symlink /proc/self/fd/2 /dev/stderr
mkdir /proc 0555 0 0
mkdir /sys 0555 0 0
mkdir /dev/pts 0755 0 0
mkdir /dev/mqueue 1777 0 0
mkdir /root 0700 $BASE $BASE
file /run/clst-test%20note 0644 hello%20world%0A
${EXTRA_MOUNT:-}
root-readonly

proc /proc nosuid,nodev,noexec
sysfs /sys ro,nosuid,nodev,noexec
cgroupfs /sys/fs/cgroup nosuid,nodev,noexec
devpts /dev/pts newinstance,ptmxmode=0666,mode=0620,gid=5 nosuid,noexec
mqueue /dev/mqueue nosuid,nodev,noexec
mask /proc/kcore mode=0555,nr_inodes=1 ro,nosuid,nodev,noexec
mask /proc/keys mode=0555,nr_inodes=1 ro,nosuid,nodev,noexec
mask /proc/timer_list mode=0555,nr_inodes=1 ro,nosuid,nodev,noexec
mask /proc/sched_debug mode=0555,nr_inodes=1 ro,nosuid,nodev,noexec
mask /proc/acpi mode=0555,nr_inodes=1 ro,nosuid,nodev,noexec
mask /proc/scsi mode=0555,nr_inodes=1 ro,nosuid,nodev,noexec
mask /sys/firmware mode=0555,nr_inodes=1 ro,nosuid,nodev,noexec
readonly /proc/sys
readonly /proc/sysrq-trigger
readonly /proc/bus
readonly /proc/fs
readonly /proc/irq
console /dev/console
pivot
hostname $NAME
cap-bound $CAPS
caps $CAPS
landlock-fs 0xffff
landlock-path / 0xd
landlock-path /usr 0xffff
landlock-path /var 0xffff
landlock-path /tmp 0xffff
landlock-path /run 0xffff
landlock-path /dev 0xffff
landlock-path /dev/pts 0xffff
landlock-path /proc 0xffff
landlock-scope 0x3
seccomp-load $T/allow.bpf
env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
env HOME=/root
env TERM=${TERM:-dumb}
cwd /root
$exec
EOF
}

PLAN=$T/start.plan
echo "# helper: $HELPER, temp root: $T"

# ---------- 1. start --attach ----------
write_plan "$PLAN" /bin/sh -c 'hostname; cat /proc/self/uid_map; ps -e -o pid=,comm=; touch /usr/x; echo touch=$?; mkdir /clst-x 2>&1; cat "/run/clst-test note"; echo x > /var/clst-ok && echo var-write=ok; echo x > /etc/clst-x; echo etc-write=$?; wc -c < /proc/keys; cat /proc/self/cgroup | grep memory; echo lo-flags=$(cat /sys/class/net/lo/flags); echo v2procs=$(cat /sys/fs/cgroup/cgroup.procs | tr "\n" ,); exit 7'
OUT=$("$HELPER" start "$PLAN" --attach </dev/null 2>&1); RC=$?
echo "$OUT" | sed 's/^/    | /'
check "attach: exit status 7 propagates" [ "$RC" = 7 ]
check "attach: hostname is $NAME" grep -qx "$NAME" <<<"$OUT"
check "attach: uid_map has host base $BASE" grep -Eq "^ +0 +$BASE +65536$" <<<"$OUT"
check "attach: ps shows only the sandbox (PID 1 is sh, its exec server)" bash -c '[ "$(grep -Ec "^ *[0-9]+ " <<<"$1")" -le 4 ] && grep -Eq "^ *1 sh$" <<<"$1" && grep -Eq "^ *[0-9]+ cloister-exec$" <<<"$1"' _ "$OUT"
check "attach: /usr is read-only" grep -q "touch: cannot touch '/usr/x': Read-only file system" <<<"$OUT"
check "attach: root-readonly" grep -q "mkdir: cannot create directory '/clst-x': Read-only file system" <<<"$OUT"
check "attach: file op content" grep -qx "hello world" <<<"$OUT"
check "attach: idmapped /var is writable" grep -qx "var-write=ok" <<<"$OUT"
check "attach: landlock denies writing /etc" bash -c 'grep -qx "etc-write=[12]" <<<"$1" && grep -q "/etc/clst-x: Permission denied" <<<"$1"' _ "$OUT"
check "attach: file written through idmap is owned by host root" [ "$(stat -c %u "$T/var/clst-ok" 2>/dev/null)" = 0 ]
check "attach: /proc/keys masked" grep -qx 0 <<<"$OUT"
check "attach: cgroup namespace root" grep -qx "[0-9]*:memory:/" <<<"$OUT"
check "attach: cgroupfs shows the sandbox's cgroup2 as its root" grep -Eqx "v2procs=1,([0-9]+,)+" <<<"$OUT"
check "attach: network op link-up lo" grep -qx "lo-flags=0x9" <<<"$OUT"
check "attach: exit-file" grep -Eq '^exited 7 [0-9]+$' "$T/exit"
check "attach: run-dir removed" [ ! -e "$RUN" ]
check "attach: cgroups removed" bash -c "[ ! -e '$MEMCG' ] && [ ! -e '$PIDSCG' ]"

write_plan "$PLAN" clst-test-no-such-command
OUT=$("$HELPER" start "$PLAN" --attach </dev/null 2>&1); RC=$?
check "attach: exec failure is reported with its plan line (rc $RC)" grep -q "cloister-helper: plan line [0-9]*: exec: clst-test-no-such-command not found in PATH" <<<"$OUT"
check "attach: nothing left after a failed start" bash -c "[ ! -e '$RUN' ] && [ ! -e '$MEMCG' ]"

# ---------- 2. with a terminal (pty relay) ----------
# ptyrun writes nothing into the pty, so the output must be exactly what the command wrote.
write_plan "$PLAN" /bin/sh -c 'tty; test -t 0 && echo is-a-tty; exit 5'
"$PTYRUN" -- "$HELPER" start "$PLAN" --attach >"$T/pty.out" 2>&1; RC=$?
OUT=$(bytes "$T/pty.out")
echo "    | $OUT"
check "tty: console is the controlling terminal, exactly '/dev/console' 'is-a-tty' (rc $RC)" \
	[ "$OUT" = " / d e v / c o n s o l e \r \n i s - a - t t y \r \n " ]
check "tty: exit status 5 passed on" [ "$RC" = 5 ]

# ---------- 3. detached start, execute, stop ----------
write_plan "$PLAN" /bin/sh -c 'echo clst-test-console-line; trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'
OUT=$("$HELPER" start "$PLAN" 2>&1); RC=$?
echo "    | $OUT"
check "detached: start prints 'started PID'" bash -c '[ "$1" = 0 ] && grep -Eq "^started [0-9]+$" <<<"$2"' _ "$RC" "$OUT"
INITPID=$(awk '$1=="init-pid"{print $2}' "$RUN/state" 2>/dev/null)
MONPID=$(awk '$1=="monitor-pid"{print $2}' "$RUN/state" 2>/dev/null)
check "detached: state names PID 1 ($INITPID) and monitor ($MONPID)" bash -c '[ -n "$1" ] && [ "$2" = "started $1" ] && kill -0 "$3"' _ "$INITPID" "$OUT" "$MONPID"
check "detached: memory limit applied" [ "$(cat "$MEMCG/memory.limit_in_bytes" 2>/dev/null)" = 268435456 ]
check "detached: pids.max applied" [ "$(cat "$PIDSCG/pids.max" 2>/dev/null)" = 512 ]
check "detached: PID 1 is in the cgroups" bash -c 'grep -qx "$1" "$2/cgroup.procs" && grep -qx "$1" "$3/cgroup.procs"' _ "$INITPID" "$MEMCG" "$V2CG"
check "detached: cgroup-owner" [ "$(stat -c %u "$PIDSCG/cgroup.procs")" = $BASE ]
OUT=$("$HELPER" start "$PLAN" 2>&1); RC=$?
check "detached: second start says already running" bash -c '[ "$1" = 1 ] && grep -q "already running" <<<"$2"' _ "$RC" "$OUT"
OUT=$("$HELPER" execute "$PLAN" -- /bin/sh -c 'hostname; ps -e -o pid=,comm=; id -u; kill -0 1 && echo signal-ok; exit 3' </dev/null 2>&1); RC=$?
echo "$OUT" | sed 's/^/    | /'
check "execute: exit code 3 propagates" [ "$RC" = 3 ]
check "execute: hostname" grep -qx "$NAME" <<<"$OUT"
check "execute: ps shows PID 1 of the sandbox" grep -Eq "^ *1 sh$" <<<"$OUT"
check "execute: runs as root of the sandbox" grep -qx 0 <<<"$OUT"
check "execute: may signal PID 1 (no landlock scope)" grep -qx signal-ok <<<"$OUT"
"$HELPER" execute "$PLAN" -- sleep 30 </dev/null >/dev/null 2>&1 &
EXECPID=
for _ in $(seq 100); do
	EXECPID=$(ps -eo pid=,args= | awk '$2 == "sleep" && $3 == "30" {print $1; exit}')
	[ -n "$EXECPID" ] && break
	sleep 0.05
done
check "execute: the command is in the sandbox's v1 and v2 cgroups" bash -c 'grep -qx "$1" "$2/cgroup.procs" && grep -qx "$1" "$3/cgroup.procs"' _ "$EXECPID" "$MEMCG" "$V2CG"
[ -n "$EXECPID" ] && kill "$EXECPID" 2>/dev/null
wait
OUT=$("$HELPER" execute "$PLAN" -- clst-test-nope 2>&1); RC=$?
check "execute: missing command gives 127 and a message" bash -c '[ "$1" = 127 ] && grep -q "not found in PATH" <<<"$2"' _ "$RC" "$OUT"
"$PTYRUN" -- "$HELPER" execute "$PLAN" -- /bin/sh -c 'tty; exit 4' >"$T/pty.out" 2>&1; RC=$?
OUT=$(bytes "$T/pty.out")
check "execute --tty: exactly '/dev/pts/0', the sandbox's own devpts (got '$OUT')" [ "$OUT" = " / d e v / p t s / 0 \r \n " ]
check "execute --tty: exit status 4 passed on" [ "$RC" = 4 ]
# A byte the relay added would show at any moment: many runs, with both cores kept busy.
BUSY=()
for _ in 1 2; do (while :; do :; done) & BUSY+=($!); done
EXACT=0 RUNS=40 LAST=
for _ in $(seq $RUNS); do
	"$PTYRUN" -- "$HELPER" execute "$PLAN" -- printf abc >"$T/pty.out" 2>&1
	LAST=$(bytes "$T/pty.out")
	[ "$LAST" = " a b c " ] && EXACT=$((EXACT + 1))
done
kill "${BUSY[@]}"
wait "${BUSY[@]}" 2>/dev/null
check "execute --tty under load: $EXACT of $RUNS runs of 'printf abc' gave exactly 'abc' (last: '$LAST')" [ "$EXACT" = "$RUNS" ]
RSS=$(awk '/VmRSS/{print $2}' /proc/$MONPID/status)
check "monitor RSS ${RSS} KiB < 2048" [ "${RSS:-99999}" -lt 2048 ]

# timings
if [ -n "$INITPID" ]; then
	t0=$(date +%s%N)
	for _ in $(seq 20); do "$HELPER" execute "$PLAN" -- /bin/true; done
	t1=$(date +%s%N)
	for _ in $(seq 20); do nsenter -a -t "$INITPID" /bin/true; done
	t2=$(date +%s%N)
	echo "# timing: execute /bin/true: $(( (t1 - t0) / 20000 )) us/run; nsenter -a: $(( (t2 - t1) / 20000 )) us/run"
fi

kill -TERM "$MONPID"
for _ in $(seq 100); do kill -0 "$MONPID" 2>/dev/null || break; sleep 0.05; done
check "stop: monitor exited on SIGTERM" bash -c '! kill -0 "$1" 2>/dev/null' _ "$MONPID"
check "stop: PID 1 gone" bash -c '! kill -0 "$1" 2>/dev/null' _ "$INITPID"
check "stop: exit-file 'exited 0'" grep -Eq '^exited 0 [0-9]+$' "$T/exit"
check "stop: console went to the log" grep -q clst-test-console-line "$T/console.log"
check "stop: no cgroup dirs" bash -c "[ ! -e '$MEMCG' ] && [ ! -e '$PIDSCG' ] && [ ! -e '$V2CG' ]"
check "stop: no run-dir" [ ! -e "$RUN" ]
check "stop: no mounts" bash -c "! grep -q '$T' /proc/self/mountinfo"
check "stop: no processes in the sandbox's user namespace" bash -c "! ps -e -o uid= | grep -qx ' *$BASE'"
MONPID=

# ---------- 4. stale state of a killed monitor ----------
write_plan "$PLAN" /bin/sh -c 'while :; do sleep 1; done'
"$HELPER" start "$PLAN" >/dev/null 2>&1
MONPID=$(awk '$1=="monitor-pid"{print $2}' "$RUN/state" 2>/dev/null)
kill -KILL "$MONPID"; for _ in $(seq 100); do kill -0 "$MONPID" 2>/dev/null || break; sleep 0.02; done
OUT=$("$HELPER" start "$PLAN" 2>&1); RC=$?
check "stale: start after a killed monitor succeeds" bash -c '[ "$1" = 0 ]' _ "$RC"
MONPID=$(awk '$1=="monitor-pid"{print $2}' "$RUN/state" 2>/dev/null)
INITPID=$(awk '$1=="init-pid"{print $2}' "$RUN/state" 2>/dev/null)
kill -KILL "$MONPID" 2>/dev/null
for _ in $(seq 100); do kill -0 "$INITPID" 2>/dev/null || break; sleep 0.02; done
check "stale: PID 1 dies with its monitor (PDEATHSIG)" bash -c '! kill -0 "$1" 2>/dev/null' _ "$INITPID"
OUT=$("$HELPER" stop "$PLAN" 2>&1); RC=$?
check "stale: stop cleans up after the killed monitor" bash -c '[ "$1" = 0 ] && grep -q "its monitor had been killed: cleaned up after it" <<<"$2"' _ "$RC" "$OUT"
check "stale: no run-dir, no cgroups left" bash -c "[ ! -e '$RUN' ] && [ ! -e '$MEMCG' ] && [ ! -e '$PIDSCG' ] && [ ! -e '$V2CG' ]"
check "stale: the exit record says the status is lost" grep -Eq '^lost [0-9]+$' "$T/exit"
MONPID=

# ---------- 5. PID 1 killed from the host ----------
write_plan "$PLAN" /bin/sleep 100
"$HELPER" start "$PLAN" >/dev/null 2>&1
MONPID=$(awk '$1=="monitor-pid"{print $2}' "$RUN/state" 2>/dev/null)
INITPID=$(awk '$1=="init-pid"{print $2}' "$RUN/state" 2>/dev/null)
[ -n "$INITPID" ] && kill -KILL "$INITPID"
for _ in $(seq 100); do kill -0 "$MONPID" 2>/dev/null || break; sleep 0.02; done
check "kill: exit-file records the signal" grep -Eq '^signaled 9 [0-9]+$' "$T/exit"
check "kill: no run-dir, no cgroup" bash -c "[ ! -e '$RUN' ] && [ ! -e '$MEMCG' ]"
MONPID=

# ---------- 5b. stop's timeout is the plan's (the helper has none) ----------
# sleep as PID 1 has no handler: the stop signal does nothing, only the SIGKILL after the timeout
write_plan "$PLAN" /bin/sleep 100
sed -i 's/^stop-timeout .*/stop-timeout 300/' "$PLAN"
"$HELPER" start "$PLAN" >/dev/null 2>&1
t0=$(date +%s%N); OUT=$("$HELPER" stop "$PLAN" 2>&1); RC=$?; MS=$(( ($(date +%s%N) - t0) / 1000000 ))
check "stop-timeout: 'stopped', SIGKILL after the plan's 300 ms (took $MS ms)" bash -c \
	'[ "$1" = 0 ] && [ "$2" = "stopped $3" ] && [ "$4" -ge 300 ] && [ "$4" -lt 5000 ]' _ "$RC" "$OUT" "$NAME" "$MS"
check "stop-timeout: exit-file records the SIGKILL" grep -Eq '^signaled 9 [0-9]+$' "$T/exit"
sed -i '/^stop-timeout /d' "$PLAN"
"$HELPER" start "$PLAN" >/dev/null 2>&1
OUT=$("$HELPER" stop "$PLAN" 2>&1); RC=$?
check "stop-timeout: a plan without one needs TIMEOUT-MS" bash -c '[ "$1" = 1 ] && grep -q "the plan has no stop-timeout line" <<<"$2"' _ "$RC" "$OUT"
OUT=$("$HELPER" stop "$PLAN" 0 2>&1); RC=$?
check "stop-timeout: TIMEOUT-MS given, it stops" bash -c '[ "$1" = 0 ] && [ "$2" = "stopped $3" ] && [ ! -e "$4" ]' _ "$RC" "$OUT" "$NAME" "$RUN"

# a failed ready check stops the sandbox the same way (it used to wait for PID 1 forever)
EXTRA_GLOBAL="ready-check /bin/false"
write_plan "$PLAN" /bin/sleep 100
EXTRA_GLOBAL=
sed -i 's/^stop-timeout .*/stop-timeout 300/' "$PLAN"
OUT=$(timeout 20 "$HELPER" start "$PLAN" 2>&1); RC=$?
check "stop-timeout: a failed ready check stops PID 1 after it" bash -c \
	'[ "$1" = 1 ] && grep -q "ready check failed" <<<"$2" && [ ! -e "$3" ]' _ "$RC" "$OUT" "$RUN"

# ---------- 6. sd_notify: READY=1 from PID 1, and to our own supervisor ----------
if [ -x /usr/bin/python3 ]; then
NOTIFY_SEND='import socket; s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.sendto(b"STATUS=x\nREADY=1\n", "/run/clst-notify")'
EXTRA_GLOBAL="notify-socket $RUN/notify
notify-timeout 2"
EXTRA_MOUNT="bind $RUN/notify /run/clst-notify -"
write_plan "$PLAN" /bin/sh -c "sleep 0.3; /usr/bin/python3 -c '$NOTIFY_SEND'; exec sleep 100"
python3 - "$T/sup.sock" "$T/sup.out" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sys.argv[1]); s.settimeout(10)
open(sys.argv[2], "wb").write(s.recv(4096))
PY
SUP=$!
for _ in $(seq 50); do [ -S "$T/sup.sock" ] && break; sleep 0.05; done
t0=$(date +%s%N)
OUT=$(NOTIFY_SOCKET=$T/sup.sock "$HELPER" start "$PLAN" 2>&1); RC=$?
t1=$(date +%s%N)
wait $SUP
MONPID=$(awk '$1=="monitor-pid"{print $2}' "$RUN/state" 2>/dev/null)
INITPID=$(awk '$1=="init-pid"{print $2}' "$RUN/state" 2>/dev/null)
check "notify: start waits for READY=1 ($(( (t1 - t0) / 1000000 )) ms, rc $RC)" bash -c '[ "$1" = 0 ] && [ "$2" -ge 300 ]' _ "$RC" "$(( (t1 - t0) / 1000000 ))"
check "notify: READY=1 and MAINPID=monitor sent to our NOTIFY_SOCKET" bash -c 'grep -qx "READY=1" "$1" && grep -qx "MAINPID=$2" "$1"' _ "$T/sup.out" "$MONPID"
[ -n "$INITPID" ] && kill -KILL "$INITPID"
for _ in $(seq 100); do kill -0 "$MONPID" 2>/dev/null || break; sleep 0.02; done
check "notify: socket and run-dir removed" [ ! -e "$RUN" ]
MONPID=
write_plan "$PLAN" /bin/sleep 100
OUT=$("$HELPER" start "$PLAN" 2>&1); RC=$?
check "notify: no READY=1 within notify-timeout fails the start" bash -c '[ "$1" = 1 ] && grep -q "notify-socket: PID 1 did not send READY=1 within 2 s" <<<"$2"' _ "$RC" "$OUT"
check "notify: nothing left after the timeout" bash -c "[ ! -e '$RUN' ] && [ ! -e '$MEMCG' ] && ! ps -e -o uid= | grep -qx ' *$BASE'"
write_plan "$PLAN" /bin/sh -c 'exit 3'
OUT=$("$HELPER" start "$PLAN" 2>&1); RC=$?
check "notify: PID 1 exiting before READY=1 fails the start" bash -c '[ "$1" = 1 ] && grep -q "PID 1 exited with status 3 before READY=1" <<<"$2"' _ "$RC" "$OUT"
EXTRA_GLOBAL= EXTRA_MOUNT=
else
	echo "# skipped: sd_notify tests need /usr/bin/python3"
fi

# ---------- 7. plan validation ----------
printf 'cloister-plan 1\nbogus-op x\n' > "$T/bad.plan"
OUT=$("$HELPER" start "$T/bad.plan" 2>&1); RC=$?
check "parse: unknown op names its line" bash -c '[ "$1" = 1 ] && grep -q "plan line 2: unknown op" <<<"$2"' _ "$RC" "$OUT"
sed 's|^bind /usr /usr |bind /bin /usr |' "$PLAN" > "$T/bad2.plan"
OUT=$("$HELPER" start "$T/bad2.plan" --attach </dev/null 2>&1); RC=$?
check "mount: a symlink in SRC is refused" grep -q "bind: open source /bin: Too many levels of symbolic links" <<<"$OUT"
check "mount: nothing left after the refused start" bash -c "[ ! -e '$RUN' ] && [ ! -e '$MEMCG' ]"

# ---------- 8. copy-tree ----------
SRC=$T/copy-src
mkdir -p "$SRC/conf.d" "$SRC/private" "$SRC/certs"
echo public > "$SRC/conf.d/app.conf"; echo secret > "$SRC/private/key"; echo hash > "$SRC/shadow"
echo ca > "$SRC/certs/ca.pem"
chmod 0700 "$SRC/private"; chmod 0640 "$SRC/shadow"; chmod 2755 "$SRC/conf.d"
chown 1234:5678 "$SRC/conf.d/app.conf"; touch -d 2001-02-03 "$SRC/conf.d/app.conf"
ln -s /etc/hostname "$SRC/link"; mkfifo "$SRC/fifo"
"$HELPER" copy-tree --world-readable --empty certs "$SRC" "$T/copy-dst"; RC=$?
check "copy-tree: exit 0" [ "$RC" = 0 ]
check "copy-tree: content, owner and mtime kept" bash -c '[ "$(cat "$1/conf.d/app.conf")" = public ] && [ "$(stat -c %u:%g:%Y "$1/conf.d/app.conf")" = "1234:5678:$(date -d 2001-02-03 +%s)" ]' _ "$T/copy-dst"
check "copy-tree: directory mode with setgid kept" [ "$(stat -c %a "$T/copy-dst/conf.d")" = 2755 ]
check "copy-tree: link copied as a link" [ "$(readlink "$T/copy-dst/link")" = /etc/hostname ]
check "copy-tree: --world-readable leaves secrets out" bash -c '[ ! -e "$1/private" ] && [ ! -e "$1/shadow" ]' _ "$T/copy-dst"
check "copy-tree: --empty keeps the directory, not its content" bash -c '[ -d "$1/certs" ] && [ -z "$(ls -A "$1/certs")" ]' _ "$T/copy-dst"
check "copy-tree: fifo skipped" [ ! -e "$T/copy-dst/fifo" ]
OUT=$("$HELPER" copy-tree "$SRC" "$T/no/such/dir" 2>&1); RC=$?
check "copy-tree: a failure names what failed" bash -c '[ "$1" = 1 ] && grep -q "copy-tree: creating" <<<"$2"' _ "$RC" "$OUT"
"$HELPER" copy-tree --bogus "$SRC" "$T/copy-dst2" 2>/dev/null; RC=$?
check "copy-tree: unknown option is a usage error" [ "$RC" = 2 ]

# ---------- 9. start --attach timing ----------
write_plan "$PLAN" /bin/true
if [ -n "${SMOKE_STRACE:-}" ]; then
	strace -f -tt -T -o "$SMOKE_STRACE" "$HELPER" start "$PLAN" --attach </dev/null
fi
t0=$(date +%s%N)
for _ in $(seq 20); do "$HELPER" start "$PLAN" --attach </dev/null || bad "start /bin/true"; done
t1=$(date +%s%N)
echo "# timing: start --attach /bin/true: $(( (t1 - t0) / 20000 )) us/run"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
