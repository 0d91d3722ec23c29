#!/usr/bin/env python3
"""Browser test of the peer workforce through the server-rendered pages of `peerway demo`.

    python3 .ci/workforce_browser.py [PEERWAY_BINARY] [--workdir DIR] [--port N]
        [--chromium /usr/bin/chromium] [--chromedriver /usr/bin/chromedriver] [--startup-timeout 120]

Starts `peerway demo` (fresh SQLite demo data: peer@ is certified, renewal due in about 75 days, with
14 of the 20 continuing-education hours and 4 of the 6 of law and ethics logged) and drives a
phone-sized (390x844) headless Chromium by the links and forms a person would use:

  1. the peer opens their certification page (/me/certification): the state, the checklist of what
     remains and by when, the hours logged of those required;
  2. "Log continuing education": negative hours are refused by their field; two hours of law and ethics
     are logged; the page says so, and the checklist now shows 16 of 20 hours and law and ethics done;
  3. the supervisor opens "Supervision": the peer's minutes this month; "Log a supervision session":
     45 minutes with the peer; the team's hours for the peer go up by 45;
  4. another peer (peer0@) opening the first peer's certification page gets the 404 page.

Prints one line per step; on a failure, the page's visible text and a screenshot path, and exits 1.
Needs selenium (pip) and Debian's chromium + chromium-driver.
"""

from __future__ import annotations

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import citools  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOMAIN = citools.DEMO_DOMAIN
PEER = f"peer@{DOMAIN}"
PEER_NAME = "Alex Rivera"
SUPERVISOR = f"supervisor@{DOMAIN}"
SECOND_PEER = f"peer0@{DOMAIN}"
STAFF_PATH = re.compile(r"/staff/([0-9a-fA-F-]{36})")
MINUTES = re.compile(r"(\d+) of (\d+) min")


def log(message: str) -> None:
    citools.log("workforce", message)


class WorkforcePath(citools.WalkedPath):
    def __init__(self, base: str, workdir: str, driver):
        super().__init__("workforce", base, workdir, driver)

    def text_of(self, css: str, what: str) -> str:
        return " ".join(self.expect(css, what).text.split())

    def team_minutes(self) -> int:
        from selenium.webdriver.common.by import By

        self.expect("table#team", "the team (id=team)")
        for row in self.driver.find_elements(By.CSS_SELECTOR, "table#team tbody tr"):
            if PEER_NAME in row.text:
                cell = row.find_elements(By.CSS_SELECTOR, "td")[1]
                found = MINUTES.search(cell.text)
                if not found:
                    self.fail(f"{PEER_NAME}'s minutes this month read {cell.text!r}, not 'N of M min'")
                return int(found.group(1))
        self.fail(f"the supervisor's team does not list {PEER_NAME}")
        return 0

    def run(self) -> None:
        import datetime

        today = datetime.date.today().isoformat()
        self.sign_in(PEER, "peer_specialist")
        self.open("/me/certification")
        self.expect("#checklist", "the checklist (id=checklist)")
        if not STAFF_PATH.fullmatch(self.path()):
            self.fail(f"/me/certification should lead to /staff/<id>, not {self.path()!r}")
        staff_path = self.path()
        state = self.text_of("#certification-state", "the certification state")
        checklist = self.text_of("#checklist", "the checklist")
        hours = self.text_of("#ce-hours", "the hours logged (id=ce-hours)")
        for text in ("Log 6 more hours of continuing education", "Log 2 more hours of law and ethics"):
            if text not in checklist:
                self.fail(f"the checklist does not say {text!r}: {checklist!r}")
        if "14" not in hours or "20" not in hours:
            self.fail(f"the hours logged read {hours!r}, not 14 of 20")
        self.screenshot("certification")
        self.ok(f"{staff_path}: {state!r}; the checklist says what remains and by when ({hours!r})")

        self.click("#log-ce", "'Log continuing education' (id=log-ce)")
        self.wait_path(staff_path + "/education", "after 'Log continuing education'")
        self.type_into("taken_on", today, "the day")
        self.type_into("hours", "-2", "negative hours")
        self.choose_option("category", "law_and_ethics", "law and ethics")
        self.type_into("title", "Law and ethics refresher", "the course")
        self.click("#submit", "'Save' (id=submit) with negative hours")
        message = self.field_error("hours", "negative hours")
        self.ok(f"negative hours are refused by their field ({message!r})")
        self.type_into("hours", "2", "two hours")
        self.choose_option("category", "law_and_ethics", "law and ethics")
        self.click("#submit", "'Save' (id=submit)")
        self.wait_path(staff_path, "after logging the hours")
        self.expect("#notice", "the notice after logging the hours")
        checklist = self.text_of("#checklist", "the checklist")
        hours = self.text_of("#ce-hours", "the hours logged (id=ce-hours)")
        if "Log 4 more hours of continuing education" not in checklist:
            self.fail(f"after two more hours the checklist does not say 4 remain: {checklist!r}")
        if "Log 2 more hours of law and ethics" in checklist or "6 hours of law and ethics logged" not in checklist:
            self.fail(f"after two hours of law and ethics the checklist does not show them done: {checklist!r}")
        if "16" not in hours:
            self.fail(f"the hours logged read {hours!r}, not 16 of 20")
        self.screenshot("certification-updated")
        self.ok(f"two hours of law and ethics logged: the checklist now says 4 hours remain and law and ethics is done ({hours!r})")
        self.sign_out()

        self.sign_in(SUPERVISOR, "supervisor")
        self.nav("Supervision", "/supervision")
        before = self.team_minutes()
        self.click("#log-session", "'Log a supervision session' (id=log-session)")
        self.wait_path("/supervision/new", "after 'Log a supervision session'")
        self.type_into("held_on", today, "the day")
        self.type_into("minutes", "45", "45 minutes")
        self.tick("format", "individual", "individual")
        from selenium.webdriver.common.by import By
        boxes = [b for b in self.driver.find_elements(By.CSS_SELECTOR, "input[name='peers']")
                 if PEER_NAME in (self.driver.find_element(By.CSS_SELECTOR, f"label[for='{b.get_attribute('id')}']").text)]
        if not boxes:
            self.fail(f"the session form does not offer {PEER_NAME}")
        self.tick("peers", boxes[0].get_attribute("value"), PEER_NAME)
        self.tick("topics", "boundaries", "boundaries")
        self.click("#submit", "'Log the session' (id=submit)")
        self.wait_path("/supervision", "after logging the session")
        self.expect("#notice", "the notice after logging the session")
        after = self.team_minutes()
        if after != before + 45:
            self.fail(f"{PEER_NAME}'s minutes this month went from {before} to {after}, not {before + 45}")
        self.screenshot("supervision")
        self.ok(f"the supervisor logged 45 minutes with {PEER_NAME}: this month {before} → {after} minutes")
        self.sign_out()

        self.sign_in(SECOND_PEER, "peer_specialist")
        self.open(staff_path)
        page = self.expect("#error", "the error page (id=error)")
        if page.get_attribute("data-status") != "404":
            self.fail(f"{SECOND_PEER} opening {staff_path} gets status {page.get_attribute('data-status')!r}, not 404")
        if "Law and ethics refresher" in self.driver.page_source:
            self.fail(f"{SECOND_PEER} sees the other peer's continuing education")
        self.ok(f"{SECOND_PEER} gets the 404 page for {PEER_NAME}'s certification page")


def main() -> int:
    return citools.run_walked_path("workforce", __doc__, WorkforcePath, "WORKFORCE")


if __name__ == "__main__":
    sys.exit(main())
