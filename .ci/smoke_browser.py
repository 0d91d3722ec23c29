#!/usr/bin/env python3
"""Browser smoke test: a phone-sized headless Chromium signs in to `peerway demo`.

    python3 .ci/smoke_browser.py PEERWAY_BINARY [--workdir DIR] [--port N]
        [--chromium /usr/bin/chromium] [--chromedriver /usr/bin/chromedriver] [--startup-timeout 120]

Starts `peerway demo --database WORKDIR/demo.db --host 127.0.0.1 --port N` (fresh SQLite demo data),
then checks, as the peer specialist: sign-in, the home page's role, a small CSV file chosen in the
import page's file input (dry run, then the import: the counts on the page), the refusal of
/admin/audit, sign-out; and as the organization admin: password + TOTP (secret read from the demo's stdout),
the home page's role and the audit table. Screenshots go to WORKDIR (kept when --workdir is given
or when a check fails). Needs selenium (pip) and Debian's chromium + chromium-driver.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import citools  # noqa: E402
from citools import CheckFailed  # noqa: E402

PASSWORD = citools.DEMO_PASSWORD
PEER = f"peer@{citools.DEMO_DOMAIN}"
ORGADMIN = f"orgadmin@{citools.DEMO_DOMAIN}"


class Smoke(citools.BrowserPage):
    def __init__(self, base: str, workdir: str, driver):
        super().__init__(base, driver)
        self.workdir = workdir
        self.passed = 0
        self.shot = 0

    # --- helpers -------------------------------------------------------------------------
    def ok(self, message: str) -> None:
        self.passed += 1
        citools.log("smoke", f"ok {self.passed}: {message}")

    def screenshot(self, label: str) -> str:
        self.shot += 1
        path = os.path.join(self.workdir, f"smoke-{self.shot:02d}-{label}.png")
        self.driver.save_screenshot(path)
        citools.log("smoke", f"screenshot {path}")
        return path

    def expect_home(self, role: str) -> None:
        from selenium.webdriver.common.by import By

        home = self.find(By.ID, "home", "home page (id=home) after sign-in")
        got = home.get_attribute("data-role")
        if got != role:
            self.fail(f"home page data-role is {got!r}, expected {role!r}")
        self.ok(f"home page shows data-role={role}")

    def upload_csv(self) -> None:
        """Chooses a two-row CSV file on the import page as a person would, dry run first, then imports it."""
        from selenium.webdriver.common.by import By

        path = os.path.join(self.workdir, "smoke-people.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write("legal_given_name,legal_family_name,date_of_birth\r\nSmoke,Upload,1990-01-01\r\nSmokey,Upload,1991-02-02\r\n")
        for dry_run, expected in ((True, "Dry run (nothing written): 2 rows read = 2 would be created + 0 would be updated"),
                                  (False, "Imported: 2 rows read = 2 created + 0 updated")):
            self.open("/participants/import")
            form = self.find(By.ID, "journey-form", "import form (id=journey-form)")
            if form.get_attribute("enctype") != "multipart/form-data":
                self.fail(f"the import form's enctype is {form.get_attribute('enctype')!r}")
            self.find(By.ID, "file", "file input (id=file)").send_keys(path)
            box = self.find(By.ID, "dry_run", "dry-run checkbox (id=dry_run)")
            if box.is_selected() != dry_run:
                box.click()
            self.click_and_wait(self.find(By.ID, "submit", "import button (id=submit)"), "importing the file")
            summary = self.find(By.ID, "import-result", "the import's counts (id=import-result)").text
            if expected not in summary:
                self.fail(f"the import page says {summary!r}, expected it to contain {expected!r}")
            self.ok(f"a CSV file chosen on /participants/import: {summary}")
            self.screenshot("import-dry-run" if dry_run else "import-done")

    # --- the scenario --------------------------------------------------------------------
    def run(self, totp_secret: str) -> None:
        from selenium.webdriver.common.by import By

        # Peer specialist: password only.
        self.open("/signin")
        self.find(By.NAME, "email", "email input on /signin")
        self.ok("/signin shows the sign-in form")
        self.screenshot("signin")

        self.submit_password(PEER)
        self.expect_home("peer_specialist")
        self.screenshot("home-peer")
        self.upload_csv()

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
        self.submit_password(ORGADMIN)
        code_input = self.find(By.NAME, "code", "second-factor code input (name=code) after the admin's password")
        self.ok("organization admin is asked for a second factor")
        self.screenshot("second-factor")
        # Stay clear of the end of a 30 s step so the code is still current when it arrives.
        remaining = 30 - (time.time() % 30)
        if remaining < 3:
            time.sleep(remaining + 0.2)
        self.submit_code(code_input, citools.totp_code(totp_secret))
        self.expect_home("organization_admin")
        self.screenshot("home-orgadmin")

        self.open("/admin/audit")
        self.find(By.ID, "audit-table", "audit table (id=audit-table) on /admin/audit for the organization admin")
        self.ok("/admin/audit shows the audit table to the organization admin")
        self.screenshot("audit-table")


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
        citools.self_test_totp()
        if not os.access(binary, os.X_OK):
            raise CheckFailed(f"{binary} is not an executable")
        env = citools.peerway_env(os.path.join(workdir, "audit.key"))
        citools.log("smoke", f"workdir {workdir}")
        demo = citools.start_demo(procs, binary, workdir, port, env, args.startup_timeout, "smoke")
        secret = citools.demo_totp_secrets(demo, [ORGADMIN]).get(ORGADMIN)
        if secret is None:
            raise CheckFailed(f"the demo printed no line 'TOTP secret for {ORGADMIN}: <BASE32>' on stdout\n"
                              + demo.describe_failure())

        driver = citools.make_driver(args.chromium, args.chromedriver, workdir, 390, 844, mobile=True)
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
        citools.tear_down(driver, procs, failed)
    passed = smoke.passed if smoke is not None else 0
    citools.finish_workdir(workdir, created, failed, "smoke: artifacts")
    print(f"smoke: {passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
