#!/usr/bin/env python3
"""Validates the OpenAPI document a running `peerway demo` serves.

    python3 .ci/validate_openapi.py PEERWAY_BINARY [--workdir DIR] [--port N] [--startup-timeout 120]
        [--save FILE]

Starts `peerway demo --database WORKDIR/openapi.db --host 127.0.0.1 --port N`, waits for
/health/live, fetches /api/v1/openapi.json and validates it with openapi-spec-validator.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import citools  # noqa: E402
from citools import CheckFailed  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary", help="path to the peerway executable")
    parser.add_argument("--workdir", help="directory for the demo database and logs (kept)")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--startup-timeout", type=float, default=120)
    parser.add_argument("--save", help="also write the fetched document to this file")
    args = parser.parse_args()

    citools.install_signal_handlers()
    binary = os.path.abspath(args.binary)
    workdir, created = citools.make_workdir(args.workdir, "peerway-openapi-")
    procs = citools.Processes(workdir)
    port = args.port or citools.free_port()
    url = f"http://127.0.0.1:{port}/api/v1/openapi.json"
    failed = True
    try:
        try:
            from openapi_spec_validator import validate
        except ImportError:
            raise CheckFailed("openapi-spec-validator is not installed (pip install openapi-spec-validator)")
        if not os.access(binary, os.X_OK):
            raise CheckFailed(f"{binary} is not an executable")
        env = citools.peerway_env(os.path.join(workdir, "audit.key"))
        demo = procs.start("demo", [binary, "demo", "--database", os.path.join(workdir, "openapi.db"),
                                    "--host", "127.0.0.1", "--port", str(port)], env)
        citools.wait_http_200(demo, f"http://127.0.0.1:{port}/health/live", args.startup_timeout)
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/json"}), timeout=30) as resp:
                status, ctype, raw = resp.status, resp.headers.get("Content-Type", ""), resp.read()
        except urllib.error.HTTPError as e:
            raise CheckFailed(f"GET {url}: HTTP {e.code}: {e.read()[:500]!r}")
        except OSError as e:
            raise CheckFailed(f"GET {url} failed: {e}")
        if status != 200:
            raise CheckFailed(f"GET {url}: HTTP {status}")
        if "json" not in ctype.lower():
            raise CheckFailed(f"GET {url}: Content-Type is {ctype!r}, expected JSON")
        try:
            spec = json.loads(raw)
        except ValueError as e:
            raise CheckFailed(f"GET {url}: not JSON ({e}): {raw[:300]!r}")
        if args.save:
            with open(args.save, "wb") as f:
                f.write(raw)
        try:
            validate(spec)
        except Exception as e:  # the validator raises its own error types
            raise CheckFailed(f"the OpenAPI document is invalid: {type(e).__name__}: {e}")
        paths = spec.get("paths") or {}
        operations = sum(1 for item in paths.values() if isinstance(item, dict)
                         for method in item if method in ("get", "put", "post", "delete", "patch", "head", "options"))
        print(f"openapi: valid OpenAPI {spec.get('openapi')} document, {len(paths)} paths, {operations} operations",
              flush=True)
        failed = False
    except CheckFailed as e:
        print(f"OPENAPI FAILURE: {e}", file=sys.stderr, flush=True)
    except Exception:
        print("OPENAPI ERROR (unexpected exception):", file=sys.stderr, flush=True)
        traceback.print_exc()
    finally:
        procs.stop_all()
        if failed:
            procs.print_failures()
    citools.finish_workdir(workdir, created, failed, "openapi: logs")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
