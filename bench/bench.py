#!/usr/bin/env python3
"""Cloister benchmarks against systemd-nspawn, crun, runc, bubblewrap and LXC.

Every comparison is measured ALTERNATELY: each iteration runs every command of the group once,
in an order rotated per iteration, with a fixed idle gap between commands, so that drift (other
load, page cache, RCU state) hits ours and the peers alike. Per-iteration times are kept in the
JSON. Run through bench/run (installs peers); writes bench/results/{results.json,results.md}.
"""
import argparse
import ctypes
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLOISTER = os.path.join(REPO, "bin", "cloister")   # replaced by the snapshot's copy in Bench.snapshot()
HELPER = os.path.join(REPO, "build", "cloister-helper")
RESULTS = os.path.join(REPO, "bench", "results")
PREFIX = "clstbench"          # every host-visible object we make starts with this (or "clbn")
NET_NAME = "bn"               # cloister network for the bench: bridge clstbn
NET_SUBNET = "10.232.0.0/22"  # cloister sandboxes of the bench
NS_SUBNET = "10.233.0"        # nspawn veths: 10.233.0.(4k+1)/30 host, .(4k+2)/30 container

libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNS = 0x00020000


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class PeerCgroup:
    """A cgroup of our own in every hierarchy, beneath the runner's own cgroup, for peers that
    create cgroups next to their caller's: systemd-nspawn makes payload/ and supervisor/ there and
    chowns them to its -U range (a second nspawn from the same cgroup then fails with "Failed to
    create /init.scope control group: Permission denied"), lxc makes lxc.pivot/. The runner moves
    itself in before t0 (the migration is never timed) and back after t1."""

    def __init__(self, rel):
        self.dirs, self.own = [], []
        mounts = {}
        for line in open("/proc/self/mountinfo"):
            f = line.split()
            sep = f.index("-")
            fstype, opts = f[sep + 1], f[sep + 3].split(",")
            if fstype == "cgroup2":
                mounts["0:"] = f[4]
            elif fstype == "cgroup":
                for o in opts:
                    if o in ("rw", "ro", "relatime", "nosuid", "nodev", "noexec") or o.startswith("release_agent"):
                        continue
                    mounts.setdefault(o, f[4])
        for line in open("/proc/self/cgroup"):
            hid, ctrls, path = line.rstrip("\n").split(":", 2)
            key = "0:" if hid == "0" else ctrls.split(",")[0]
            mp = mounts.get(key)
            if not mp or not os.path.isdir(mp + path):
                continue
            self.own.append(os.path.normpath(mp + path))
            d = os.path.normpath(f"{mp}{path}/{rel}")
            os.makedirs(d, exist_ok=True)
            if "cpuset" in ctrls.split(","):
                for k in ("cpuset.cpus", "cpuset.mems"):
                    open(f"{d}/{k}", "w").write(open(f"{mp}{path}/{k}").read())
            self.dirs.append(d)

    def child(self, name):
        c = PeerCgroup.__new__(PeerCgroup)
        c.own, c.dirs = self.own, []
        for d in self.dirs:
            os.makedirs(f"{d}/{name}", exist_ok=True)
            if os.path.exists(f"{d}/cpuset.cpus"):
                for k in ("cpuset.cpus", "cpuset.mems"):
                    open(f"{d}/{name}/{k}", "w").write(open(f"{d}/{k}").read())
            c.dirs.append(f"{d}/{name}")
        return c

    @staticmethod
    def _move(dirs):
        for d in dirs:
            with open(f"{d}/cgroup.procs", "w") as f:
                f.write(str(os.getpid()))

    def enter(self):
        self._move(self.dirs)

    def leave(self):
        self._move(self.own)

    def remove(self):
        for d in self.dirs:
            for sub, _, _ in sorted(os.walk(d), key=lambda w: -w[0].count("/")):
                for _ in range(50):
                    try:
                        os.rmdir(sub)
                        break
                    except FileNotFoundError:
                        break
                    except OSError:
                        time.sleep(0.05)


class Bench:
    def __init__(self, args):
        self.args = args
        self.quick = args.quick
        # Beside /var/lib (where cloister keeps trees), not in /tmp: on the reference VM, creating
        # a file or symlink anywhere under /tmp takes 0.4-0.8 ms against ~20 us under /var.
        self.root = tempfile.mkdtemp(prefix=f"{PREFIX}-", dir=os.environ.get("BENCH_DIR", "/var/tmp"))
        os.chmod(self.root, 0o755)   # user-namespaced peers (runc) must traverse to their rootfs
        self.work = os.path.join(self.root, "work")
        os.makedirs(self.work)
        self.env = dict(os.environ, CLOISTER_ROOT=os.path.join(self.root, "cl"))
        os.makedirs(self.env["CLOISTER_ROOT"])
        self.errlog = open(os.path.join(self.work, "stderr.log"), "ab")
        self.devnull = os.open("/dev/null", os.O_RDWR)
        self.sandboxes = []      # cloister names created
        self.nspawn_procs = {}   # machine -> Popen
        self.ns_cg, self.ns_t0 = {}, {}
        self.ns_links = set()
        self.crun_ns = None      # fd of the mount namespace crun/runc run in
        self.peers = {}          # name -> reason skipped (None when usable)
        self.results = {"meta": {}, "sections": []}
        self.net_created = False

    # ---------------------------------------------------------------- process helpers
    def sh(self, argv, check=True, env=None, timeout=120, **kw):
        r = subprocess.run(argv, env=env or self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout, text=True, **kw)
        if check and r.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)}: exit {r.returncode}: {r.stderr.strip()[-400:]}")
        return r

    def cl(self, *a, check=True, timeout=120):
        return self.sh([CLOISTER, *a], check=check, timeout=timeout)

    def timed(self, argv, mntns=None, gap=0.0):
        """Run argv once (stdin/stdout /dev/null, stderr to the log) after `gap` idle seconds;
        return (ms, exit code). mntns: a mount namespace fd (crun/runc), or a PeerCgroup."""
        fa = [(os.POSIX_SPAWN_DUP2, self.devnull, 0), (os.POSIX_SPAWN_DUP2, self.devnull, 1),
              (os.POSIX_SPAWN_DUP2, self.errlog.fileno(), 2)]
        cg = None
        if isinstance(mntns, PeerCgroup):
            cg, mntns = mntns, None
            cg.enter()
        time.sleep(gap)
        if mntns is not None:
            self.setns(mntns)
        try:
            t0 = time.perf_counter_ns()
            pid = os.posix_spawnp(argv[0], argv, self.env, file_actions=fa)
            _, st = os.waitpid(pid, 0)
            t1 = time.perf_counter_ns()
        finally:
            if mntns is not None:
                self.setns(self.own_ns)
            if cg is not None:
                cg.leave()
        return (t1 - t0) / 1e6, os.waitstatus_to_exitcode(st)

    def setns(self, fd):
        if libc.setns(fd, CLONE_NEWNS) != 0:
            raise OSError(ctypes.get_errno(), "setns")
        os.chdir(self.work)

    def snapshot(self):
        """Benchmark a private copy of the build (bin/cloister, the helper, the jar and an AOT cache
        trained for the copy, as `make aot` does): a rebuild of the checkout during the run cannot
        change what is measured half-way."""
        global CLOISTER, HELPER
        home = os.path.join(self.root, "home")
        for rel in ("bin/cloister", "build/cloister-helper", "target/cloister.jar"):
            os.makedirs(os.path.dirname(os.path.join(home, rel)), exist_ok=True)
            shutil.copy2(os.path.join(REPO, rel), os.path.join(home, rel))
        java = os.environ.get("CLOISTER_JAVA", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
        tmp = tempfile.mkdtemp(prefix=f"{PREFIX}-train-", dir=self.root)
        r = subprocess.run([java, f"-XX:AOTCacheOutput={home}/target/cloister.aot", "-Xlog:aot=off", "-Xlog:cds=off",
                            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "--enable-native-access=ALL-UNNAMED",
                            "-cp", f"{home}/target/cloister.jar", "dev.cloister.cli.Training"],
                           env=dict(os.environ, CLOISTER_ROOT=tmp), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(tmp, ignore_errors=True)
        if r.returncode != 0:
            log("AOT training of the snapshot failed: JVM rows run without the AOT cache")
        self.results["meta"]["aot_cache"] = r.returncode == 0
        CLOISTER = os.path.join(home, "bin", "cloister")
        HELPER = os.path.join(home, "build", "cloister-helper")
        self.env.update(CLOISTER_HOME=home, CLOISTER_HELPER=HELPER)

    # ---------------------------------------------------------------- statistics
    @staticmethod
    def stats(xs):
        if not xs:
            return None
        s = sorted(xs)

        def pct(p):
            k = (len(s) - 1) * p
            f = int(k)
            c = min(f + 1, len(s) - 1)
            return s[f] + (s[c] - s[f]) * (k - f)
        return {"n": len(s), "median": round(statistics.median(s), 3), "p10": round(pct(0.1), 3),
                "p90": round(pct(0.9), 3), "mean": round(statistics.fmean(s), 3),
                "stdev": round(statistics.stdev(s), 3) if len(s) > 1 else 0.0,
                "min": round(s[0], 3), "max": round(s[-1], 3)}

    def alternate(self, cmds, n, warmup=2, gap=0.1):
        """cmds: list of (label, argv or callable returning ms, mntns). Rotated order per iteration."""
        samples = {c[0]: [] for c in cmds}
        fails = {c[0]: 0 for c in cmds}
        for i in range(warmup + n):
            k = i % len(cmds)
            for label, what, ns in cmds[k:] + cmds[:k]:
                if callable(what):
                    time.sleep(gap)
                    ms = what()
                    rc = 0 if ms is not None else 1
                else:
                    ms, rc = self.timed(what, ns, gap)
                if rc != 0:
                    fails[label] += 1
                    if fails[label] == 1:
                        log(f"  {label}: exit {rc} (see {self.errlog.name})")
                    continue
                if i >= warmup:
                    samples[label].append(ms)
        return samples, fails

    def section(self, key, title, unit, rows, notes=None, extra=None):
        self.results["sections"].append({"key": key, "title": title, "unit": unit, "rows": rows,
                                          "notes": notes or [], "extra": extra or {}})
        self.save()

    def pair_rows(self, samples, fails, ours, peers, prefix=""):
        rows = []
        o = self.stats(samples.get(ours, []))
        for p in peers:
            if p not in samples:
                continue
            ps = self.stats(samples[p])
            ratio = round(o["median"] / ps["median"], 2) if o and ps else None
            rows.append({"ours": prefix + ours, "peer": p, "ours_stats": o, "peer_stats": ps,
                         "ratio": ratio, "ours_fail": fails.get(ours, 0), "peer_fail": fails.get(p, 0),
                         "ours_samples": [round(x, 3) for x in samples[ours]],
                         "peer_samples": [round(x, 3) for x in samples[p]]})
        return rows

    # ---------------------------------------------------------------- setup
    def versions(self):
        def first(argv):
            try:
                r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=10)
                return r.stdout.strip().splitlines()[0] if r.stdout.strip() else "?"
            except Exception as e:  # noqa: BLE001
                return f"unavailable ({e.__class__.__name__})"
        commit = self.sh(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], check=False).stdout.strip()
        dirty = self.sh(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"], check=False).stdout.strip()
        cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
        mem = next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))
        java = os.environ.get("CLOISTER_JAVA", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
        self.results["meta"] = {
            "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "quick": self.quick,
            "kernel": platform.release(), "cpu": cpu, "cpus": os.cpu_count(), "mem_kib": int(mem),
            "os": next((l.split("=", 1)[1].strip().strip('"') for l in open("/etc/os-release") if l.startswith("PRETTY_NAME")), "?"),
            "loadavg_start": open("/proc/loadavg").read().split()[:3],
            "cloister_commit": commit + ("-dirty" if dirty else ""),
            "java": first([java, "-version"]),
            "peers": {"systemd-nspawn": first(["systemd-nspawn", "--version"]), "crun": first(["crun", "--version"]),
                      "runc": first(["runc", "--version"]), "bwrap": first(["bwrap", "--version"]),
                      "lxc-execute": first(["lxc-execute", "--version"]), "nsenter": first(["nsenter", "--version"]),
                      "podman": first(["podman", "--version"]),
                      "hyperfine": first(["hyperfine", "--version"]), "apache2": first(["apache2ctl", "-v"])},
            "cgroups": "hybrid (v1 + unified)" if os.path.isdir("/sys/fs/cgroup/unified") else "v2" if os.path.exists("/sys/fs/cgroup/cgroup.controllers") else "v1",
        }

    def make_min_rootfs(self):
        """The comparable generic tree: empty mount points and host /usr bound read-only, like
        cloister's root (read-only, /usr shared, /bin etc. as symlinks into /usr)."""
        rf = os.path.join(self.work, "bundle", "rootfs")
        for d in ("usr", "proc", "dev", "sys", "tmp", "etc", "run"):
            os.makedirs(os.path.join(rf, d), exist_ok=True)
        for l in ("bin", "lib", "lib64", "sbin"):
            if os.path.exists("/" + l) or os.path.islink("/" + l):
                os.symlink("usr/" + l, os.path.join(rf, l))
        os.makedirs(os.path.join(rf, "usr", "lib"), exist_ok=True)   # hidden by the /usr bind
        shutil.copy("/usr/lib/os-release", os.path.join(rf, "usr", "lib", "os-release"))  # nspawn's OS check
        return rf

    def setup_oci(self, rf):
        """crun/runc bundle: the runtime's own default spec + user and cgroup namespaces (as cloister
        has), /usr bound read-only, read-only root, /bin/true."""
        bundle = os.path.dirname(rf)
        tool = "crun" if shutil.which("crun") else "runc" if shutil.which("runc") else None
        if not tool:
            return
        self.sh([tool, "spec"], cwd=bundle)
        cfg = json.load(open(os.path.join(bundle, "config.json")))
        cfg["process"]["terminal"] = False
        cfg["process"]["args"] = ["/bin/true"]
        cfg["root"]["readonly"] = True
        cfg["mounts"].append({"destination": "/usr", "type": "bind", "source": "/usr", "options": ["rbind", "ro"]})
        cfg["linux"]["namespaces"] += [{"type": "user"}, {"type": "cgroup"}]
        base = 0x76000000
        cfg["linux"]["uidMappings"] = [{"containerID": 0, "hostID": base, "size": 65536}]
        cfg["linux"]["gidMappings"] = [{"containerID": 0, "hostID": base, "size": 65536}]
        json.dump(cfg, open(os.path.join(bundle, "config.json"), "w"), indent=1)

    def setup_crun_mntns(self):
        """crun 1.8.1 refuses any container on a hybrid host whose unified hierarchy offers a
        controller ("cgroups in hybrid mode not supported, drop all controllers from cgroupv2"),
        whatever --cgroup-manager says: libcrun_cgroup_enter reads
        /sys/fs/cgroup/unified/cgroup.controllers before choosing the manager. We run crun and runc
        (only them) in a private mount namespace where an empty file is bound over that file; their
        v1 cgroups are real (cgroupfs manager). The runner setns()es there before t0."""
        ctl = "/sys/fs/cgroup/unified/cgroup.controllers"
        self.own_ns = os.open("/proc/self/ns/mnt", os.O_RDONLY)
        if not os.path.exists(ctl) or not open(ctl).read().strip():
            return
        empty = os.path.join(self.work, "empty-controllers")
        open(empty, "w").close()
        p = subprocess.Popen(["unshare", "-m", "--propagation", "private", "sh", "-c",
                              f"mount --bind {empty} {ctl} && echo ok && exec sleep 100000"],
                             stdout=subprocess.PIPE, text=True)
        if p.stdout.readline().strip() != "ok":
            p.kill()
            p.wait()
            log("could not mask cgroup.controllers for crun: crun/runc skipped")
            return
        self.crun_ns = os.open(f"/proc/{p.pid}/ns/mnt", os.O_RDONLY)
        p.kill()
        p.wait()
        self.results["meta"]["crun_workaround"] = (
            "crun/runc run in a private mount namespace with an empty file bound over "
            "/sys/fs/cgroup/unified/cgroup.controllers (crun 1.8.1 refuses hybrid hosts whose unified "
            "hierarchy offers a controller; here: " + open(ctl).read().strip() + "). cgroupfs manager, v1 cgroups.")

    def probe(self, name, argv, ns=None):
        try:
            ms, rc = self.timed(argv, ns)
        except Exception as e:  # noqa: BLE001
            rc = f"{e}"
        if rc == 0:
            self.peers[name] = None
            return True
        self.peers[name] = f"probe failed: exit {rc}"
        log(f"peer {name} skipped: {argv[0]} exit {rc} (see {self.errlog.name})")
        return False

    # ---------------------------------------------------------------- cloister helpers
    def create(self, name, *opts, cmd=()):
        t0 = time.perf_counter()
        self.cl("create", *opts, name, *(("--", *cmd) if cmd else ()), timeout=300)
        self.sandboxes.append(name)
        return (time.perf_counter() - t0) * 1000

    def info(self, name):
        for s in json.loads(self.cl("list", "--json").stdout):
            if s["name"] == name:
                return s
        return None

    def run_dir(self, name):
        return os.path.join(self.env["CLOISTER_ROOT"], "run", "cloister", name)

    def cl_state(self, name):
        st = {}
        try:
            for line in open(os.path.join(self.run_dir(name), "state")):
                k, _, v = line.strip().partition(" ")
                st.setdefault(k, v)
        except OSError:
            return None
        return st

    def cl_stop(self, names, timeout=20):
        procs = [subprocess.Popen([CLOISTER, "stop", "--timeout", "10", n], env=self.env,
                                  stdout=subprocess.DEVNULL, stderr=self.errlog) for n in names]
        for p in procs:
            p.wait()
        end = time.time() + timeout
        while time.time() < end and any(os.path.exists(self.run_dir(n)) for n in names):
            time.sleep(0.02)

    # ---------------------------------------------------------------- nspawn helpers
    def ns_tree(self, src, dst):
        """An nspawn tree equivalent to a cloister service sandbox: the sandbox's own
        /etc /var /root /home (copied), host /usr bound read-only (idmapped) at run time."""
        shutil.copytree(src, dst, symlinks=True)
        os.chmod(dst, 0o755)  # a container's / (cloister keeps the tree's directory 0700 on the host)
        for d in ("usr/lib", "dev", "proc", "sys", "run", "tmp"):
            os.makedirs(os.path.join(dst, d), exist_ok=True)
        shutil.copy("/usr/lib/os-release", os.path.join(dst, "usr", "lib", "os-release"))  # hidden by /usr
        for l in ("bin", "lib", "lib64", "sbin"):
            if not os.path.lexists(os.path.join(dst, l)):
                os.symlink("usr/" + l, os.path.join(dst, l))

    def ns_start(self, machine, tree):
        argv = ["systemd-nspawn", "-q", "-b", "-U", "--register=no", "--keep-unit", "--network-veth",
                "-M", machine, "-D", tree, "--bind-ro=/usr:/usr:idmap", "--console=passive"]
        cg = self.peer_cg.child(machine)
        self.ns_cg[machine] = cg
        cg.enter()
        try:
            self.ns_t0[machine] = time.perf_counter()
            p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self.errlog, stderr=self.errlog,
                                 start_new_session=True)
        finally:
            cg.leave()
        self.nspawn_procs[machine] = p
        self.ns_links.add("ve-" + machine)
        return p

    @staticmethod
    def children(pid):
        try:
            return [int(x) for x in open(f"/proc/{pid}/task/{pid}/children").read().split()]
        except OSError:
            return []

    def ns_net(self, machine, idx):
        """Give nspawn's veth addresses (nspawn leaves ve-NAME down: networkd would do it). Returns
        the container address once configured, None while the container is not there yet."""
        p = self.nspawn_procs[machine]
        kids = self.children(p.pid)
        if not kids or not os.path.exists(f"/sys/class/net/ve-{machine}"):
            return None
        c = kids[0]
        host, cont = f"{NS_SUBNET}.{4 * idx + 1}", f"{NS_SUBNET}.{4 * idx + 2}"
        ok = subprocess.run(["sh", "-c", f"ip addr replace {host}/30 dev ve-{machine} && ip link set ve-{machine} up && "
                             f"nsenter -t {c} -n ip addr replace {cont}/30 dev host0 && nsenter -t {c} -n ip link set host0 up"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
        return cont if ok else None

    def ns_stop(self, machines, timeout=30):
        for m in machines:
            p = self.nspawn_procs.get(m)
            if p and p.poll() is None:
                p.send_signal(signal.SIGTERM)   # nspawn: SIGRTMIN+3 to the container's systemd (halt)
        end = time.time() + timeout
        for m in machines:
            p = self.nspawn_procs.get(m)
            if not p:
                continue
            try:
                p.wait(max(0.1, end - time.time()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            self.nspawn_procs.pop(m, None)
            cg = self.ns_cg.pop(m, None)
            if cg:
                cg.remove()   # nspawn chowned its payload cgroup to this run's -U range
            prop = f"/run/systemd/nspawn/propagate/{m}"
            if os.path.isdir(prop):
                shutil.rmtree(prop, ignore_errors=True)

    @staticmethod
    def http200(addr, timeout=0.25):
        try:
            with socket.create_connection((addr, 80), timeout=timeout) as s:
                s.sendall(b"GET / HTTP/1.0\r\nHost: bench\r\n\r\n")
                return s.recv(32).startswith(b"HTTP/1.1 200") or False
        except OSError:
            return False

    # ---------------------------------------------------------------- 1. execute
    def bench_execute(self):
        log("1. execute latency")
        # on the bench network: while it runs it holds bridge clstbn, so the veth row of 2 measures
        # a start on a host where the bridge exists (the usual case), not bridge create + delete
        self.create(f"{PREFIX}-x", "-N", f"source={NET_NAME}", cmd=("/bin/sleep", "infinity"))
        self.cl("start", f"{PREFIX}-x")
        pid = str(self.info(f"{PREFIX}-x")["pid"])
        ours = "cloister execute"
        cmds = [(ours, [CLOISTER, "execute", f"{PREFIX}-x", "--", "/bin/true"], None),
                ("nsenter -a", ["nsenter", "-a", "-t", pid, "/bin/true"], None)]
        n = 40 if self.quick else 150
        samples, fails = self.alternate(cmds, n, warmup=5, gap=0.02)
        # the helper alone (no /bin/sh wrapper): how much bin/cloister's sh costs
        plan = os.path.join(self.env["CLOISTER_ROOT"], "var/lib/cloister/.meta", f"{PREFIX}-x", "start.plan")
        helper = HELPER
        s2, f2 = self.alternate([("cloister-helper execute (no sh wrapper)", [helper, "execute", plan, "--", "/bin/true"], None),
                                 ("nsenter -a", ["nsenter", "-a", "-t", pid, "/bin/true"], None)], n // 2, warmup=3, gap=0.02)
        rows = self.pair_rows(samples, fails, ours, ["nsenter -a"])
        rows += self.pair_rows(s2, f2, "cloister-helper execute (no sh wrapper)", ["nsenter -a"])
        self.section("execute", "1. execute latency (/bin/true in a running sandbox)", "ms", rows,
                     ["target: ours <= 3x the nsenter floor"])

    # ---------------------------------------------------------------- 2. generic start
    def bench_generic(self, rf):
        log("2. generic start")
        g0, gn = f"{PREFIX}-g", f"{PREFIX}-gn"
        self.create(g0, "-N", "none", cmd=("/bin/true",))
        self.create(gn, "-N", f"source={NET_NAME}", cmd=("/bin/true",))
        bundle = os.path.dirname(rf)
        cmds = [("cloister start --attach (-N none)", [CLOISTER, "start", "--attach", g0], None),
                ("cloister start --attach (veth on bridge)", [CLOISTER, "start", "--attach", gn], None)]
        peers = []
        if shutil.which("crun"):
            argv = ["crun", "run", "--bundle", bundle, f"{PREFIX}-crun"]
            if self.probe("crun run", argv, self.crun_ns):
                cmds.append(("crun run", argv, self.crun_ns))
                peers.append("crun run")
        if shutil.which("runc"):
            argv = ["runc", "run", "--bundle", bundle, f"{PREFIX}-runc"]
            if self.probe("runc run", argv, self.crun_ns):
                cmds.append(("runc run", argv, self.crun_ns))
                peers.append("runc run")
        if shutil.which("bwrap"):
            argv = ["bwrap", "--unshare-all", "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin",
                    "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/sbin", "/sbin",
                    "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "/bin/true"]
            if self.probe("bwrap --unshare-all", argv):
                cmds.append(("bwrap --unshare-all", argv, None))
                peers.append("bwrap --unshare-all")
        if shutil.which("lxc-execute"):
            conf = os.path.join(self.work, "lxc.conf")
            with open(conf, "w") as f:
                f.write(f"lxc.uts.name = {PREFIX}\nlxc.rootfs.path = dir:{rf}\n"
                        "lxc.mount.entry = /usr usr none bind,ro 0 0\nlxc.mount.auto = proc:mixed sys:ro\n"
                        "lxc.net.0.type = empty\nlxc.autodev = 1\nlxc.apparmor.profile = unconfined\n")
            lxcpath = os.path.join(self.work, "lxc")
            os.makedirs(lxcpath, exist_ok=True)
            argv = ["lxc-execute", "-P", lxcpath, "-n", f"{PREFIX}-lxc", "-f", conf, "--", "/bin/true"]
            if self.probe("lxc-execute", argv, self.peer_cg):
                cmds.append(("lxc-execute", argv, self.peer_cg))
                peers.append("lxc-execute")
        if shutil.which("systemd-nspawn"):
            argv = ["systemd-nspawn", "-q", "--register=no", "--keep-unit", "--private-network", "-M", f"{PREFIX}-g",
                    "-D", rf, "--bind-ro=/usr", "/bin/true"]
            if self.probe("systemd-nspawn --private-network", argv, self.peer_cg):
                cmds.append(("systemd-nspawn --private-network", argv, self.peer_cg))
                peers.append("systemd-nspawn --private-network")
        n = 12 if self.quick else 40
        samples, fails = self.alternate(cmds, n, warmup=2, gap=0.1)
        rows = self.pair_rows(samples, fails, "cloister start --attach (-N none)", peers)
        rows += self.pair_rows(samples, fails, "cloister start --attach (veth on bridge)", [p for p in peers if p.startswith("crun")])
        self.section("start", "2. generic start (/bin/true until it exits)", "ms", rows,
                     ["target: ours no slower than crun run",
                      "cloister rows run bin/cloister (sh fast path -> cloister-helper); the veth row's bridge already exists (held by another running sandbox)",
                      "peers: loopback-only network (nspawn --private-network, bwrap --unshare-all, lxc net type empty, "
                      "OCI default spec) = cloister -N none; the veth row adds cloister's default bridge networking",
                      "100 ms idle gap between commands (so each start pays a cold cgroup-migration RCU grace period, "
                      "as a lone start on an idle host does)"])
        self.bench_create_delete(rf)

    def podman(self):
        """podman with its storage in the work dir (vfs driver: no mounts), or None when it cannot run."""
        if not shutil.which("podman"):
            self.peers["podman"] = "not installed"
            return None
        base = os.path.join(self.work, "podman")
        return ["podman", "--root", f"{base}/root", "--runroot", f"{base}/run", "--storage-driver", "vfs",
                "--cgroup-manager", "cgroupfs", "--events-backend", "none"]

    # ---------------------------------------------------------------- 2b. create + delete
    def bench_create_delete(self, rf):
        """create then delete, alternating with podman create --rootfs then podman rm (the peer that
        defines a container without running it); both start from an existing directory."""
        log("2b. create + delete")
        podman = self.podman()
        if podman and not self.probe("podman create", [*podman, "create", "--rootfs", "--network", "none",
                                                       "--name", f"{PREFIX}-probe", rf, "/bin/true"]):
            podman = None
        if podman:
            self.sh([*podman, "rm", f"{PREFIX}-probe"], check=False)
        t = {"cloister create -N none NAME -- /bin/true": [], "cloister delete NAME": [],
             "podman create --rootfs DIR /bin/true": [], "podman rm NAME": []}
        fails = {k: 0 for k in t}

        def run(label, argv):
            ms, rc = self.timed(argv, gap=0.1)
            if rc == 0:
                t[label].append(ms)
            else:
                fails[label] += 1
        # All creates, then all deletes (as an administrator would): on a journal-less ext4 a create
        # right after a delete pays for the kernel skipping recently deleted inodes (docs/benchmarks.md).
        names = [f"{PREFIX}-cd{i}" for i in range(4 if self.quick else 12)]
        for i, name in enumerate(names):
            steps = [("cloister create -N none NAME -- /bin/true", [CLOISTER, "create", "-N", "none", name, "--", "/bin/true"])]
            if podman:
                steps.append(("podman create --rootfs DIR /bin/true",
                              [*podman, "create", "--rootfs", "--network", "none", "--name", name, rf, "/bin/true"]))
            for label, argv in (steps if i % 2 == 0 else steps[::-1]):
                run(label, argv)
        for i, name in enumerate(names):
            steps = [("cloister delete NAME", [CLOISTER, "delete", name])]
            if podman:
                steps.append(("podman rm NAME", [*podman, "rm", name]))
            for label, argv in (steps if i % 2 == 0 else steps[::-1]):
                run(label, argv)
        rows = self.pair_rows(t, fails, "cloister create -N none NAME -- /bin/true",
                              ["podman create --rootfs DIR /bin/true"] if podman else [])
        rows += self.pair_rows(t, fails, "cloister delete NAME", ["podman rm NAME"] if podman else [])
        if not podman:
            rows = [{"ours": k, "peer": None, "ours_stats": self.stats(v), "ours_samples": [round(x, 3) for x in v]}
                    for k, v in t.items() if k.startswith("cloister")]
        if self.web_create_ms:
            rows.append({"ours": "cloister create -C -u apache2 NAME (service, copies /etc)", "peer": None,
                         "ours_stats": self.stats(self.web_create_ms), "ours_samples": self.web_create_ms})
        self.section("create", "2b. create + delete (JVM commands)", "ms", rows,
                     ["target: commands that need the JVM <= 150 ms median",
                      "cloister create copies the host's world-readable /etc into the new tree (a sandbox's own /etc); "
                      "podman create --rootfs only records the container (vfs storage in the work dir, no network)",
                      "all creates, then all deletes, alternating ours/peer per iteration, 100 ms idle gap before each command"])

    # ---------------------------------------------------------------- 3. service ready
    def bench_service(self, trees):
        log("3. service ready")
        web = self.webs[0]
        addr = self.info(web)["addresses"][0].split("/")[0]
        machine = "clbns"
        tree = trees[0]

        def ours():
            t0 = time.perf_counter()
            r = subprocess.run([CLOISTER, "start", web], env=self.env, stdout=subprocess.DEVNULL, stderr=self.errlog)
            if r.returncode != 0:
                return None
            t_cli = time.perf_counter()
            end = t0 + 30
            while not self.http200(addr):
                if time.perf_counter() > end:
                    self.cl_stop([web])
                    return None
                time.sleep(0.003)
            t1 = time.perf_counter()
            self.svc_cli.append((t_cli - t0) * 1000)
            self.cl_stop([web])
            return (t1 - t0) * 1000

        def peer():
            self.ns_start(machine, tree)
            t0 = self.ns_t0[machine]
            a = None
            end = t0 + 30
            while True:
                if a is None:
                    a = self.ns_net(machine, 0)
                if a is not None and self.http200(a):
                    break
                if time.perf_counter() > end or self.nspawn_procs[machine].poll() is not None:
                    self.ns_stop([machine])
                    return None
                time.sleep(0.003)
            t1 = time.perf_counter()
            self.ns_stop([machine])
            return (t1 - t0) * 1000

        self.svc_cli = []
        cmds = [("cloister start (apache2) until HTTP 200", ours, None)]
        if shutil.which("systemd-nspawn"):
            cmds.append(("systemd-nspawn -b -U until HTTP 200", peer, None))
        n = 3 if self.quick else 10
        samples, fails = self.alternate(cmds, n, warmup=1, gap=0.5)
        rows = self.pair_rows(samples, fails, cmds[0][0], [c[0] for c in cmds[1:]])
        rows.append({"ours": "cloister start returns (READY=1 + ready-check)", "peer": None,
                     "ours_stats": self.stats(self.svc_cli[-len(samples[cmds[0][0]]):] if samples[cmds[0][0]] else []),
                     "ours_samples": [round(x, 3) for x in self.svc_cli]})
        self.section("service", "3. service ready (apache2: start until HTTP 200 from its address)", "ms", rows,
                     ["target: ours no slower than systemd-nspawn",
                      "nspawn: -b -U --network-veth on a copy of the same sandbox's /etc /var (host /usr bound "
                      "read-only, idmapped); the harness addresses ve-NAME/host0 while it boots (nspawn leaves them "
                      "to networkd); each run stopped fully before the next"])

    # ---------------------------------------------------------------- 4 + 5. parallel start, density
    @staticmethod
    def mem_available():
        vals = []
        for _ in range(5):
            for l in open("/proc/meminfo"):
                if l.startswith("MemAvailable:"):
                    vals.append(int(l.split()[1]))
            time.sleep(0.2)
        return statistics.median(vals)

    @staticmethod
    def tree_pids(root_pid):
        out, todo = [], [root_pid]
        while todo:
            p = todo.pop()
            out.append(p)
            try:
                for t in os.listdir(f"/proc/{p}/task"):
                    todo += [int(x) for x in open(f"/proc/{p}/task/{t}/children").read().split()]
            except OSError:
                pass
        return out

    @staticmethod
    def pss_kib(pids):
        tot = 0
        for p in pids:
            try:
                for l in open(f"/proc/{p}/smaps_rollup"):
                    if l.startswith("Pss:"):
                        tot += int(l.split()[1])
            except OSError:
                pass
        return tot

    @staticmethod
    def rss_kib(pid):
        try:
            for l in open(f"/proc/{pid}/status"):
                if l.startswith("VmRSS:"):
                    return int(l.split()[1])
        except OSError:
            return None

    def bench_density(self, trees):
        n = len(self.webs)
        settle = 8 if self.quick else 20
        log(f"4+5. parallel start and density, {n} apache2 sandboxes each")
        addrs = [self.info(w)["addresses"][0].split("/")[0] for w in self.webs]
        out = {}
        # ---- cloister
        time.sleep(2)
        base = self.mem_available()
        t0 = time.perf_counter()
        procs = [subprocess.Popen([CLOISTER, "start", w], env=self.env, stdout=subprocess.DEVNULL, stderr=self.errlog)
                 for w in self.webs]
        rcs = [p.wait() for p in procs]
        t_cli = time.perf_counter()
        pending = {a for a, rc in zip(addrs, rcs) if rc == 0}
        end = time.perf_counter() + 60
        while pending and time.perf_counter() < end:
            pending = {a for a in pending if not self.http200(a)}
            time.sleep(0.005)
        t_http = time.perf_counter()
        ok = sum(1 for rc in rcs if rc == 0) - len(pending)
        time.sleep(settle)
        after = self.mem_available()
        # PSS only of sandboxes whose apache2 answered: like for like with nspawn's below
        answered = {w for w, a, rc in zip(self.webs, addrs, rcs) if rc == 0 and a not in pending}
        monitors, pss, inits = [], [], []
        for w in self.webs:
            st = self.cl_state(w) or {}
            if "monitor-pid" in st and w in answered:
                m = int(st["monitor-pid"])
                monitors.append(self.rss_kib(m) or 0)
                pss.append(self.pss_kib(self.tree_pids(m)))
        out["cloister"] = {"n": n, "ok": ok, "wall_ready_ms": round((t_cli - t0) * 1000, 1),
                           "wall_http_ms": round((t_http - t0) * 1000, 1),
                           "memavailable_delta_per_sandbox_kib": round((base - after) / n),
                           "pss_per_sandbox_kib": round(statistics.mean(pss)) if pss else None, "pss_n": len(pss),
                           "monitor_rss_kib": {"median": statistics.median(monitors), "max": max(monitors)} if monitors else None}
        t0 = time.perf_counter()
        self.cl_stop(self.webs, timeout=60)
        out["cloister"]["stop_all_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        # ---- nspawn
        if shutil.which("systemd-nspawn"):
            time.sleep(3)
            base = self.mem_available()
            machines = [f"clbn{i}" for i in range(1, n + 1)]
            for m, tr in zip(machines, trees):
                self.ns_start(m, tr)
            t0 = self.ns_t0[machines[0]]
            addr_of = {}
            pending = set(machines)
            end = time.perf_counter() + 90
            while pending and time.perf_counter() < end:
                for i, m in enumerate(machines, start=1):
                    if m in pending:
                        if m not in addr_of:
                            a = self.ns_net(m, i)
                            if a:
                                addr_of[m] = a
                        if m in addr_of and self.http200(addr_of[m]):
                            pending.discard(m)
                time.sleep(0.005)
            t_http = time.perf_counter()
            time.sleep(settle)
            after = self.mem_available()
            nsrss, pss = [], []
            for m in machines:
                p = self.nspawn_procs.get(m)
                # a container whose systemd failed runs fewer processes: it would lower the mean
                if p and p.poll() is None and m not in pending:
                    nsrss.append(self.rss_kib(p.pid) or 0)
                    pss.append(self.pss_kib(self.tree_pids(p.pid)))
            out["systemd-nspawn"] = {"n": n, "ok": n - len(pending), "wall_http_ms": round((t_http - t0) * 1000, 1),
                                     "memavailable_delta_per_sandbox_kib": round((base - after) / n),
                                     "pss_per_sandbox_kib": round(statistics.mean(pss)) if pss else None,
                                     "pss_n": len(pss), "monitor_rss_kib": {"median": statistics.median(nsrss), "max": max(nsrss)} if nsrss else None}
            t0 = time.perf_counter()
            self.ns_stop(machines, timeout=60)
            out["systemd-nspawn"]["stop_all_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        self.section("density", f"4+5. {n} apache2 sandboxes: parallel start and idle memory", "mixed", [], 
                     ["target: memory per idle sandbox <= nspawn's; monitor RSS <= 2 MiB",
                      f"MemAvailable sampled (median of 5) before start and {settle} s after all answer HTTP; host-wide, "
                      "so other load on the machine adds noise; PSS = sum of /proc/PID/smaps_rollup Pss over the "
                      "monitor (cloister-helper) or systemd-nspawn process and all its descendants, averaged over the "
                      "sandboxes whose apache2 answered (pss_n)"], extra=out)

    # ---------------------------------------------------------------- 6. CLI latency
    def bench_cli(self):
        total = 20 if self.quick else 50
        have = len(self.info_all())
        log(f"6. CLI latency ({have} defined, creating {max(0, total - have)} more)")
        for i in range(max(0, total - have)):
            self.create(f"{PREFIX}-l{i:02d}", "-N", "none", cmd=("/bin/true",))
        defined = len(self.info_all())
        cmds = [("cloister list", [CLOISTER, "list"], None),
                ("cloister list --json", [CLOISTER, "list", "--json"], None),
                ("cloister inspect NAME", [CLOISTER, "inspect", self.webs[0]], None),
                ("cloister --help", [CLOISTER, "--help"], None)]
        n = 8 if self.quick else 20
        samples, fails = self.alternate(cmds, n, warmup=2, gap=0.05)
        rows = [{"ours": k, "peer": None, "ours_stats": self.stats(v), "ours_fail": fails[k],
                 "ours_samples": [round(x, 3) for x in v]} for k, v in samples.items()]
        self.section("cli", f"6. CLI latency (JVM + AOT cache; {defined} sandboxes defined)", "ms", rows,
                     ["target: <= 150 ms median"])

    def info_all(self):
        return json.loads(self.cl("list", "--json").stdout)

    # ---------------------------------------------------------------- report
    def save(self):
        os.makedirs(RESULTS, exist_ok=True)
        with open(os.path.join(RESULTS, "results.json"), "w") as f:
            json.dump(self.results, f, indent=1)
        with open(os.path.join(RESULTS, "results.md"), "w") as f:
            f.write(self.markdown())

    def markdown(self):
        m = self.results["meta"]
        out = [f"# Cloister benchmark results{' (quick)' if m.get('quick') else ''}", "",
               f"- date: {m.get('date')}", f"- machine: {m.get('cpu')}, {m.get('cpus')} CPUs, "
               f"{round(m.get('mem_kib', 0) / 1048576, 1)} GiB, {m.get('os')}, kernel {m.get('kernel')}, cgroups {m.get('cgroups')}",
               f"- cloister {m.get('cloister_commit')}, {m.get('java')}"]
        for k, v in (m.get("peers") or {}).items():
            out.append(f"- {k}: {v}")
        if m.get("crun_workaround"):
            out.append(f"- crun: {m['crun_workaround']}")
        for k, v in self.peers.items():
            if v:
                out.append(f"- skipped {k}: {v}")
        out.append("")

        def fmt(s):
            return "-" if not s else f"{s['median']:.1f} ({s['p10']:.1f}–{s['p90']:.1f})"
        for sec in self.results["sections"]:
            out += [f"## {sec['title']}", ""]
            for nt in sec["notes"]:
                out.append(f"- {nt}")
            out.append("")
            if sec["rows"]:
                out += ["| ours | median (p10–p90) ms | peer | median (p10–p90) ms | ours/peer |",
                        "|---|---|---|---|---|"]
                for r in sec["rows"]:
                    out.append(f"| {r['ours']} | {fmt(r.get('ours_stats'))} | {r.get('peer') or ''} | "
                               f"{fmt(r.get('peer_stats'))} | {r.get('ratio') if r.get('ratio') is not None else ''} |")
                out.append("")
            if sec["extra"]:
                keys = sorted({k for v in sec["extra"].values() for k in v})
                out += ["| | " + " | ".join(sec["extra"]) + " |", "|---|" + "---|" * len(sec["extra"])]
                for k in keys:
                    out.append(f"| {k} | " + " | ".join(str(v.get(k, "")) for v in sec["extra"].values()) + " |")
                out.append("")
        return "\n".join(out) + "\n"

    # ---------------------------------------------------------------- main
    def run(self):
        self.versions()
        self.snapshot()
        self.setup_crun_mntns()
        self.peer_cg = PeerCgroup(f"{PREFIX}-peers-{os.getpid()}")
        # lxc's monitor pivots into <hierarchy root>/lxc.pivot whatever its caller's cgroup: remove
        # at the end the ones this run created (empty ones only)
        self.lxc_pivots = {d for d in (f"/sys/fs/cgroup/{h}/lxc.pivot" for h in os.listdir("/sys/fs/cgroup"))
                           if not os.path.isdir(d)}
        r = self.cl("network", "create", "--subnet", NET_SUBNET, NET_NAME, check=False)
        self.net_created = r.returncode == 0
        if not self.net_created:
            log(f"network create failed: {r.stderr.strip()}")
        rf = self.make_min_rootfs()
        self.setup_oci(rf)
        only = set(self.args.only.split(",")) if self.args.only else None

        def want(k):
            return only is None or k in only
        if want("execute"):
            self.bench_execute()
        # service sandboxes: used by 2b (create time), 3, 4, 5, 6
        nweb = 5 if self.quick else 20
        self.webs, self.web_create_ms, trees = [], [], []
        if want("service") or want("density") or want("cli") or want("start"):
            log(f"creating {nweb} apache2 sandboxes and nspawn trees")
            for i in range(1, nweb + 1):
                w = f"{PREFIX}-w{i:02d}"
                self.web_create_ms.append(round(self.create(w, "-C", "-u", "apache2", "-N", f"source={NET_NAME}"), 1))
                self.webs.append(w)
                tr = os.path.join(self.work, "ns", f"t{i}")
                self.ns_tree(os.path.join(self.env["CLOISTER_ROOT"], "var/lib/cloister", w), tr)
                trees.append(tr)
        if want("start"):
            self.bench_generic(rf)
        if os.path.exists(self.run_dir(f"{PREFIX}-x")):
            self.cl("stop", "--timeout", "0", f"{PREFIX}-x", check=False)
        if want("service"):
            self.bench_service(trees)
        if want("density"):
            self.bench_density(trees)
        if want("cli"):
            self.bench_cli()
        self.save()
        log(f"results: {RESULTS}/results.md")

    def cleanup(self):
        log("cleanup")
        self.results["meta"]["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
        try:
            self.errlog.flush()
            os.makedirs(RESULTS, exist_ok=True)
            shutil.copy(self.errlog.name, os.path.join(RESULTS, "stderr.log"))
            self.save()
        except Exception as e:  # noqa: BLE001
            log(f"cleanup save: {e}")
        try:
            self.ns_stop(list(self.nspawn_procs), timeout=20)
        except Exception as e:  # noqa: BLE001
            log(f"cleanup nspawn: {e}")
        for n in list(self.sandboxes):
            if os.path.exists(self.run_dir(n)):
                self.cl("stop", "--timeout", "2", n, check=False)
        for n in list(self.sandboxes):
            self.cl("delete", "--force", n, check=False)
        if self.net_created:
            self.cl("network", "delete", NET_NAME, check=False)
        for l in self.ns_links:
            if os.path.exists(f"/sys/class/net/{l}"):
                subprocess.run(["ip", "link", "del", l], stderr=subprocess.DEVNULL)
        if self.crun_ns is not None:
            for c in (f"{PREFIX}-crun", f"{PREFIX}-runc"):
                for tool in ("crun", "runc"):
                    if shutil.which(tool):
                        self.timed([tool, "delete", "-f", c], self.crun_ns)
        if getattr(self, "peer_cg", None):
            self.peer_cg.remove()
        for d in getattr(self, "lxc_pivots", ()):
            try:
                os.rmdir(d)
            except OSError:
                pass
        for d in ("/run/systemd/nspawn/propagate",):
            if os.path.isdir(d):
                for e in os.listdir(d):
                    if e.startswith((PREFIX, "clbn")):
                        shutil.rmtree(os.path.join(d, e), ignore_errors=True)
        if not self.args.keep:
            subprocess.run(["rm", "-rf", "--one-file-system", self.root])
        else:
            log(f"kept {self.root}")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="~3-minute subset (fewer iterations, 5 service sandboxes)")
    ap.add_argument("--only", help="comma list of execute,start,service,density,cli")
    ap.add_argument("--keep", action="store_true", help="keep the temporary root (debugging)")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("bench.py: needs root")
    b = Bench(args)
    for s in (signal.SIGINT, signal.SIGTERM):
        signal.signal(s, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    t0 = time.time()
    try:
        b.run()
    finally:
        b.cleanup()
        log(f"done in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
