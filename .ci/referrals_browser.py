#!/usr/bin/env python3
"""Browser test of a referral's closed loop through the server-rendered pages of `peerway demo`.

    python3 .ci/referrals_browser.py [PEERWAY_BINARY] [--workdir DIR] [--port N]
        [--chromium /usr/bin/chromium] [--chromedriver /usr/bin/chromedriver] [--startup-timeout 120]

Starts `peerway demo` (fresh SQLite demo data) and drives a phone-sized (390×844) headless Chromium by
the links and forms a person would use:

  1. the peer specialist reads their linkage measures: referrals made, and the rate as "N linked of D";
  2. opens the first person on their caseload, follows "Make a referral", then "Find a service in the
     directory"; searches for "housing" spoken in Spanish: each card says why it matched ("Speaks
     Spanish") and its linkage record; "Refer to this service" on the first card opens the referral
     form filled from the directory;
  3. saves it with no need chosen: refused by the need field, the service from the directory kept;
  4. chooses housing, "We call together", "Sent or called": the referral page says "Sent" with a notice;
  5. "Record what happened": "Accepted"; then "Linked" dated tomorrow is refused by its date field;
     then "Linked" now: the page says "Linked: received the service" and no longer offers the step;
  6. the person's record lists the referral; the slip names the service and gives its hours;
  7. the measures now count one more referral made and one more linked of one more with an outcome;
  8. another peer (peer0@, another caseload) opening the referral gets the 404 page, without its text.

Prints one line per step; on a failure, the page's visible text and a screenshot path, and exits 1.
Needs selenium (pip) and Debian's chromium + chromium-driver.
"""

from __future__ import annotations

import datetime
import os
import re
import secrets
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import citools  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOMAIN = citools.DEMO_DOMAIN
PEER = f"peer@{DOMAIN}"
SECOND_PEER = f"peer0@{DOMAIN}"  # another caseload in the same program (see services_browser.py)
REFERRAL_PATH = re.compile(r"/referrals/([0-9a-fA-F-]{36})")
RATE = re.compile(r"([0-9.]+%|No outcomes yet) · ([0-9,]+) linked of ([0-9,]+)")


def log(message: str) -> None:
    citools.log("referrals", message)


class ReferralLoop(citools.WalkedPath):
    def __init__(self, base: str, workdir: str, driver):
        super().__init__("referrals", base, workdir, driver)
        token = secrets.token_hex(3)
        self.service = ""
        self.note = f"Called together; intake on Monday (ci {token})"
        self.referral_path = ""

    def text_of(self, css: str, what: str) -> str:
        return " ".join(self.expect(css, what).text.split())

    def measures(self) -> tuple[int, int, int]:
        self.open("/referrals/measures")
        made = int(self.text_of("#referrals-made", "referrals made (id=referrals-made)").replace(",", ""))
        rate = self.text_of("#linkage-rate", "linkage rate (id=linkage-rate)")
        m = RATE.fullmatch(rate)
        if not m:
            self.fail(f"the linkage rate reads {rate!r}, not 'P% · N linked of D'")
        if "linked (the person received the service)" not in self.text_of("#linkage-definition", "the rate's definition"):
            self.fail("the measures page does not say what the rate counts")
        return made, int(m.group(2).replace(",", "")), int(m.group(3).replace(",", ""))

    def move(self, status: str, when: str, what: str) -> None:
        self.click("#record-status", "'Record what happened' (id=record-status)")
        self.wait_path(self.referral_path + "/status", f"after 'Record what happened' ({what})")
        self.tick("status", status, f"status {status}")
        self.type_into("occurred_at", when, "when it happened")
        self.click("#submit", "'Save' (id=submit)")

    def run(self) -> None:
        from selenium.webdriver.common.by import By

        self.sign_in(PEER, "peer_specialist")
        made0, linked0, outcomes0 = self.measures()
        self.ok(f"{PEER}'s measures: {made0} referrals made, {linked0} linked of {outcomes0} with an outcome")

        self.nav("Caseload", "/caseload")
        links = self.driver.find_elements(By.CSS_SELECTOR, "table#caseload tbody tr td a[href^='/participants/']")
        if not links:
            self.fail(f"{PEER}'s caseload lists nobody")
        person_name = links[0].text.strip()
        person_path = urllib.parse.urlsplit(links[0].get_attribute("href")).path
        self.click_and_wait(links[0], "the first person on the caseload")
        self.click("#make-referral", "'Make a referral' (id=make-referral)")
        self.wait_path(person_path + "/referral", "after 'Make a referral'")
        self.click("#form-intro-link", "'Find a service in the directory' (id=form-intro-link)")
        self.wait_path("/directory", "after 'Find a service in the directory'")
        self.type_into("q", "housing", "what are you looking for")
        self.choose_option("language", "es", "language spoken")
        self.click("#search-submit", "'Search' (id=search-submit)")
        cards = self.driver.find_elements(By.CSS_SELECTOR, "table#directory-services tbody tr")
        if not cards:
            self.fail("searching the directory for Spanish-speaking housing help finds nothing")
        why = " ".join(cards[0].find_element(By.CSS_SELECTOR, "td.why").text.split())
        if "Speaks Spanish" not in why or "matches" not in why:
            self.fail(f"the first card says it matched because {why!r}, not the name and Spanish")
        if "referrals" not in cards[0].text and "No referrals" not in cards[0].text and "Not shown" not in cards[0].text:
            self.fail("the first card shows no linkage record")
        self.service = cards[0].find_element(By.CSS_SELECTOR, "td.main a").text.strip()
        self.screenshot("directory-search")
        self.click_and_wait(cards[0].find_element(By.CSS_SELECTOR, "td.action a"), "'Refer to this service' on the first card")
        self.wait_path(person_path + "/referral", "after 'Refer to this service'")
        if self.service not in self.text_of("#form-intro", "the form's intro (id=form-intro)"):
            self.fail("the referral form does not say which directory service it refers to")
        filled = self.expect("#resource_name", "service field").get_property("value")
        if filled != self.service:
            self.fail(f"the form's service reads {filled!r}, not the chosen {self.service!r}")
        self.ok(f"{person_name}: the directory's search for housing in Spanish matched ({why!r}); 'Refer to this service' filled the form")
        self.click("#submit", "'Save referral' (id=submit) with no need chosen")
        message = self.field_error("need", "a referral without a need")
        kept = self.expect("#resource_name", "service field").get_property("value")
        if kept != self.service:
            self.fail(f"after the refusal the service reads {kept!r}, not the directory's")
        self.ok(f"'Save referral' without a need is refused by its field ({message!r}); the service from the directory is kept")

        self.choose_option("need", "housing", "need")
        self.tick("handoff", "call_together", "we call together")
        self.tick("status", "sent", "sent or called")
        self.type_into("note", self.note, "note")
        self.click("#submit", "'Save referral' (id=submit)")
        self.expect("#referral-status", "the referral's status (id=referral-status)")
        if not REFERRAL_PATH.fullmatch(self.path()):
            self.fail(f"saving should land on /referrals/<id>, not {self.path()!r}")
        self.referral_path = self.path()
        if self.text_of("#referral-status", "status") != "Sent":
            self.fail(f"the new referral's status reads {self.text_of('#referral-status', 'status')!r}, expected 'Sent'")
        self.expect("#notice", "the notice after saving (id=notice)")
        self.screenshot("sent")
        self.ok(f"housing, called together, sent → {self.referral_path}: 'Sent', with a notice")

        # Minutes as the form offers them: never before the referral (made this minute), never later than now.
        now = datetime.datetime.now()
        stamp = lambda t: t.strftime("%Y-%m-%dT%H:%M")
        self.move("accepted", stamp(now), "accepted")
        self.expect("#referral-status", "status after 'Accepted'")
        if self.text_of("#referral-status", "status") != "Accepted":
            self.fail(f"after 'Accepted' the status reads {self.text_of('#referral-status', 'status')!r}")
        self.move("linked", stamp(now + datetime.timedelta(days=1)), "linked tomorrow")
        message = self.field_error("occurred_at", "a linkage dated tomorrow")
        self.screenshot("future-refused")
        self.ok(f"'Accepted' recorded; 'Linked' dated tomorrow is refused by its date field ({message!r})")
        self.open(self.referral_path)
        self.move("linked", stamp(now), "linked now")
        status = self.text_of("#referral-status", "status after 'Linked'")
        if status != "Linked: received the service":
            self.fail(f"after 'Linked' the status reads {status!r}")
        if self.driver.find_elements(By.ID, "record-status"):
            self.fail("a linked referral still offers 'Record what happened'")
        history = self.text_of("#referral-history", "history (id=referral-history)")
        for step in ("Linked", "Accepted", "Sent"):
            if step not in history:
                self.fail(f"the history does not list {step!r}: {history!r}")
        self.screenshot("linked")
        self.ok("'Linked' now: the loop is closed, the history lists sent, accepted and linked")

        self.open(person_path)
        if not self.driver.find_elements(By.CSS_SELECTOR, f"#referral-list a[href='{self.referral_path}']"):
            self.fail(f"the record {person_path} does not list the referral in #referral-list")
        self.open(self.referral_path + "/slip")
        if self.service not in self.text_of("#referral-slip", "the slip (id=referral-slip)"):
            self.fail("the slip does not name the service")
        hours = self.text_of("#slip-hours", "the service's hours on the slip (id=slip-hours)")
        self.ok(f"the person's record lists the referral; the slip names the service and its hours ({hours!r})")

        made1, linked1, outcomes1 = self.measures()
        if (made1, linked1, outcomes1) != (made0 + 1, linked0 + 1, outcomes0 + 1):
            self.fail(f"the measures went from {made0} made, {linked0} of {outcomes0} to {made1} made, {linked1} of {outcomes1}; "
                      "expected one more of each")
        self.screenshot("measures")
        self.ok(f"the measures now count {made1} made and {linked1} linked of {outcomes1}")
        self.sign_out()

        self.sign_in(SECOND_PEER, "peer_specialist")
        self.open(self.referral_path)
        source = self.driver.page_source
        if self.note in source or person_name in source:
            self.fail(f"{SECOND_PEER} opening {self.referral_path} sees the referral's text")
        page = self.expect("#error", "the error page (id=error)")
        if page.get_attribute("data-status") != "404":
            self.fail(f"{SECOND_PEER} opening {self.referral_path} gets status {page.get_attribute('data-status')!r}, not 404")
        self.ok(f"{SECOND_PEER} (another caseload) gets the 404 page for the referral, without its text")


def main() -> int:
    return citools.run_walked_path("referrals", __doc__, ReferralLoop, "REFERRALS")


if __name__ == "__main__":
    sys.exit(main())
