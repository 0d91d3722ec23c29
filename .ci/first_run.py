#!/usr/bin/env python3
"""First run on an empty PostgreSQL database, by the README's commands alone.

    python3 .ci/first_run.py PEERWAY_BINARY POSTGRES_URL [--workdir DIR] [--readme README.md]
        [--startup-timeout 120] [--keep-database]

POSTGRES_URL names a database on a server where its role has CREATEDB: the script creates a fresh,
empty database `firstrun_<random>` next to it and drops it at the end (unless --keep-database).

1. Reads the shell block of README.md's "Running on PostgreSQL" section and runs its commands as
   written (`peerway migrate`, `peerway setup ...`, `peerway serve ...`), with only the values
   that must differ here: the database URL and audit key file of its `export` lines, and serve's
   --host/--port (127.0.0.1 and a free port). The administrator's password goes to `setup` on
   standard input, as from a pipe. No command may print PostgresNIO's "run() hasn't been called"
   warning.
2. Over plain HTTP with a cookie jar (as a browser, without one): the new administrator signs in and
   is sent to enrol the second factor before anything else; reads the key from the enrolment page
   (the otpauth:// link an authenticator scans, and the key shown for typing, which must agree),
   enters the authenticator's code and reaches the home page as a system administrator. Adds a
   provider organization under the county, a program the provider runs and a peer specialist of
   the provider working in it (the administration pages' forms), and finds each on its page. The
   peer signs in and sees the program.
3. `peerway audit verify` finds the trail intact; a second `peerway setup` is refused (exit 1, one line).
4. Unreachable databases: `peerway migrate` against a closed port, a database that does not exist and
   an unknown host each exits non-zero within 15 s with one line naming the cause.

Standard library only.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import secrets
import shlex
import subprocess
import sys
import time
import traceback
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import citools  # noqa: E402
from citools import CheckFailed  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UNREACHABLE_LIMIT = 15.0  # seconds; generous (the probe gives up after 5 s)
RUN_WARNING = "hasn't been called"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def log(message: str) -> None:
    citools.log("first-run", message)


# --- the README's commands --------------------------------------------------------------------

def readme_commands(path: str) -> tuple[list[str], list[list[str]]]:
    """(names of the exported variables, [peerway arguments...]) from the shell block of the
    README's "Running on PostgreSQL" section."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if "\n## Running on PostgreSQL" not in text:
        raise CheckFailed(f"{path} has no '## Running on PostgreSQL' section")
    section = text.split("\n## Running on PostgreSQL", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    if not block:
        raise CheckFailed("the README's 'Running on PostgreSQL' section has no ```sh block")
    exports: list[str] = []
    commands: list[list[str]] = []
    for line in re.sub(r"\\\n[ \t]*", " ", block.group(1)).splitlines():
        words = shlex.split(line, comments=True)
        if not words:
            continue
        if words[0] == "export" and len(words) == 2 and "=" in words[1]:
            exports.append(words[1].split("=", 1)[0])
        elif words[0] == "peerway":
            commands.append(words[1:])
        else:
            raise CheckFailed(f"unexpected line in the README's PostgreSQL block: {line!r}")
    got = [c[0] if c else "" for c in commands]
    if got != ["migrate", "setup", "serve"]:
        raise CheckFailed(f"the README's PostgreSQL block runs peerway {got}, expected migrate, setup, serve: "
                          "update .ci/first_run.py with the README")
    return exports, commands


def option(args: list[str], name: str) -> str:
    if name not in args or args.index(name) + 1 >= len(args):
        raise CheckFailed(f"the README's command `peerway {' '.join(args)}` has no {name} VALUE")
    return args[args.index(name) + 1]


def with_option(args: list[str], name: str, value: str) -> list[str]:
    option(args, name)
    out = list(args)
    out[out.index(name) + 1] = value
    return out


def run_cli(binary: str, args: list[str], env: dict, workdir: str, stdin: str = "", timeout: float = 120) -> subprocess.CompletedProcess:
    """Runs `peerway ARGS` to completion (stdin a pipe), whatever its exit code."""
    try:
        return subprocess.run([binary, *args], input=stdin, capture_output=True, text=True, timeout=timeout,
                              env=env, cwd=workdir)
    except subprocess.TimeoutExpired as e:
        raise CheckFailed(f"`peerway {' '.join(args)}` did not finish within {timeout:.0f}s\nstdout: {e.stdout}\nstderr: {e.stderr}")


def must_succeed(result: subprocess.CompletedProcess, what: str) -> None:
    if result.returncode != 0:
        raise CheckFailed(f"`{what}` exited with {result.returncode}\n--- stdout:\n{result.stdout}\n--- stderr:\n{result.stderr}")
    for stream in (result.stdout, result.stderr):
        if RUN_WARNING in stream:
            raise CheckFailed(f"`{what}` printed PostgresNIO's warning that the client was not running:\n{stream}")


# --- pages ------------------------------------------------------------------------------------

class Site:
    """The new deployment's pages, as one person's browser sees them."""

    def __init__(self, port: int):
        self.port = port
        self.client = citools.PageClient()

    def get(self, path: str, status: int = 200) -> citools.Response:
        resp = self.client.request(self.port, "GET", path)
        if resp.status != status:
            raise CheckFailed(f"GET {path}: expected {status}\n{resp.describe()}")
        return resp

    def post(self, path: str, form) -> citools.Response:
        return self.client.request(self.port, "POST", path, form)

    def redirected(self, resp: citools.Response, what: str, pattern: str) -> str:
        """The Location path of a 303 answer, which must match PATTERN (a regex)."""
        if resp.status != 303 or not re.fullmatch(pattern, resp.location_path()):
            raise CheckFailed(f"{what}: expected 303 to {pattern}\n{resp.describe()}")
        return resp.location_path()

    def csrf(self, page: citools.Response, what: str) -> str:
        token = citools.hidden_input_value(page.text, "csrf")
        if not token:
            raise CheckFailed(f"{what} has no hidden csrf field\n{page.describe()}")
        return token

    def sign_in(self, email: str, password: str) -> str:
        """Signs in with e-mail and password; returns where the server sends the browser next."""
        page = self.get("/signin")
        resp = self.post("/signin", {"email": email, "password": password, "csrf": self.csrf(page, "/signin")})
        return self.redirected(resp, f"POST /signin as {email}", r"/|/signin/second-factor|/account/second-factor")

    def sign_out(self) -> None:
        home = self.get("/")
        self.redirected(self.post("/signout", {"csrf": self.csrf(home, "the home page")}), "POST /signout", "/signin")


def select_options(page: str, select_id: str) -> list[tuple[str, str]]:
    """(value, label) of each <option> of the <select id=SELECT_ID>."""
    m = re.search(r'<select id="' + re.escape(select_id) + r'"[^>]*>(.*?)</select>', page, re.DOTALL)
    if not m:
        return []
    return [(html.unescape(v), html.unescape(re.sub(r"<[^>]+>", "", label)).strip())
            for v, label in re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', m.group(1), re.DOTALL)]


def enrolment_key(page: str) -> str:
    """The TOTP key on the enrolment page: the otpauth:// link (what an authenticator scans) and the
    key shown for typing must be the same."""
    shown = re.search(r'<code id="totp-secret"[^>]*>([^<]+)</code>', page)
    link = re.search(r'href="(otpauth://[^"]+)"', page)
    if not shown or not link:
        raise CheckFailed(f"the enrolment page shows no key (id=totp-secret) or no otpauth:// link\n{page[:2000]}")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(html.unescape(link.group(1))).query)
    from_link = (query.get("secret") or [""])[0]
    typed = html.unescape(shown.group(1)).replace(" ", "").upper()
    if not from_link or from_link.replace(" ", "").upper() != typed:
        raise CheckFailed(f"the key shown ({typed!r}) and the otpauth:// link's ({from_link!r}) differ")
    return typed


def fresh_code(secret: str) -> str:
    # Stay clear of the end of a 30 s step so the code is still current when it arrives.
    remaining = 30 - (time.time() % 30)
    if remaining < 3:
        time.sleep(remaining + 0.2)
    return citools.totp_code(secret)


# --- the checks -------------------------------------------------------------------------------

def first_run(binary: str, database: str, readme: str, workdir: str, procs: citools.Processes,
              startup_timeout: float, ok) -> None:
    exports, (migrate, setup, serve) = readme_commands(readme)
    env = citools.peerway_env(os.path.join(workdir, "audit.key"))
    env.pop("PEERWAY_AUDIT_KEY_FILE", None)
    ours = {"PEERWAY_DATABASE_URL": database, "PEERWAY_AUDIT_KEY_FILE": os.path.join(workdir, "etc", "audit.key")}
    for name in exports:
        if name not in ours:
            raise CheckFailed(f"the README exports {name}, which .ci/first_run.py does not know how to set")
        env[name] = ours[name]
    os.makedirs(os.path.join(workdir, "etc"), exist_ok=True)
    log(f"README: export {' '.join(exports)}; peerway {' / peerway '.join(' '.join(c) for c in (migrate, setup, serve))}")

    result = run_cli(binary, migrate, env, workdir)
    must_succeed(result, "peerway " + " ".join(migrate))
    ok(f"peerway {' '.join(migrate)}: {citools.last_line(result.stdout)}")

    email = option(setup, "--email")
    password = "first run " + secrets.token_urlsafe(12)
    result = run_cli(binary, setup, env, workdir, stdin=password + "\n")
    must_succeed(result, "peerway " + " ".join(setup))
    if "/signin" not in result.stdout or email not in result.stdout:
        raise CheckFailed(f"`peerway setup` does not say to sign in as {email} at /signin:\n{result.stdout}")
    ok(f"peerway setup (password on standard input): {result.stdout.splitlines()[0]}")

    port = citools.free_port()
    serve_args = with_option(with_option(serve, "--host", "127.0.0.1"), "--port", str(port))
    server = procs.start("serve", [binary, *serve_args], env)
    took = citools.wait_http_200(server, f"http://127.0.0.1:{port}/health/ready", startup_timeout)
    ok(f"peerway {' '.join(serve_args)}: ready after {took:.1f}s")

    site = Site(port)
    target = site.sign_in(email, password)
    if target != "/account/second-factor":
        raise CheckFailed(f"after the password, the new administrator is sent to {target}, not to enrol the second factor")
    gate = site.client.request(port, "GET", "/admin/organizations")
    if gate.status != 303 or gate.location_path() != "/account/second-factor":
        raise CheckFailed(f"before enrolling, /admin/organizations must send the administrator to enrol\n{gate.describe()}")
    ok("the administrator signs in and must enrol the second factor before anything else")

    enrol = site.get("/account/second-factor")
    key = enrolment_key(enrol.text)
    resp = site.post("/account/second-factor", {"code": fresh_code(key), "csrf": site.csrf(enrol, "the enrolment page")})
    site.redirected(resp, "POST /account/second-factor", "/")
    home = site.get("/")
    if 'data-role="system_admin"' not in home.text:
        raise CheckFailed(f"the county administrator's home page has no data-role=\"system_admin\"\n{home.describe()}")
    ok("the key from the enrolment page gives a code that enrols the second factor; home page as system administrator")

    # A provider organization under the county.
    page = site.get("/admin/organizations")
    parents = select_options(page.text, "parent_id")
    if len(parents) != 1:
        raise CheckFailed(f"/admin/organizations offers {parents} as parents, expected the county alone\n{page.describe()}")
    county_id, county_name = parents[0]
    provider = "Harbor Peer Network"
    resp = site.post("/admin/organizations", {"name": provider, "parent_id": county_id, "csrf": site.csrf(page, "/admin/organizations")})
    provider_path = site.redirected(resp, "adding a provider", rf"/admin/organizations/{UUID}")
    provider_id = provider_path.rsplit("/", 1)[1]
    if provider not in site.get(provider_path).text or provider not in site.get("/admin/organizations").text:
        raise CheckFailed(f"the provider {provider!r} is not shown on {provider_path} and /admin/organizations")
    ok(f"added the provider {provider!r} under {county_name!r} ({provider_path})")

    # A program the provider runs.
    page = site.get("/admin/programs")
    orgs = dict(select_options(page.text, "organization_id"))
    if county_id not in orgs or provider_id not in orgs:
        raise CheckFailed(f"/admin/programs does not offer the county and the new provider as the program's organization (offers {orgs})")
    program = "Next Steps"
    resp = site.post("/admin/programs", {
        "organization_id": provider_id, "name": program, "description": "Peer support after a crisis",
        "model": "long_term", "default_length_days": "", "review_frequency_days": "90",
        "active_present": "1", "active": "on", "csrf": site.csrf(page, "/admin/programs")})
    program_path = site.redirected(resp, "adding a program", rf"/admin/programs/{UUID}")
    program_id = program_path.rsplit("/", 1)[1]
    if program not in site.get(program_path).text:
        raise CheckFailed(f"{program_path} does not show {program!r}")
    ok(f"added the program {program!r} ({program_path})")

    # A peer specialist working in it, at the provider.
    page = site.get("/admin/users")
    orgs = dict(select_options(page.text, "organization_id"))
    if provider_id not in orgs:
        raise CheckFailed(f"/admin/users does not offer the new provider as the person's organization (offers {orgs})")
    peer_email, peer_password = "pat.peer@harbor.example.org", "peer support " + secrets.token_urlsafe(9)
    resp = site.post("/admin/users", [
        ("organization_id", provider_id), ("display_name", "Pat Peer"), ("email", peer_email), ("password", peer_password),
        ("roles", "peer_specialist"), ("program_ids", program_id), ("supervisor_id", ""),
        ("csrf", site.csrf(page, "/admin/users"))])
    peer_path = site.redirected(resp, "adding a peer specialist", rf"/admin/users/{UUID}")
    if peer_email not in site.get(peer_path).text or peer_email not in site.get("/admin/users").text:
        raise CheckFailed(f"the peer {peer_email} is not shown on {peer_path} and /admin/users")
    ok(f"added the peer specialist {peer_email} in {program!r} ({peer_path})")

    site.sign_out()
    peer = Site(port)
    target = peer.sign_in(peer_email, peer_password)
    if target != "/":
        raise CheckFailed(f"the peer is sent to {target} after signing in, expected /")
    home = peer.get("/")
    if 'data-role="peer_specialist"' not in home.text or program not in home.text:
        raise CheckFailed(f"the peer's home page lacks data-role=\"peer_specialist\" or the program {program!r}\n{home.describe()}")
    ok("the peer signs in with the password the administrator gave and sees the program")

    result = run_cli(binary, ["audit", "verify"], env, workdir)
    must_succeed(result, "peerway audit verify")
    ok(f"peerway audit verify: {citools.last_line(result.stdout)}")

    result = run_cli(binary, setup, env, workdir, stdin=password + "\n")
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    if result.returncode != 1 or len(lines) != 1 or "refused" not in lines[0] or result.stdout.strip():
        raise CheckFailed(f"a second `peerway setup` must exit 1 with one line saying it is refused; got exit "
                          f"{result.returncode}\n--- stdout:\n{result.stdout}\n--- stderr:\n{result.stderr}")
    ok(f"a second peerway setup is refused: {lines[0]}")

    if not server.running():
        raise CheckFailed("the server exited during the test\n" + server.describe_failure())
    for text in (server.stdout_text(), citools.tail(server.stderr_path, 2000)):
        if RUN_WARNING in text:
            raise CheckFailed(f"peerway serve printed PostgresNIO's warning that the client was not running:\n{text}")


def unreachable(binary: str, admin_url: str, workdir: str, ok) -> None:
    parts = urllib.parse.urlsplit(admin_url)
    secret = "pw-" + secrets.token_hex(6)  # must never appear in a message
    closed = citools.free_port()  # bound for a moment, then released: nothing listens there
    cases = [
        ("a closed port", urllib.parse.urlunsplit(parts._replace(netloc=f"peerway:{secret}@127.0.0.1:{closed}")),
         ["connection refused"]),
        ("a database that does not exist", citools.with_database(admin_url, "peerway_missing_" + secrets.token_hex(4)),
         ["does not exist"]),
        # Resolvers differ: NXDOMAIN at once, or no answer until the probe's 5 s time-out.
        ("an unknown host", urllib.parse.urlunsplit(parts._replace(netloc=f"peerway:{secret}@no-such-host.invalid:5432")),
         ["unknown host", "no answer"]),
    ]
    for what, url, causes in cases:
        env = citools.peerway_env(os.path.join(workdir, "unreachable.key"))
        env["PEERWAY_DATABASE_URL"] = url
        start = time.monotonic()
        result = run_cli(binary, ["migrate"], env, workdir, timeout=60)
        took = time.monotonic() - start
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        if result.returncode == 0:
            raise CheckFailed(f"`peerway migrate` against {what} ({citools.redact(url)}) exited 0\n{result.stdout}")
        if took > UNREACHABLE_LIMIT:
            raise CheckFailed(f"`peerway migrate` against {what} took {took:.1f}s to fail (limit {UNREACHABLE_LIMIT:.0f}s)")
        if len(lines) != 1 or not any(c in lines[0] for c in causes):
            raise CheckFailed(f"`peerway migrate` against {what} must say {' or '.join(map(repr, causes))} in one line; "
                              f"stderr:\n{result.stderr}")
        if secret in result.stderr:
            raise CheckFailed(f"the error line shows the password: {lines[0]}")
        ok(f"{what}: exit {result.returncode} after {took:.1f}s: {lines[0]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary", help="path to the peerway executable")
    parser.add_argument("postgres_url", help="postgres:// URL (role with CREATEDB)")
    parser.add_argument("--workdir", help="directory for logs and the audit key (kept)")
    parser.add_argument("--readme", default=os.path.join(ROOT, "README.md"))
    parser.add_argument("--startup-timeout", type=float, default=120)
    parser.add_argument("--keep-database", action="store_true", help="do not drop the fresh database at the end")
    args = parser.parse_args()

    citools.install_signal_handlers()
    binary = os.path.abspath(args.binary)
    workdir, created = citools.make_workdir(args.workdir, "peerway-first-run-")
    procs = citools.Processes(workdir)
    fresh = None
    passed = 0
    failed = True

    def ok(message: str) -> None:
        nonlocal passed
        passed += 1
        log(f"ok {passed}: {message}")

    try:
        citools.self_test_totp()
        if not citools.is_postgres_url(args.postgres_url):
            raise CheckFailed(f"{args.postgres_url!r} is not a postgres:// URL")
        if not os.access(binary, os.X_OK):
            raise CheckFailed(f"{binary} is not an executable")
        fresh = citools.create_fresh_postgres_database(args.postgres_url, "firstrun")
        log(f"empty database {citools.redact(fresh)}, workdir {workdir}")
        first_run(binary, fresh, args.readme, workdir, procs, args.startup_timeout, ok)
        unreachable(binary, args.postgres_url, workdir, ok)
        failed = False
    except CheckFailed as e:
        print(f"FIRST-RUN FAILURE: {e}", file=sys.stderr, flush=True)
    except Exception:
        print("FIRST-RUN ERROR (unexpected exception):", file=sys.stderr, flush=True)
        traceback.print_exc()
    finally:
        procs.stop_all()
        if failed:
            procs.print_failures()
        if fresh and not args.keep_database:
            citools.drop_postgres_database(args.postgres_url, fresh)
    citools.finish_workdir(workdir, created, failed, "first-run: logs")
    print(f"first-run: {passed} passed, {1 if failed else 0} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
