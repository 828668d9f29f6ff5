#!/usr/bin/env python3
"""Drives the 70-load benchmark: a running devnet's processes are sampled, its API is read under
concurrent load, and one Markdown section is printed.

Usage: load_run.py DEVNET_PID DEVNET_LOG SECONDS SAMPLE_SECONDS API_CLIENTS API_SECONDS MACHINE_LINE
                   API_RATE

DEVNET_PID is the `polyculture devnet` JVM; its children (ChildMain processes) are the nodes, found
through /proc with their role, name and HTTP port taken from their command lines (the devnet puts
no key or password there). DEVNET_LOG is the devnet's stdout: its timestamped progress lines are
the protocol's events as the chain counted them (segments, disputes, slashes). The run ends
SECONDS after `devnet: running`; the caller stops the devnet (SIGINT, as Ctrl-C does).
"""
import math
import os
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request

PROGRESS = re.compile(
    r"^\[\s*(\d+)s\] segments claimed (\d+), committed (\d+), audited (\d+), final (\d+),"
    r" rewarded (\d+), voided (\d+) \| disputes open (\d+), resolved (\d+) \| slashes (\d+)"
)
HTTP_TIMEOUT = 10
CHILD_HEAPS = set()


def log(message):
    print("70-load: " + message, file=sys.stderr, flush=True)


def children(parent):
    """The devnet's node processes: {pid: (role, name, port)}."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
            ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
            if ppid != parent:
                continue
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                args = f.read().decode(errors="replace").split("\0")
        except (OSError, ValueError):
            continue
        main = [i for i, a in enumerate(args) if a.endswith("ChildMain")]
        if main:
            role = args[main[0] + 1]
            name = role
            port = None
            for a in args:
                if a.startswith("-Xmx"):
                    CHILD_HEAPS.add(a[4:])
            for i, a in enumerate(args[:-1]):
                if a == "--data-dir":
                    name = os.path.basename(args[i + 1].rstrip("/")) or role
                if a in ("--listen", "--report-listen"):
                    port = int(args[i + 1].rsplit(":", 1)[1])
            if role == "api":
                name = "api"
            found[int(entry)] = (role, name, port)
        elif any("ganache" in a for a in args):
            found[int(entry)] = ("chain", "ganache", None)
    return found


def rss_bytes(pid):
    """Resident set of a process and its descendants' own (Ganache runs under a node wrapper)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def descendants_rss(pid):
    total = rss_bytes(pid) or 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stat = f.read()
                if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
                    total += descendants_rss(int(entry))
            except (OSError, ValueError):
                continue
    return total


def scrape(port):
    """The node's /metrics as {(name, labels-text): value}; None when it does not answer."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=HTTP_TIMEOUT) as r:
            text = r.read(4 * 1024 * 1024).decode()
    except OSError:
        return None
    values = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = re.match(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)", line)
        if m:
            try:
                values[(m.group(1), m.group(2) or "")] = float(m.group(3))
            except ValueError:
                pass
    return values


def progress_lines(path):
    lines = []
    try:
        with open(path, errors="replace") as f:
            for line in f:
                m = PROGRESS.match(line.strip())
                if m:
                    lines.append(tuple(int(g) for g in m.groups()))
    except OSError:
        pass
    return lines


def wait_running(path, pid, limit):
    deadline = time.time() + limit
    while time.time() < deadline:
        try:
            with open(path, errors="replace") as f:
                text = f.read()
            m = re.search(r"^\[\s*(\d+)s\].*$\n?devnet: running", text, re.M)
            if "devnet: running" in text:
                return int(m.group(1)) if m else 0
        except OSError:
            pass
        if not os.path.exists(f"/proc/{pid}"):
            raise SystemExit("70-load: the devnet exited before it was running")
        time.sleep(2)
    raise SystemExit(f"70-load: the devnet was not running after {limit} s")


class ApiLoad:
    """Closed-loop readers of the API's read endpoints; latencies by endpoint."""

    ENDPOINTS = [
        ("GET /v1/jobs", "/v1/jobs"),
        ("GET /v1/jobs/{id}", "/v1/jobs/0"),
        ("GET /v1/jobs/{id}/segments?limit=50", "/v1/jobs/0/segments?from=0&limit=50"),
        ("GET /v1/jobs/{id}/segments/{i}", "/v1/jobs/0/segments/{i}"),
        ("GET /v1/proposals", "/v1/proposals"),
        ("GET /v1/participants?role=worker", "/v1/participants?role=worker"),
        ("GET /v1/network", "/v1/network"),
    ]

    def __init__(self, port, clients, rate):
        self.port = port
        self.clients = clients
        self.rate = rate
        self.statuses = {}
        self.latencies = {name: [] for name, _ in self.ENDPOINTS}
        self.errors = {name: 0 for name, _ in self.ENDPOINTS}
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def run(self, seconds):
        threads = [
            threading.Thread(target=self.reader, args=(i,), name=f"api-reader-{i}", daemon=True)
            for i in range(self.clients)
        ]
        started = time.time()
        for t in threads:
            t.start()
        self.stop.wait(seconds)
        self.stop.set()
        for t in threads:
            t.join(HTTP_TIMEOUT + 5)
        return time.time() - started

    def reader(self, index):
        # Paced: the API limits reads per client address (50/s by default, and every reader here
        # is 127.0.0.1), so the readers share a rate below it and latency is not 429s.
        n = index
        interval = self.clients / self.rate
        due = time.perf_counter() + index * interval / self.clients
        while not self.stop.is_set():
            wait = due - time.perf_counter()
            if wait > 0:
                self.stop.wait(wait)
                if self.stop.is_set():
                    break
            due += interval
            name, path = self.ENDPOINTS[n % len(self.ENDPOINTS)]
            path = path.replace("{i}", str(n % 8))
            n += 1
            begin = time.perf_counter()
            status = "timeout or refused"
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}{path}", timeout=HTTP_TIMEOUT
                ) as r:
                    r.read()
                    status = r.status
            except urllib.error.HTTPError as e:
                status = e.code
            except OSError:
                pass
            elapsed = (time.perf_counter() - begin) * 1000
            with self.lock:
                self.statuses[status] = self.statuses.get(status, 0) + 1
                if status == 200:
                    self.latencies[name].append(elapsed)
                else:
                    self.errors[name] += 1


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))  # nearest rank
    return ordered[rank]


def mib(value):
    return "—" if value is None else f"{value / 1048576:.0f}"


def main():
    pid, devnet_log = int(sys.argv[1]), sys.argv[2]
    seconds, sample_every = float(sys.argv[3]), float(sys.argv[4])
    api_clients, api_seconds = int(sys.argv[5]), float(sys.argv[6])
    machine, api_rate = sys.argv[7], float(sys.argv[8])

    running_at = wait_running(devnet_log, pid, 1800)
    log(f"devnet running ({running_at} s after its start); measuring for {seconds:.0f} s")
    began = time.time()
    loads = []
    rss = {}
    heap = {}
    lag = {}
    scrapes = {}
    names = {}
    api_result = None
    api_thread = None
    api_port = None
    api_started = None
    while True:
        now = time.time()
        nodes = children(pid)
        for child, (role, name, port) in nodes.items():
            names[name] = role
            if role == "chain":
                value = descendants_rss(child)
            else:
                value = rss_bytes(child)
            if value is not None:
                rss.setdefault(name, []).append(value)
            if port is not None:
                values = scrape(port)
                ok, total = scrapes.get(name, (0, 0))
                scrapes[name] = (ok + (values is not None), total + 1)
                if values:
                    h = values.get(("jvm_memory_bytes_used", '{area="heap"}'))
                    if h is not None:
                        heap.setdefault(name, []).append(h)
                    blocks = values.get(("indexer_lag_blocks", ""))
                    if blocks is not None and blocks >= 0:
                        lag.setdefault(name, []).append(blocks)
            if role == "api":
                api_port = port
        rss.setdefault("devnet", []).append(rss_bytes(pid) or 0)
        names["devnet"] = "devnet"
        with open("/proc/loadavg") as f:
            loads.append(float(f.read().split()[0]))
        elapsed = now - began
        if api_thread is None and api_port and elapsed >= seconds - api_seconds:
            api_result = ApiLoad(api_port, api_clients, api_rate)
            api_started = time.time()
            api_thread = threading.Thread(
                target=lambda: setattr(api_result, "took", api_result.run(api_seconds)),
                name="api-load",
                daemon=True,
            )
            api_thread.start()
            log(f"API load: {api_clients} readers, {api_rate:.0f} requests/s in all, for {api_seconds:.0f} s")
        if elapsed >= seconds:
            break
        if not os.path.exists(f"/proc/{pid}"):
            raise SystemExit("70-load: the devnet exited during the run")
        time.sleep(max(0.0, min(sample_every, seconds - elapsed)))
    if api_thread is not None:
        api_thread.join(api_seconds + HTTP_TIMEOUT + 10)
    measured = time.time() - began

    progress = progress_lines(devnet_log)
    end_s = running_at + measured
    last = progress[-1] if progress else None
    first_final = next((p[0] for p in progress if p[4] > 0), None)

    out = []
    out.append("## Load: 8 workers and 4 verifiers on one devnet (scripts/bench.d/70-load)")
    out.append("")
    out.append(f"Machine: {machine}. Load average (1 min) during the run: "
               f"min {min(loads):.1f}, median {statistics.median(loads):.1f}, max {max(loads):.1f}.")
    out.append("")
    workers = sum(1 for r in names.values() if r == "worker")
    verifiers = sum(1 for r in names.values() if r == "verifier")
    out.append(
        f"`polyculture devnet --workers {workers} --verifiers {verifiers}` (each node its own JVM,"
        f" -Xmx{'/'.join(sorted(CHILD_HEAPS)) or '?'}), Ganache and the API on loopback;"
        f" {measured:.0f} s measured after `devnet: running` (which came {running_at} s after the"
        f" devnet's start), sampled every {sample_every:.0f} s, then stopped with SIGINT."
    )
    out.append(
        "Segment figures are the devnet's progress lines (the protocol's events as the chain"
        " counted them); per-process figures are each node's `/metrics` and `/proc/PID/status`."
        " The machine is a shared 2-core box loaded by other engineers' builds and tests: the"
        " figures are what this run got, not what the code can do on idle cores."
    )
    out.append("")
    out.append("| figure | value |")
    out.append("| --- | --- |")
    if last:
        window_h = max(1e-9, (end_s - running_at) / 3600)
        out.append(f"| segments claimed / committed / final / rewarded / voided (at {last[0]} s) "
                   f"| {last[1]} / {last[2]} / {last[4]} / {last[5]} / {last[6]} |")
        out.append(f"| segments committed per hour (over the measured {measured:.0f} s) "
                   f"| {last[2] / window_h:.0f} |")
        out.append(f"| segments final per hour (over the measured {measured:.0f} s) "
                   f"| {last[4] / window_h:.0f} |")
        if first_final is not None:
            steady = [p for p in progress if p[0] >= first_final]
            span = (end_s - first_final) / 3600
            if span > 0:
                gained = last[4] - steady[0][4]
                out.append(f"| segments final per hour after the first final one (at {first_final} s)"
                           f" | {gained / span:.0f} |")
        out.append(f"| audits reported by verifiers | {last[3]} |")
        out.append(f"| disputes opened / resolved | {last[7] + last[8]} / {last[8]} |")
        out.append(f"| slashes | {last[9]} |")
    else:
        out.append("| segments | no progress line: nothing was claimed during the run |")
    out.append("")
    out.append("| process | role | RSS max (MiB) | heap used max (MiB) | indexer lag p50 / max (blocks) "
               "| /metrics answered (samples) |")
    out.append("| --- | --- | --- | --- | --- | --- |")
    order = {"chain": 0, "devnet": 1, "api": 2, "worker": 3, "verifier": 4}
    for name in sorted(names, key=lambda n: (order.get(names[n], 9), len(n), n)):
        role = names[name]
        r = rss.get(name)
        h = heap.get(name)
        l = lag.get(name)
        s = scrapes.get(name)
        out.append(
            f"| {name} | {role} | {mib(max(r) if r else None)} | {mib(max(h) if h else None)} | "
            + (f"{statistics.median(l):.0f} / {max(l):.0f}" if l else "—")
            + f" | {f'{s[0]}/{s[1]}' if s else '—'} |"
        )
    total = sum(max(v) for v in rss.values() if v)
    out.append("")
    out.append(f"Sum of the per-process RSS maxima: {total / 1073741824:.1f} GiB.")
    out.append("")
    if api_result is not None:
        all_ms = [v for vs in api_result.latencies.values() for v in vs]
        errors = sum(api_result.errors.values())
        took = getattr(api_result, "took", api_seconds)
        out.append(
            f"API reads under this load: {api_result.clients} concurrent readers sharing a paced"
            f" {api_result.rate:.0f} requests/s (the API's per-client read limit is 50/s and all of"
            f" them are 127.0.0.1) for {took:.0f} s, Python urllib on the same cores:"
            f" {len(all_ms)} answers 200 ({len(all_ms) / took:.0f}/s), {errors} others"
            + "".join(f", {v} × {k}" for k, v in sorted(api_result.statuses.items(), key=str)
                      if k != 200)
            + f" (timeout {HTTP_TIMEOUT} s). Latency is from sending to the last byte."
        )
        out.append("")
        out.append("| endpoint | answers | p50 (ms) | p99 (ms) |")
        out.append("| --- | --- | --- | --- |")
        for name, _ in ApiLoad.ENDPOINTS:
            vs = api_result.latencies[name]
            out.append(f"| {name} | {len(vs)} | {percentile(vs, 50):.1f} | {percentile(vs, 99):.1f} |")
        out.append(f"| all | {len(all_ms)} | {percentile(all_ms, 50):.1f} | "
                   f"{percentile(all_ms, 99):.1f} |")
    else:
        out.append("API reads: not measured (no API process was found).")
    print("\n".join(out))
    if last and last[7] + last[8] > 0:
        log("disputes were opened against honest workers")
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
