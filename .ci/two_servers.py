#!/usr/bin/env python3
"""Two `peerway serve` processes on one PostgreSQL database share sessions.

    python3 .ci/two_servers.py PEERWAY_BINARY POSTGRES_URL [--workdir DIR] [--startup-timeout 120]
        [--reuse-database] [--keep-database]

POSTGRES_URL names a database on the server to use; by default the script creates a fresh database
`two_<random>` next to it (the URL's role needs CREATEDB) and drops it at the end unless
--keep-database. With --reuse-database it uses POSTGRES_URL's database itself.

Steps: `peerway demo --no-serve`; servers A and B on two ports; sign in on A (GET /signin for the
`peerway_csrf` cookie and hidden `csrf` field, POST /signin -> 303 to / with a `peerway_session`
cookie); GET / on B with that session -> 200 and data-role="peer_specialist"; POST /signout on B
with the home page's `csrf`; then GET / on A must redirect to /signin. Cookies are kept in one jar
for both servers, as a browser does (cookies do not depend on the port). Standard library only.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import citools  # noqa: E402
from citools import CheckFailed  # noqa: E402

PEER = "peer@demo.peerway.test"
PASSWORD = "peerway-demo-password"


def log(message: str) -> None:
    citools.log("two-servers", message)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary", help="path to the peerway executable")
    parser.add_argument("postgres_url", help="postgres:// URL (role with CREATEDB)")
    parser.add_argument("--workdir", help="directory for logs and the audit key (kept)")
    parser.add_argument("--startup-timeout", type=float, default=120)
    parser.add_argument("--reuse-database", action="store_true", help="use the URL's database instead of a fresh one")
    parser.add_argument("--keep-database", action="store_true", help="do not drop the fresh database at the end")
    args = parser.parse_args()

    citools.install_signal_handlers()
    binary = os.path.abspath(args.binary)
    workdir, created = citools.make_workdir(args.workdir, "peerway-two-")
    procs = citools.Processes(workdir)
    fresh = None
    passed = 0
    failed = True

    def ok(message: str) -> None:
        nonlocal passed
        passed += 1
        log(f"ok {passed}: {message}")

    try:
        if not citools.is_postgres_url(args.postgres_url):
            raise CheckFailed(f"{args.postgres_url!r} is not a postgres:// URL")
        if not os.access(binary, os.X_OK):
            raise CheckFailed(f"{binary} is not an executable")
        if args.reuse_database:
            database = args.postgres_url
        else:
            database = fresh = citools.create_fresh_postgres_database(args.postgres_url, "two")
        log(f"database {citools.redact(database)}, workdir {workdir}")
        env = citools.peerway_env(citools.write_audit_key(workdir))
        citools.run([binary, "demo", "--database", database, "--no-serve"], timeout=300, env=env, cwd=workdir,
                    what="peerway demo --no-serve")
        log("demo data created")

        port_a, port_b = citools.free_port(), citools.free_port()
        while port_b == port_a:
            port_b = citools.free_port()
        server_a = procs.start("server-a", [binary, "serve", "--database", database, "--host", "127.0.0.1", "--port", str(port_a)], env)
        server_b = procs.start("server-b", [binary, "serve", "--database", database, "--host", "127.0.0.1", "--port", str(port_b)], env)
        citools.wait_http_200(server_a, f"http://127.0.0.1:{port_a}/health/ready", args.startup_timeout)
        citools.wait_http_200(server_b, f"http://127.0.0.1:{port_b}/health/ready", args.startup_timeout)
        ok(f"servers A (port {port_a}) and B (port {port_b}) are ready on one database")

        browser = citools.PageClient()
        page = browser.request(port_a, "GET", "/signin")
        if page.status != 200:
            raise CheckFailed(f"GET /signin on A: expected 200\n{page.describe()}")
        csrf = citools.hidden_input_value(page.text, "csrf")
        if not csrf:
            raise CheckFailed(f"GET /signin on A has no <input name=\"csrf\" value=...>\n{page.describe()}")
        if browser.jar.get("peerway_csrf") != csrf:
            raise CheckFailed(f"GET /signin on A: cookie peerway_csrf={browser.jar.get('peerway_csrf')!r} "
                              f"does not match the hidden csrf field {csrf!r}\nSet-Cookie seen: {browser.received}")
        ok("GET /signin on A gives the csrf field and the peerway_csrf cookie")

        resp = browser.request(port_a, "POST", "/signin", {"email": PEER, "password": PASSWORD, "csrf": csrf})
        if resp.status != 303 or resp.location_path() != "/":
            raise CheckFailed(f"POST /signin on A: expected 303 to /\n{resp.describe()}")
        if "peerway_session" not in browser.jar:
            raise CheckFailed(f"POST /signin on A set no peerway_session cookie\n{resp.describe()}")
        ok("POST /signin on A answers 303 to / with a peerway_session cookie")

        home = browser.request(port_b, "GET", "/")
        if home.status != 200:
            raise CheckFailed(f"GET / on B with A's session: expected 200\n{home.describe()}")
        if 'data-role="peer_specialist"' not in home.text:
            raise CheckFailed(f"GET / on B: no data-role=\"peer_specialist\" in the page\n{home.describe()}")
        ok("GET / on B with the session made on A shows the peer specialist's home")

        home_csrf = citools.hidden_input_value(home.text, "csrf")
        if not home_csrf:
            raise CheckFailed(f"the home page on B has no hidden csrf field for the sign-out form\n{home.describe()}")
        session_before = browser.jar["peerway_session"]
        out = browser.request(port_b, "POST", "/signout", {"csrf": home_csrf})
        if out.status not in (200, 302, 303):
            raise CheckFailed(f"POST /signout on B: expected a redirect (or 200)\n{out.describe()}")
        ok(f"POST /signout on B answers {out.status}")

        # Whatever B did to the browser's cookie, the old session itself must be dead on A.
        browser.jar["peerway_session"] = session_before
        again = browser.request(port_a, "GET", "/")
        if again.status not in (302, 303) or again.location_path() != "/signin":
            raise CheckFailed(f"GET / on A after signing out on B: expected 303/302 to /signin\n{again.describe()}")
        ok("after sign-out on B, A redirects the old session from / to /signin")

        for proc in (server_a, server_b):
            if not proc.running():
                raise CheckFailed(f"{proc.name} exited during the test\n{proc.describe_failure()}")
        failed = False
    except CheckFailed as e:
        print(f"TWO-SERVERS FAILURE: {e}", file=sys.stderr, flush=True)
    except Exception:
        print("TWO-SERVERS ERROR (unexpected exception):", file=sys.stderr, flush=True)
        traceback.print_exc()
    finally:
        procs.stop_all()
        if failed:
            procs.print_failures()
        if fresh and not args.keep_database:
            citools.drop_postgres_database(args.postgres_url, fresh)
    citools.finish_workdir(workdir, created, failed, "two-servers: logs")
    print(f"two-servers: {passed} passed, {1 if failed else 0} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
