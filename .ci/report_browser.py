#!/usr/bin/env python3
"""Browser test of the program report through the server-rendered pages of `peerway demo`.

    python3 .ci/report_browser.py [PEERWAY_BINARY] [--workdir DIR] [--port N]
        [--chromium /usr/bin/chromium] [--chromedriver /usr/bin/chromedriver] [--startup-timeout 120]

Starts `peerway demo` (fresh SQLite demo data) and drives a phone-sized (390x844) headless Chromium:

  1. the program manager follows "Reports": the report of the last complete fiscal year opens with
     its figures, and its charts are drawn (inline SVG, each with a title), visible and no wider than
     the phone;
  2. a period that ends before it starts is refused on its field, and the error summary links to it;
  3. the CSV of every table downloads with the session;
  4. printed (print media emulated), the navigation, the form and the buttons are gone and the charts
     remain; Chromium prints the page to a PDF (kept in the workdir);
  5. a peer specialist following the address gets the error page (403), not the report.

Prints one line per step; on a failure, the page's visible text and a screenshot path, and exits 1.
Needs selenium (pip) and Debian's chromium + chromium-driver.
"""

from __future__ import annotations

import base64
import os
import sys
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import citools  # noqa: E402

DOMAIN = citools.DEMO_DOMAIN
MANAGER = f"manager@{DOMAIN}"
PEER = f"peer@{DOMAIN}"


class ReportPath(citools.WalkedPath):
    def __init__(self, base: str, workdir: str, driver):
        super().__init__("report", base, workdir, driver)

    def charts(self):
        from selenium.webdriver.common.by import By

        return self.driver.find_elements(By.CSS_SELECTOR, "#report figure.chart svg")

    def run(self) -> None:
        from selenium.webdriver.common.by import By

        self.sign_in(MANAGER, "program_manager")
        self.nav("Reports", "/reports")
        self.expect("#report", "the report (id=report)")
        period = " ".join(self.expect("#report-period", "the period (id=report-period)").text.split())
        if "FY" not in period:
            self.fail(f"the default period should be the last fiscal year, the page says {period!r}")
        text = self.driver.find_element(By.CSS_SELECTOR, "#report").text
        for words in ("connected", "enrolled", "referrals"):
            if words not in text.lower():
                self.fail(f"the report does not mention {words!r}")
        charts = self.charts()
        if len(charts) < 2:
            self.fail(f"the report draws {len(charts)} charts, expected at least 2")
        width = self.driver.execute_script("return document.documentElement.clientWidth")
        for chart in charts:
            self.reveal(chart)
            size = chart.size
            if not chart.is_displayed() or size["width"] <= 0 or size["height"] <= 0:
                self.fail(f"a chart is not visible (displayed={chart.is_displayed()}, size={size})")
            if size["width"] > width:
                self.fail(f"a chart is {size['width']} px wide on a {width} px screen")
            if not chart.find_elements(By.CSS_SELECTOR, "title"):
                self.fail("a chart has no <title> to name it")
            if not chart.find_elements(By.CSS_SELECTOR, "rect"):
                self.fail("a chart draws no bars")
        self.screenshot("report")
        self.ok(f"{period}: {len(charts)} charts drawn, visible and within {width} px")

        self.type_into("from", "2026-07-01", "the first day")
        self.type_into("to", "2025-06-30", "a last day before it")
        self.click("#report-form button[type=submit]", "'Show the report'")
        message = self.field_error("to", "a period ending before it starts")
        links = [a.get_attribute("href") or "" for a in self.driver.find_elements(By.CSS_SELECTOR, ".error-summary a")]
        if not any(href.endswith("#to") for href in links):
            self.fail(f"the error summary does not link to the field 'to' (links: {links})")
        self.ok(f"a period ending before it starts is refused on its field ({message!r})")

        self.open("/reports")
        self.expect("#report", "the report (id=report)")
        href = self.expect("#report-csv", "the CSV link (id=report-csv)").get_attribute("href")
        # The page's content security policy allows no fetch from a script: download with the session's cookie.
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in self.driver.get_cookies())
        try:
            with urllib.request.urlopen(urllib.request.Request(href, headers={"Cookie": cookie}), timeout=30) as response:
                csv = (response.status, response.read().decode("utf-8"), response.headers.get("Content-Type", ""))
        except urllib.error.HTTPError as e:
            csv = (e.code, "", "")
        if csv[0] != 200 or "text/csv" not in csv[2] or csv[1].count("\n") < 5:
            self.fail(f"the CSV answered {csv[0]} ({csv[2]}) with {csv[1][:200]!r}")
        self.ok(f"the CSV of every table downloads ({csv[1].count(chr(10))} lines)")

        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        try:
            for css in (".top", "header nav", "#report-form", "#report-csv"):
                hidden = all(not e.is_displayed() for e in self.driver.find_elements(By.CSS_SELECTOR, css))
                if not hidden:
                    self.fail(f"{css} still shows when the page is printed")
            if not all(chart.is_displayed() for chart in self.charts()):
                self.fail("a chart is hidden when the page is printed")
            pdf = base64.b64decode(self.driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})["data"])
        finally:
            self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        if not pdf.startswith(b"%PDF") or len(pdf) < 2000:
            self.fail(f"printing gave {len(pdf)} bytes, not a PDF")
        path = os.path.join(self.workdir, "report.pdf")
        with open(path, "wb") as f:
            f.write(pdf)
        self.ok(f"printed: no navigation, form or buttons; the charts remain; {len(pdf)} bytes of PDF in {path}")
        self.sign_out()

        self.sign_in(PEER, "peer_specialist")
        self.open("/reports")
        page = self.expect("#error", "the error page (id=error)")
        if page.get_attribute("data-status") not in ("403", "404"):
            self.fail(f"a peer opening /reports gets status {page.get_attribute('data-status')!r}, not 403 or 404")
        if self.driver.find_elements(By.CSS_SELECTOR, "#report"):
            self.fail("a peer sees the report")
        self.ok(f"a peer specialist gets the {page.get_attribute('data-status')} page, not the report")


def main() -> int:
    return citools.run_walked_path("report", __doc__, ReportPath, "REPORT")


if __name__ == "__main__":
    sys.exit(main())
