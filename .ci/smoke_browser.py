#!/usr/bin/env python3
"""Browser smoke test: a phone-sized headless Chromium signs in to `peerway demo`.

    python3 .ci/smoke_browser.py PEERWAY_BINARY [--workdir DIR] [--port N]
        [--chromium /usr/bin/chromium] [--chromedriver /usr/bin/chromedriver] [--startup-timeout 120]

Starts `peerway demo --database WORKDIR/demo.db --host 127.0.0.1 --port N` (fresh SQLite demo data),
then checks, as the peer specialist: sign-in, the home page's role, the refusal of /admin/audit,
sign-out; and as the organization admin: password + TOTP (secret read from the demo's stdout),
the home page's role and the audit table. Screenshots go to WORKDIR (kept when --workdir is given
or when a check fails). Needs selenium (pip) and Debian's chromium + chromium-driver.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import os
import re
import shutil
import struct
import sys
import time
import traceback
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import citools  # noqa: E402
from citools import CheckFailed  # noqa: E402

PASSWORD = "peerway-demo-password"
PEER = "peer@demo.peerway.test"
ORGADMIN = "orgadmin@demo.peerway.test"
WAIT = 20  # seconds for any element / navigation


def totp(secret_base32: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 TOTP with HMAC-SHA-1."""
    secret = secret_base32.strip().replace(" ", "").upper()
    secret += "=" * (-len(secret) % 8)
    key = base64.b32decode(secret)
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % (10 ** digits)
    return str(code).zfill(digits)


def _self_test_totp() -> None:
    # RFC 6238 appendix B, SHA-1 seed "12345678901234567890", 8 digits.
    seed = base64.b32encode(b"12345678901234567890").decode()
    for t, expected in ((59, "94287082"), (1111111109, "07081804"), (20000000000, "65353130")):
        got = totp(seed, at=t, digits=8)
        if got != expected:
            raise CheckFailed(f"TOTP self-test failed at t={t}: {got} != {expected}")


class Smoke:
    def __init__(self, base: str, workdir: str, driver):
        self.base = base
        self.workdir = workdir
        self.driver = driver
        self.passed = 0
        self.shot = 0

    # --- helpers -------------------------------------------------------------------------
    def ok(self, message: str) -> None:
        self.passed += 1
        citools.log("smoke", f"ok {self.passed}: {message}")

    def page_context(self) -> str:
        d = self.driver
        try:
            source = d.page_source
        except Exception as e:  # pragma: no cover - diagnostics only
            source = f"(no page source: {e})"
        return f"current URL: {d.current_url}\ntitle: {d.title!r}\npage source (first 3000 chars):\n{source[:3000]}"

    def fail(self, message: str) -> None:
        raise CheckFailed(f"{message}\n{self.page_context()}")

    def screenshot(self, label: str) -> str:
        self.shot += 1
        path = os.path.join(self.workdir, f"smoke-{self.shot:02d}-{label}.png")
        self.driver.save_screenshot(path)
        citools.log("smoke", f"screenshot {path}")
        return path

    def open(self, path: str) -> None:
        self.driver.get(self.base + path)

    def path(self) -> str:
        return urllib.parse.urlsplit(self.driver.current_url).path

    def find(self, by: str, value: str, what: str):
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.support import expected_conditions as EC
        from selenium.webdriver.support.ui import WebDriverWait

        try:
            return WebDriverWait(self.driver, WAIT).until(EC.presence_of_element_located((by, value)))
        except TimeoutException:
            self.fail(f"no {what} ({by}={value!r}) within {WAIT}s")

    def wait_path(self, expected: str, what: str) -> None:
        deadline = time.monotonic() + WAIT
        while self.path() != expected:
            if time.monotonic() > deadline:
                self.fail(f"{what}: expected to be on {expected}, but the URL path is {self.path()!r}")
            time.sleep(0.1)

    def sign_in_password(self, email: str) -> None:
        from selenium.webdriver.common.by import By

        self.open("/signin")
        email_input = self.find(By.NAME, "email", "email input on /signin")
        password_input = self.find(By.NAME, "password", "password input on /signin")
        email_input.clear()
        email_input.send_keys(email)
        password_input.clear()
        password_input.send_keys(PASSWORD)
        self.find(By.ID, "signin-submit", "sign-in button").click()

    def expect_home(self, role: str) -> None:
        from selenium.webdriver.common.by import By

        home = self.find(By.ID, "home", "home page (id=home) after sign-in")
        got = home.get_attribute("data-role")
        if got != role:
            self.fail(f"home page data-role is {got!r}, expected {role!r}")
        self.ok(f"home page shows data-role={role}")

    # --- the scenario --------------------------------------------------------------------
    def run(self, totp_secret: str) -> None:
        from selenium.webdriver.common.by import By

        # Peer specialist: password only.
        self.open("/signin")
        self.find(By.NAME, "email", "email input on /signin")
        self.ok("/signin shows the sign-in form")
        self.screenshot("signin")

        self.sign_in_password(PEER)
        self.expect_home("peer_specialist")
        self.screenshot("home-peer")

        self.open("/admin/audit")
        error = self.find(By.ID, "error", "refusal page (id=error) on /admin/audit for a peer specialist")
        status = error.get_attribute("data-status")
        if status != "403":
            self.fail(f"/admin/audit refusal has data-status={status!r}, expected '403'")
        if self.driver.find_elements(By.ID, "audit-table"):
            self.fail("/admin/audit shows id=audit-table to a peer specialist")
        self.ok("/admin/audit refuses a peer specialist (data-status=403, no audit table)")
        self.screenshot("audit-refused")

        self.open("/")
        self.find(By.ID, "home", "home page")
        self.find(By.ID, "signout", "sign-out button (id=signout)").click()
        self.wait_path("/signin", "after sign-out")
        self.ok("sign-out lands on /signin")

        self.open("/")
        self.wait_path("/signin", "opening / after sign-out")
        self.ok("/ redirects to /signin after sign-out")

        # Organization admin: password + TOTP.
        self.sign_in_password(ORGADMIN)
        code_input = self.find(By.NAME, "code", "second-factor code input (name=code) after the admin's password")
        self.ok("organization admin is asked for a second factor")
        self.screenshot("second-factor")
        # Stay clear of the end of a 30 s step so the code is still current when it arrives.
        remaining = 30 - (time.time() % 30)
        if remaining < 3:
            time.sleep(remaining + 0.2)
        code_input.clear()
        code_input.send_keys(totp(totp_secret))
        self.find(By.ID, "second-factor-submit", "second-factor submit button").click()
        self.expect_home("organization_admin")
        self.screenshot("home-orgadmin")

        self.open("/admin/audit")
        self.find(By.ID, "audit-table", "audit table (id=audit-table) on /admin/audit for the organization admin")
        self.ok("/admin/audit shows the audit table to the organization admin")
        self.screenshot("audit-table")


def make_driver(chromium: str, chromedriver: str, workdir: str):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        raise CheckFailed("selenium is not installed (pip install selenium)")
    for path, package in ((chromium, "chromium"), (chromedriver, "chromium-driver")):
        if not os.path.exists(path):
            raise CheckFailed(f"{path} not found (apt-get install {package})")
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager download anything
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=390,844", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking",
                f"--user-data-dir={os.path.join(workdir, 'chromium-profile')}"):
        options.add_argument(arg)
    service = Service(executable_path=chromedriver, log_output=os.path.join(workdir, "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(60)
    driver.set_window_size(390, 844)
    # A phone's viewport (390x844 CSS px, mobile layout honouring <meta name=viewport>), not just a narrow window.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    return driver


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary", help="path to the peerway executable")
    parser.add_argument("--workdir", help="directory for the demo database, logs and screenshots (kept)")
    parser.add_argument("--port", type=int, default=0, help="port for the demo server (default: a free one)")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    parser.add_argument("--startup-timeout", type=float, default=120)
    args = parser.parse_args()

    citools.install_signal_handlers()
    binary = os.path.abspath(args.binary)
    workdir, created = citools.make_workdir(args.workdir, "peerway-smoke-")
    port = args.port or citools.free_port()
    base = f"http://127.0.0.1:{port}"
    procs = citools.Processes(workdir)
    driver = None
    smoke = None
    failed = 0
    try:
        _self_test_totp()
        if not os.access(binary, os.X_OK):
            raise CheckFailed(f"{binary} is not an executable")
        env = citools.peerway_env(os.path.join(workdir, "audit.key"))
        citools.log("smoke", f"workdir {workdir}")
        demo = procs.start("demo", [binary, "demo", "--database", os.path.join(workdir, "demo.db"),
                                    "--host", "127.0.0.1", "--port", str(port)], env)
        took = citools.wait_http_200(demo, base + "/health/live", args.startup_timeout)
        citools.log("smoke", f"demo answers on {base} after {took:.1f}s")

        pattern = re.compile(r"TOTP secret for " + re.escape(ORGADMIN) + r":\s*([A-Za-z2-7= ]+?)\s*$", re.MULTILINE)
        secret = None
        deadline = time.monotonic() + 10
        while secret is None:
            m = pattern.search(demo.stdout_text())
            if m:
                secret = m.group(1)
            elif time.monotonic() > deadline:
                raise CheckFailed(f"the demo printed no line 'TOTP secret for {ORGADMIN}: <BASE32>' on stdout\n"
                                  + demo.describe_failure())
            else:
                time.sleep(0.2)

        driver = make_driver(args.chromium, args.chromedriver, workdir)
        smoke = Smoke(base, workdir, driver)
        smoke.run(secret)
        if not demo.running():
            raise CheckFailed("the demo server exited during the test\n" + demo.describe_failure())
    except CheckFailed as e:
        failed = 1
        print(f"SMOKE FAILURE: {e}", file=sys.stderr, flush=True)
    except Exception:
        failed = 1
        print("SMOKE ERROR (unexpected exception):", file=sys.stderr, flush=True)
        traceback.print_exc()
    finally:
        if failed and driver is not None and smoke is not None:
            try:
                smoke.screenshot("failure")
            except Exception:
                pass
        if driver is not None:
            try:
                driver.quit()
            except Exception:
                pass
        procs.stop_all()
        if failed:
            for proc in procs.children:
                print(proc.describe_failure(), file=sys.stderr, flush=True)
    passed = smoke.passed if smoke is not None else 0
    if created and not failed:
        shutil.rmtree(workdir, ignore_errors=True)
    elif failed:
        print(f"smoke: artifacts kept in {workdir}", file=sys.stderr, flush=True)
    print(f"smoke: {passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
