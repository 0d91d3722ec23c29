#!/usr/bin/env python3
"""Crash test: SIGKILL during concurrent writes must lose no acknowledged write.

    python3 .ci/crash_test.py PEERWAY_BINARY DATABASE [--workdir DIR] [--threads 8] [--duration 3]
        [--min-acknowledged 10] [--startup-timeout 120] [--keep-database]

DATABASE is `sqlite` (a fresh WORKDIR/crash.db), a path to a SQLite file that does not exist yet,
or a postgres:// URL: the script then creates a fresh database `crash_<random>` on that server
(the URL's role needs CREATEDB) and drops it at the end unless --keep-database.

Steps: `peerway demo --no-serve` creates demo data; `peerway token create` makes an API token for
the program manager; `peerway serve` starts; THREADS threads POST /api/v1/programs in a loop and
record the id of every 201, while THREADS/2 readers GET /api/v1/caseload as the demo peer (each
answer is a read whose audit event goes through the audit trail's group commit) and count every
200; after DURATION seconds the server gets SIGKILL while they still write and read. The server
is restarted on the same database, every acknowledged id must answer 200 on
GET /api/v1/programs/<id>, the trail must hold at least one peer's caseload-read event per
acknowledged read, and `peerway audit verify` must exit 0. One audit key file
(PEERWAY_AUDIT_KEY_FILE) is used by every command. Standard library only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import sys
import threading
import time
import traceback
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import citools  # noqa: E402
from citools import CheckFailed  # noqa: E402

MANAGER = "orgadmin@demo.peerway.test"
PEER = "peer@demo.peerway.test"


def log(message: str) -> None:
    citools.log("crash", message)


class Writers:
    """THREADS threads creating programs through the API until told to stop."""

    def __init__(self, port: int, token: str, threads: int):
        self.port = port
        self.token = token
        self.count = threads
        self.stop = threading.Event()
        self.killed = threading.Event()  # set just before SIGKILL: later failures are expected
        self.lock = threading.Lock()
        self.acknowledged: list[str] = []
        self.statuses: dict[int, int] = {}
        self.errors_before_kill: list[str] = []
        self.connection_errors_after_kill = 0
        self.keepalive_closes = 0
        self.threads = [threading.Thread(target=self.loop, args=(i,), daemon=True) for i in range(threads)]

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def join(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        for t in self.threads:
            t.join(max(0.0, deadline - time.monotonic()))
        alive = sum(t.is_alive() for t in self.threads)
        if alive:
            raise CheckFailed(f"{alive} writer thread(s) still running {timeout:.0f}s after the kill")

    def loop(self, thread: int) -> None:
        conn = None
        reused = False
        n = 0
        while not self.stop.is_set():
            n += 1
            body = json.dumps({"name": f"Crash {thread}-{n}", "model": "long_term", "review_frequency_days": 90})
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
                    reused = False
                conn.request("POST", "/api/v1/programs", body=body, headers={
                    "Authorization": f"Bearer {self.token}",
                    "Content-Type": "application/json",
                    "Accept": "application/json",
                })
                resp = conn.getresponse()
                data = resp.read()
            except (OSError, http.client.HTTPException) as e:
                if conn is not None:
                    conn.close()
                    conn = None
                if self.killed.is_set():
                    with self.lock:
                        self.connection_errors_after_kill += 1
                    return  # the server is gone; nothing more can be acknowledged
                if reused and isinstance(e, (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)):
                    with self.lock:
                        self.keepalive_closes += 1  # the server closed an idle keep-alive connection: retry
                    continue
                with self.lock:
                    self.errors_before_kill.append(f"thread {thread} request {n}: {type(e).__name__}: {e}")
                time.sleep(0.05)
                continue
            reused = True
            with self.lock:
                self.statuses[resp.status] = self.statuses.get(resp.status, 0) + 1
            if resp.status == 201:
                try:
                    ident = json.loads(data)["id"]
                except (ValueError, KeyError, TypeError):
                    with self.lock:
                        self.errors_before_kill.append(f"201 without a JSON id: {data[:200]!r}")
                    continue
                with self.lock:
                    self.acknowledged.append(str(ident))
            elif resp.status == 429:
                time.sleep(0.05)  # throttled: not acknowledged, not an error
            elif not self.killed.is_set():
                with self.lock:
                    self.errors_before_kill.append(f"thread {thread} request {n}: HTTP {resp.status}: {data[:300]!r}")
            if resp.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        if conn is not None:
            conn.close()


class Readers:
    """Reads whose only write is their audit event: a 200 means that event is durable."""

    def __init__(self, port: int, token: str, threads: int):
        self.port, self.token, self.count = port, token, threads
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.acknowledged = 0
        self.threads = [threading.Thread(target=self.loop, daemon=True) for _ in range(threads)]

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def join(self, timeout: float = 60) -> None:
        for t in self.threads:
            t.join(timeout)

    def loop(self) -> None:
        while not self.stop.is_set():
            try:
                status, _ = get_status(self.port, "/api/v1/caseload", self.token)
            except (OSError, http.client.HTTPException):
                if self.stop.is_set():
                    return
                time.sleep(0.05)
                continue
            if status == 200 and not self.stop.is_set():
                with self.lock:
                    self.acknowledged += 1


def get_status(port: int, path: str, token: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request("GET", path, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary", help="path to the peerway executable")
    parser.add_argument("database", help="`sqlite`, a new SQLite file path, or a postgres:// URL (a fresh database is created)")
    parser.add_argument("--workdir", help="directory for logs, the audit key and the SQLite file (kept)")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--duration", type=float, default=3.0, help="seconds of writing before SIGKILL")
    parser.add_argument("--min-acknowledged", type=int, default=10,
                        help="fail if fewer writes were acknowledged before the kill (the test would prove nothing)")
    parser.add_argument("--startup-timeout", type=float, default=120)
    parser.add_argument("--keep-database", action="store_true", help="do not drop the PostgreSQL database at the end")
    args = parser.parse_args()

    citools.install_signal_handlers()
    binary = os.path.abspath(args.binary)
    workdir, created = citools.make_workdir(args.workdir, "peerway-crash-")
    procs = citools.Processes(workdir)
    admin_url = None
    database = None
    failed = True
    try:
        if not os.access(binary, os.X_OK):
            raise CheckFailed(f"{binary} is not an executable")
        if citools.is_postgres_url(args.database):
            admin_url = args.database
            database = citools.create_fresh_postgres_database(admin_url, "crash")
            kind = "postgres"
        else:
            database = os.path.join(workdir, "crash.db") if args.database == "sqlite" else os.path.abspath(args.database)
            if os.path.exists(database):
                raise CheckFailed(f"{database} exists already; give a new path")
            kind = "sqlite"
        log(f"{kind} database {citools.redact(database)}, workdir {workdir}")
        env = citools.peerway_env(citools.write_audit_key(workdir))

        citools.run([binary, "demo", "--database", database, "--no-serve"], timeout=300, env=env, cwd=workdir,
                    what="peerway demo --no-serve")
        log("demo data created")
        result = citools.run([binary, "token", "create", "--database", database, "--email", MANAGER, "--name", "crash"],
                             timeout=120, env=env, cwd=workdir, what="peerway token create")
        token = citools.last_line(result.stdout)
        if not token or " " in token:
            raise CheckFailed(f"`peerway token create` printed no token on its last stdout line: {result.stdout!r}")
        log(f"API token created ({len(token)} characters)")
        result = citools.run([binary, "token", "create", "--database", database, "--email", PEER, "--name", "crash-reader"],
                             timeout=120, env=env, cwd=workdir, what="peerway token create (peer)")
        peer_token = citools.last_line(result.stdout)

        port = citools.free_port()
        server = procs.start("serve-1", [binary, "serve", "--database", database, "--host", "127.0.0.1", "--port", str(port)], env)
        took = citools.wait_http_200(server, f"http://127.0.0.1:{port}/health/ready", args.startup_timeout)
        log(f"server ready on port {port} after {took:.1f}s; {args.threads} writers for {args.duration:.1f}s")

        status, body = get_status(port, "/api/v1/me", peer_token)
        if status != 200:
            raise CheckFailed(f"GET /api/v1/me as the peer answered {status}")
        peer_id = json.loads(body)["user"]["id"]
        writers = Writers(port, token, args.threads)
        readers = Readers(port, peer_token, max(1, args.threads // 2))
        writers.start()
        readers.start()
        time.sleep(args.duration)
        alive = sum(t.is_alive() for t in writers.threads)
        with writers.lock:
            before_kill = len(writers.acknowledged)
        writers.killed.set()
        # Reads answered from here on may or may not have been counted: stop counting first.
        readers.stop.set()
        server.kill9()
        writers.stop.set()
        reads = readers.acknowledged
        readers.join()
        log(f"SIGKILL sent with {alive} writers still running; {before_kill} writes acknowledged at that moment")
        writers.join(timeout=60)
        server.stop()

        acknowledged = list(writers.acknowledged)
        log(f"statuses before the kill: {dict(sorted(writers.statuses.items()))}; "
            f"connection errors after the kill: {writers.connection_errors_after_kill}; "
            f"keep-alive connections closed by the server: {writers.keepalive_closes}")
        problems = []
        if writers.errors_before_kill:
            shown = "\n  ".join(writers.errors_before_kill[:20])
            problems.append(f"{len(writers.errors_before_kill)} failed request(s) while the server was up:\n  {shown}")
        if alive < args.threads:
            problems.append(f"only {alive} of {args.threads} writers were still running at the kill")
        if len(acknowledged) < args.min_acknowledged:
            problems.append(f"only {len(acknowledged)} writes acknowledged (need at least {args.min_acknowledged})")
        if len(set(acknowledged)) != len(acknowledged):
            problems.append("the server acknowledged the same id twice")

        port2 = citools.free_port()
        server2 = procs.start("serve-2", [binary, "serve", "--database", database, "--host", "127.0.0.1", "--port", str(port2)], env)
        took = citools.wait_http_200(server2, f"http://127.0.0.1:{port2}/health/ready", args.startup_timeout)
        log(f"restarted on port {port2}, ready after {took:.1f}s")

        missing = []
        for ident in acknowledged:
            status, body = get_status(port2, f"/api/v1/programs/{urllib.parse.quote(ident, safe='')}", token)
            if status != 200:
                missing.append(f"{ident}: HTTP {status} {body[:200]!r}")
        present = len(acknowledged) - len(missing)
        print(f"crash ({kind}): acknowledged {len(acknowledged)}, present after restart {present}", flush=True)
        if missing:
            problems.append(f"{len(missing)} acknowledged write(s) missing after the restart:\n  " + "\n  ".join(missing[:20]))

        query = urllib.parse.urlencode({"user": peer_id, "action": "record_read"})
        status, body = get_status(port2, f"/api/v1/audit-events/export?{query}", token)
        recorded = max(0, len(body.decode().strip().splitlines()) - 1) if status == 200 else -1
        print(f"crash ({kind}): acknowledged reads {reads}, their audit events after restart {recorded}", flush=True)
        if status != 200:
            problems.append(f"the audit export answered {status}: {body[:200]!r}")
        elif recorded < reads:
            problems.append(f"{reads} reads were answered but only {recorded} of their audit events survived the kill")
        if reads < args.min_acknowledged:
            problems.append(f"only {reads} reads acknowledged (need at least {args.min_acknowledged})")

        if not server2.stop(grace=20):
            log("warning: the restarted server did not exit within 20s of SIGTERM (killed)")
        verify = citools.run([binary, "audit", "verify", "--database", database], timeout=300, env=env, cwd=workdir,
                             what="peerway audit verify")
        log("audit verify: exit 0" + (f" ({citools.last_line(verify.stdout)})" if verify.stdout.strip() else ""))

        if problems:
            raise CheckFailed("\n".join(problems))
        failed = False
    except CheckFailed as e:
        print(f"CRASH TEST FAILURE: {e}", file=sys.stderr, flush=True)
    except Exception:
        print("CRASH TEST ERROR (unexpected exception):", file=sys.stderr, flush=True)
        traceback.print_exc()
    finally:
        procs.stop_all()
        if failed:
            procs.print_failures()
        if admin_url and database and not args.keep_database:
            citools.drop_postgres_database(admin_url, database)
    citools.finish_workdir(workdir, created, failed, "crash: logs")
    print(f"crash: {'FAILED' if failed else 'ok'}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
