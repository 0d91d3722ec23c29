#!/usr/bin/env python3
"""Schemathesis against the JSON API: no 5xx, and every response as the OpenAPI document says.

    python3 .ci/schemathesis_check.py PEERWAY_BINARY [--workdir DIR] [--port N] [--max-examples 25]
        [--seed 1] [--time-limit 600] [--startup-timeout 120]

Steps: `peerway demo --no-serve` fills a throwaway SQLite database; `peerway token create` makes
two API tokens for orgadmin@demo.peerway.test (an organization administrator) and one for
peer@demo.peerway.test; `peerway serve`
starts on 127.0.0.1 and /health/ready must answer 200; then `schemathesis run` tests every
operation of /api/v1/openapi.json, signed in with `Authorization: Bearer <token>`, in every phase
(examples, coverage, fuzzing, stateful) and generation mode (positive and negative data: the
default `--mode all`), with the checks not_a_server_error, status_code_conformance,
content_type_conformance, response_schema_conformance, response_headers_conformance,
positive_data_acceptance (a request the document calls valid is not refused),
negative_data_rejection (an invalid one is), unsupported_method (a method the document does not
declare for a path answers 405 with `Allow`) and allow_header_conformance (that `Allow` lists the
declared methods), a fixed seed and at most --max-examples test cases per operation and phase. `.ci/schemathesis.toml` (--config-file) adds to the statuses those two checks
accept the few a schema cannot rule out (a stale made-up If-Match; a 422 that depends on stored
records or on a rule no JSON Schema states), each with its reason.

Runs 1 and 2 are apart because schemathesis reuses the ids it sees in responses: given GET /api/v1/tokens it
would soon call DELETE /api/v1/tokens/{id} with the id of its own token, and every later request
would only get 401. So run 1 covers every operation except revokeToken with the first token, and
run 2 covers createToken and revokeToken (never listTokens, so it cannot learn its own token's id)
with the second token. Each token must still work after its run: a run that revoked its own token
tested nothing but 401 from then on, and fails the check.

Run 3 covers every operation but revokeToken again, signed in as peer@demo.peerway.test, so the
clinical operations (people, contacts, episodes, services), which answer an administrator only
403, are tested as well; without positive_data_acceptance, since a generated id is seldom one
the peer may reach and 404 or 422 (`unknown_program`, `not_on_caseload`) is then the right answer.

All runs together must finish within --time-limit seconds (default 600); schemathesis is killed
after that. schemathesis 4.x is installed with pip if it is missing. Logs and the JUnit/NDJSON
reports stay in the work directory when the check fails. The last line is
`schemathesis: N passed, M failed ...` (JUnit test cases: one per operation plus one for the
stateful phase, over both runs) or `schemathesis: FAILED` when no report was written.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import subprocess
import sys
import time
import traceback
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import citools  # noqa: E402
from citools import CheckFailed  # noqa: E402

USER = "orgadmin@demo.peerway.test"
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "positive_data_acceptance",
    "negative_data_rejection",
    "unsupported_method",
    "allow_header_conformance",
]
# Run 3 signs in as a peer specialist, so the clinical operations (people, contacts, episodes,
# services) that an administrator only ever gets 403 from are tested too. It leaves out
# positive_data_acceptance: most of their requests name programs, participants and episodes by id,
# and a generated id is seldom one the peer may reach, so a 404 or a 422 such as `unknown_program`
# or `not_on_caseload` is the right answer to a request that is valid by the schema alone.
CLINICAL_USER = "peer@demo.peerway.test"
CLINICAL_CHECKS = [c for c in CHECKS if c != "positive_data_acceptance"]
# Run 2: revokeToken with what it needs to find ids to revoke; listTokens stays in run 1, so run 2
# never sees the id of its own token.
TOKEN_OPERATIONS = ["createToken", "revokeToken"]
CONFIG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemathesis.toml")
REQUIREMENT = "schemathesis>=4.32,<5"  # developed against 4.32.5; 5.x may change the CLI
# Runs the schemathesis CLI with this interpreter, whatever is (or is not) on PATH.
CLI = "import sys; from schemathesis.cli import schemathesis; sys.argv[0] = 'schemathesis'; sys.exit(schemathesis())"


def log(message: str) -> None:
    citools.log("schemathesis", message)


def installed_version() -> str | None:
    result = subprocess.run(
        [sys.executable, "-c", "import importlib.metadata as m, schemathesis.cli; print(m.version('schemathesis'))"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120,
    )
    return citools.last_line(result.stdout) if result.returncode == 0 else None


def usable(version: str | None) -> bool:
    m = re.match(r"(\d+)\.(\d+)", version or "")
    return bool(m) and int(m.group(1)) == 4 and int(m.group(2)) >= 32


def ensure_schemathesis() -> str:
    version = installed_version()
    if usable(version):
        return version
    log(f"schemathesis {version or 'not installed'}; installing {REQUIREMENT!r} with pip")
    citools.run([sys.executable, "-m", "pip", "install", "--quiet", REQUIREMENT], timeout=600,
                what=f"pip install {REQUIREMENT}")
    version = installed_version()
    if not usable(version):
        raise CheckFailed(f"{REQUIREMENT} is not importable after pip install (found {version})")
    return version


def server_errors_in_log(path: str, start: int) -> list[str]:
    """Request log lines of `peerway serve` after byte `start` with a 5xx status (a second opinion
    on not_a_server_error; the readiness polls before `start` may rightly have answered 503)."""
    found = []
    try:
        with open(path, "r", encoding="utf-8", errors="replace") as f:
            f.seek(start)
            for line in f:
                if re.search(r"\bstatus=5\d\d\b", line):
                    found.append(line.rstrip())
    except OSError:
        pass
    return found


def api_status(port: int, path: str, token: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request("GET", path, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})
        resp = conn.getresponse()
        resp.read()
        return resp.status
    finally:
        conn.close()


def junit_counts(path: str) -> tuple[int, int, int, list[str]]:
    """(tests, failures, errors, names of failing operations) from a schemathesis JUnit report."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):  # no report, or a partial one from a killed run
        return 0, 0, 0, []
    tests = failures = errors = 0
    bad = []
    for case in root.iter("testcase"):
        tests += 1
        if case.find("failure") is not None:
            failures += 1
            bad.append(case.get("name", "?"))
        elif case.find("error") is not None:
            errors += 1
            bad.append(case.get("name", "?") + " (error)")
    return tests, failures, errors, bad


class Run:
    def __init__(self, name: str, returncode: int | None, timed_out: bool, junit: str, output: str):
        self.name = name
        self.returncode = returncode
        self.timed_out = timed_out
        self.tests, self.failures, self.errors, self.bad = junit_counts(junit)
        m = re.search(r"^\s*(\d+ generated, [^\n]*)$", output, re.MULTILINE)
        self.cases = m.group(1).strip() if m else None

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out and self.failures == 0 and self.errors == 0 and self.tests > 0


def run_schemathesis(procs: citools.Processes, name: str, url: str, token: str, args, selection: list[str],
                     deadline: float, checks: list[str] = CHECKS) -> Run:
    reports = os.path.join(procs.workdir, "reports")
    junit = os.path.join(reports, f"{name}.junit.xml")
    command = [
        sys.executable, "-c", CLI, "--config-file", CONFIG, "run", url,
        "--header", f"Authorization: Bearer {token}",
        "--checks", ",".join(checks),
        "--seed", str(args.seed),
        "--max-examples", str(args.max_examples),
        "--workers", "1",  # reproducible with the seed; the machine is small anyway
        "--request-timeout", "30",
        "--generation-database", "none",  # nothing from earlier runs: the seed alone decides
        "--no-color",
        "--report", "junit,ndjson",
        "--report-dir", reports,
        "--report-junit-path", junit,
        "--report-ndjson-path", os.path.join(reports, f"{name}.ndjson"),
        *selection,
    ]
    proc = procs.start(f"schemathesis-{name}", command, env=dict(os.environ, NO_COLOR="1", PYTHONUNBUFFERED="1"))
    timed_out = False
    while proc.running():
        if time.monotonic() > deadline:
            timed_out = True
            log(f"{name}: time limit of {args.time_limit:.0f}s reached; stopping schemathesis (pid {proc.pid})")
            break
        time.sleep(0.5)
    proc.stop(grace=10)
    output = proc.stdout_text()
    print(f"----- schemathesis {name} output -----", flush=True)
    print(output.rstrip(), flush=True)
    stderr = citools.tail(proc.stderr_path, 40).strip()
    if stderr:
        print(f"----- schemathesis {name} stderr (last lines) -----\n{stderr}", flush=True)
    print(f"----- end of schemathesis {name} -----", flush=True)
    return Run(name, None if timed_out else proc.popen.returncode, timed_out, junit, output)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary", help="path to the peerway executable")
    parser.add_argument("--workdir", help="directory for the database, logs and reports (kept)")
    parser.add_argument("--port", type=int, default=0, help="port for `peerway serve` on 127.0.0.1 (default: a free one)")
    parser.add_argument("--max-examples", type=int, default=25, help="test cases per operation and phase")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=600, help="seconds for both schemathesis runs together")
    parser.add_argument("--startup-timeout", type=float, default=120)
    args = parser.parse_args()

    citools.install_signal_handlers()
    binary = os.path.abspath(args.binary)
    workdir, created = citools.make_workdir(args.workdir, "peerway-schemathesis-")
    procs = citools.Processes(workdir)
    runs: list[Run] = []
    failed = True
    problems: list[str] = []
    try:
        if not os.access(binary, os.X_OK):
            raise CheckFailed(f"{binary} is not an executable")
        version = ensure_schemathesis()
        log(f"schemathesis {version}; workdir {workdir}")

        database = os.path.join(workdir, "s.db")
        if os.path.exists(database):
            raise CheckFailed(f"{database} exists already; give a new --workdir")
        env = citools.peerway_env(citools.write_audit_key(workdir))
        citools.run([binary, "demo", "--database", database, "--no-serve"], timeout=300, env=env, cwd=workdir,
                    what="peerway demo --no-serve")
        tokens = []
        for name, user in (("schemathesis", USER), ("schemathesis-tokens", USER), ("schemathesis-clinical", CLINICAL_USER)):
            result = citools.run([binary, "token", "create", "--database", database, "--email", user, "--name", name],
                                 timeout=120, env=env, cwd=workdir, what="peerway token create")
            token = citools.last_line(result.stdout)
            if not token or " " in token:
                raise CheckFailed(f"`peerway token create` printed no token on its last stdout line: {result.stdout!r}")
            tokens.append(token)
        log(f"demo data, two API tokens for {USER} and one for {CLINICAL_USER} created")

        port = args.port or citools.free_port()
        server = procs.start("serve", [binary, "serve", "--database", database, "--host", "127.0.0.1", "--port", str(port)], env)
        took = citools.wait_http_200(server, f"http://127.0.0.1:{port}/health/ready", args.startup_timeout)
        log(f"server ready on port {port} after {took:.1f}s")
        if api_status(port, "/api/v1/me", tokens[0]) != 200:
            raise CheckFailed("GET /api/v1/me with the new token does not answer 200")

        url = f"http://127.0.0.1:{port}/api/v1/openapi.json"
        log_start = os.path.getsize(server.stderr_path)
        deadline = time.monotonic() + args.time_limit
        started = time.monotonic()

        log(f"run 1: every operation except revokeToken (checks {', '.join(CHECKS)}; seed {args.seed}; "
            f"max examples {args.max_examples})")
        runs.append(run_schemathesis(procs, "api", url, tokens[0], args, ["--exclude-operation-id", "revokeToken"], deadline))
        if not server.running():
            raise CheckFailed(f"the server exited during run 1\n{server.describe_failure()}")
        status = api_status(port, "/api/v1/me", tokens[0])
        if status != 200:
            problems.append(f"the token of run 1 no longer works afterwards (GET /api/v1/me answers {status}): "
                            "the run was not signed in throughout")

        if not runs[-1].timed_out:
            log("run 2: the token operations, with a token they may revoke")
            selection = [arg for op in TOKEN_OPERATIONS for arg in ("--include-operation-id", op)]
            runs.append(run_schemathesis(procs, "tokens", url, tokens[1], args, selection, deadline))
            if not server.running():
                raise CheckFailed(f"the server exited during run 2\n{server.describe_failure()}")
            status = api_status(port, "/api/v1/me", tokens[1])
            if status != 200:
                problems.append(f"the token of run 2 no longer works afterwards (GET /api/v1/me answers {status}): "
                                "run 2 revoked its own token, and what it tested after that was only 401")
        if not runs[-1].timed_out:
            log(f"run 3: every operation except revokeToken as {CLINICAL_USER} (checks {', '.join(CLINICAL_CHECKS)})")
            runs.append(run_schemathesis(procs, "clinical", url, tokens[2], args, ["--exclude-operation-id", "revokeToken"], deadline,
                                         checks=CLINICAL_CHECKS))
            if not server.running():
                raise CheckFailed(f"the server exited during run 3\n{server.describe_failure()}")
            status = api_status(port, "/api/v1/me", tokens[2])
            if status != 200:
                problems.append(f"the token of run 3 no longer works afterwards (GET /api/v1/me answers {status})")
        log(f"schemathesis took {time.monotonic() - started:.0f}s")

        errors = server_errors_in_log(server.stderr_path, log_start)
        if errors:
            problems.append(f"the server log records {len(errors)} response(s) with a 5xx status:\n  "
                            + "\n  ".join(errors[:20]))
        for run in runs:
            if run.timed_out:
                problems.append(f"run {run.name}: did not finish within the time limit ({args.time_limit:.0f}s)")
            elif run.returncode != 0:
                problems.append(f"run {run.name}: schemathesis exited with {run.returncode}"
                                + (f"; failing operations: {', '.join(run.bad)}" if run.bad else ""))
            elif run.tests == 0:
                problems.append(f"run {run.name}: the JUnit report lists no operations")
            elif run.failures or run.errors:
                problems.append(f"run {run.name}: failing operations: {', '.join(run.bad)}")
        if problems:
            raise CheckFailed("\n".join(problems))
        if not server.stop(grace=20):
            raise CheckFailed("the server did not exit within 20s of SIGTERM")
        failed = False
    except CheckFailed as e:
        print(f"SCHEMATHESIS CHECK FAILURE: {e}", file=sys.stderr, flush=True)
    except Exception:
        print("SCHEMATHESIS CHECK ERROR (unexpected exception):", file=sys.stderr, flush=True)
        traceback.print_exc()
    finally:
        procs.stop_all()
        if failed:
            procs.print_failures(["serve"])
    citools.finish_workdir(workdir, created, failed, "schemathesis: logs and reports")

    for run in runs:
        if run.cases:
            log(f"run {run.name} test cases: {run.cases}")
    tests = sum(r.tests for r in runs)
    if tests:
        bad = sum(r.failures + r.errors for r in runs)
        summary = (f"schemathesis: {tests - bad} passed, {bad} failed "
                   f"(JUnit test cases: one per operation plus the stateful tests, {len(runs)} run(s))")
        if failed:
            summary += " - FAILED"
        print(summary, flush=True)
    else:
        print(f"schemathesis: {'FAILED' if failed else 'ok'}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
