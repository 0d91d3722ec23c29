#!/usr/bin/env python3
"""Browser test of a participant's whole journey through the server-rendered pages of `peerway demo`.

    python3 .ci/journey_browser.py [PEERWAY_BINARY] [--workdir DIR] [--port N]
        [--chromium /usr/bin/chromium] [--chromedriver /usr/bin/chromedriver] [--startup-timeout 120]

PEERWAY_BINARY defaults to $PEERWAY_BIN, else to `swift build --show-bin-path`/peerway (what .ci/run
builds). Starts `peerway demo` (fresh SQLite demo data) and drives a phone-sized headless Chromium
through the pages only by the links and forms a person would use:

  the peer specialist takes a new person in (first refused: a date of birth in the future), finds them
  exactly once, screens them (criteria C and F: eligible), enrolls them, and is refused a second
  enrollment in the same program; the supervisor finds the person, sees the pairing suggestions with
  their reasons and pairs them with the peer; the peer finds them in the caseload, records a
  continued-stay review and discharges them (first refused: a date before enrollment); another peer of
  the same program, and the evaluator, get no trace of the record.

The test creates its own person (a unique name) and never relies on demo participants. Prints one line
per step; on a failure, the page's visible text and a screenshot path, and exits 1. Screenshots go to
WORKDIR (kept when --workdir is given or when a check fails). Needs selenium (pip) and Debian's
chromium + chromium-driver.
"""

from __future__ import annotations

import datetime
import os
import secrets
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import citools  # noqa: E402
from citools import CheckFailed  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOMAIN = citools.DEMO_DOMAIN
PEER = f"peer@{DOMAIN}"
PEER_NAME = "Alex Rivera"  # peer@'s display name in Sources/PeerwayDemo/DemoGenerator.swift
SUPERVISOR = f"supervisor@{DOMAIN}"  # Sam Okafor, peer@'s supervisor
# DemoGenerator's generated workforce: peer{i}@ for i in 0..<max(4, participants / 25), peer{i} in
# programs[i % 5]; so peer0@ works in Next Steps at NAMI San Diego like peer@, has another supervisor
# and never met the test's person. Same demo password.
SECOND_PEER = f"peer0@{DOMAIN}"
EVALUATOR = f"evaluator@{DOMAIN}"
DOB = "1990-07-04"


def log(message: str) -> None:
    citools.log("journey", message)


class Journey(citools.WalkedPath):
    def __init__(self, base: str, workdir: str, driver):
        super().__init__("journey", base, workdir, driver)
        suffix = secrets.token_hex(3)
        self.given = "José"
        self.family = f"Núñez-Test{suffix}"
        self.name = f"{self.given} {self.family}"
        self.suffix = suffix
        self.record_path = ""
        self.enrolled_on = ""

    # --- pages of the journey (reporting, waiting, signing in: citools.WalkedPath) --------------
    def submit(self, what: str) -> None:
        self.click("#submit", f"submit button (id=submit) of {what}")

    def link_named(self, container: str, text: str, what: str):
        """The link inside CONTAINER whose text is TEXT."""
        from selenium.webdriver.common.by import By

        self.expect(container, what)
        links = [a for a in self.driver.find_elements(By.CSS_SELECTOR, f"{container} a") if a.text.strip() == text]
        if not links:
            self.fail(f"no link {text!r} in {container} ({what})")
        return links

    def expect_record(self, what: str) -> None:
        """On the test person's record: the heading shows the name."""
        heading = self.expect("#participant-name", f"participant record heading (id=participant-name) {what}")
        text = heading.text.strip()
        if self.name not in text:
            self.fail(f"the record's heading reads {text!r}, expected {self.name!r} ({what})")
        if self.record_path and self.path() != self.record_path:
            self.fail(f"expected the record at {self.record_path}, but the URL path is {self.path()!r} ({what})")

    def episode(self):
        """The one episode article on the record."""
        from selenium.webdriver.common.by import By

        self.expect("#episodes", "episodes panel (id=episodes)")
        articles = self.driver.find_elements(By.CSS_SELECTOR, "#episodes article.episode")
        if len(articles) != 1:
            self.fail(f"expected exactly one episode in #episodes, found {len(articles)}")
        return articles[0]

    def search(self, text: str):
        """Types TEXT into the search box on /participants (open) and returns the result links."""
        from selenium.webdriver.common.by import By

        self.type_into("q", text, "search box (id=q)")
        self.click("form.search button[type=submit]", "search button")
        self.expect("section[aria-live] h2", "search results panel")
        return self.driver.find_elements(By.CSS_SELECTOR, "#results li a")

    # --- the journey ---------------------------------------------------------------------------
    def run(self) -> None:
        from selenium.webdriver.common.by import By

        log(f"the test's person: {self.name}")
        # 1. The peer takes the person in.
        self.sign_in(PEER, "peer_specialist")
        navs = [a.text.strip() for a in self.driver.find_elements(By.CSS_SELECTOR, "header nav a")]
        for label in ("Caseload", "Participants"):
            if label not in navs:
                self.fail(f"no {label!r} link in the peer's header navigation (links: {navs})")
        self.nav("Participants", "/participants")
        new = self.expect("#new-participant", "'New person and first contact' link (id=new-participant)")
        if new.text.strip() != "New person and first contact":
            self.fail(f"the new-person link reads {new.text.strip()!r}")
        self.click_and_wait(new, "'New person and first contact'")
        self.wait_path("/participants/new", "after 'New person and first contact'")
        self.expect("#participant-form", "new-person form")
        self.ok(f"{PEER} signed in; Home → Participants → 'New person and first contact' opens the form")

        # 2. A date of birth in the future is refused by that field; nothing is created.
        offered = self.expect("#occurred_at", "time of the contact (id=occurred_at)").get_property("value")
        try:
            when = (datetime.datetime.strptime(offered, "%Y-%m-%dT%H:%M") - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
        except ValueError:
            self.fail(f"the contact's time is offered as {offered!r}, not as YYYY-MM-DDTHH:MM")
        future = (datetime.date.today() + datetime.timedelta(days=400)).isoformat()
        self.fill_new_person(self.given, self.family, future, "es", occurred_at=when, source="walk_in",
                             made_by="family_or_friend", method="in_person", setting="program_office")
        self.screenshot("new-person-filled")
        self.submit("the new-person form")
        message = self.field_error("date_of_birth", "after a date of birth in the future")
        for field, typed in (("legal_given_name", self.given), ("legal_family_name", self.family), ("date_of_birth", future)):
            got = self.expect(f"#{field}", field).get_property("value")
            if got != typed:
                self.fail(f"after the refusal #{field} holds {got!r}, not what was typed ({typed!r})")
        if self.path() != "/participants":
            self.fail(f"a refused new person should answer on /participants, not {self.path()!r}")
        self.screenshot("new-person-refused")
        self.ok(f"a date of birth in the future ({future}) is refused by the field: {message!r}; the typed name is kept")

        # The valid save lands on the record.
        self.type_into("date_of_birth", DOB, "date of birth")
        self.submit("the new-person form")
        self.expect("#participant-name", "participant record after saving the new person")
        pid = citools.participant_id(self.path())
        if pid is None:
            self.fail(f"saving the new person should land on /participants/<id>, not {self.path()!r}")
        self.record_path = self.path()
        self.expect_record("after saving")
        contacts = self.driver.find_elements(By.CSS_SELECTOR, "#contacts li")
        if len(contacts) != 1:
            self.fail(f"the new record lists {len(contacts)} contacts, expected the first contact alone")
        language = self.expect("#details", "details panel").text
        if "Spanish" not in language and "Español" not in language:
            self.fail(f"the details panel does not show the preferred language Spanish: {language!r}")
        self.screenshot("record-new")
        self.ok(f"saved '{self.name}' (born {DOB}) with the first contact → record {self.record_path}")

        # Only one person was created: the refused attempt left nothing.
        self.nav("Participants", "/participants")
        results = self.search(self.name)
        names = [a.text.strip() for a in results]
        if names != [self.name]:
            self.fail(f"searching for {self.name!r} finds {names}, expected exactly one {self.name!r}")
        self.click_and_wait(results[0], "the search result")
        self.expect_record("opened from the search")
        self.ok(f"searching '{self.name}' finds exactly one person (the refused attempt created nothing)")

        # The same person typed again, without the accents: the intake warns before a second record is started.
        self.open("/participants/new")
        self.fill_new_person("Jose", f"Nunez-Test{self.suffix}", DOB, "es", source="walk_in", made_by="self",
                             method="in_person", setting="program_office")
        self.submit("the new-person form (the same person again)")
        panel = self.expect("#possible-duplicates", "the warning of a possible duplicate (id=possible-duplicates)")
        existing = panel.find_elements(By.CSS_SELECTOR, f"a[href='{self.record_path}']")
        if not existing:
            self.fail(f"the warning does not link the existing record {self.record_path}: {panel.text!r}")
        self.screenshot("duplicate-warned")
        self.click_and_wait(existing[0], "the existing record in the warning")
        self.expect_record("opened from the intake's warning")
        self.nav("Participants", "/participants")
        if len(self.search(self.name)) != 1:
            self.fail("after the warning a second record was created")
        self.open(self.record_path)
        self.expect_record("opened again for the screening")
        self.ok(f"'Jose Nunez-Test{self.suffix}', born {DOB}, is warned as possibly '{self.name}'; opening that record creates nothing")

        # 3. Screen: criteria C and F → eligible.
        self.click("#screen", "'Screen' link (id=screen)")
        self.expect("#journey-form", "screening form")
        self.tick("service_criteria", "C", "service criterion C")
        self.tick("service_criteria", "F", "service criterion F")
        self.submit("the screening form")
        self.expect_record("after screening")
        outcomes = [s.text.strip() for s in self.driver.find_elements(By.CSS_SELECTOR, "#screenings li strong")]
        if outcomes != ["Eligible"]:
            self.fail(f"the record's screens show {outcomes}, expected one 'Eligible'")
        screen_line = self.expect("#screenings li", "screen line").text
        if "C, F" not in screen_line:
            self.fail(f"the screen line does not name criteria C, F: {screen_line!r}")
        self.ok(f"screen with service criteria C and F → record shows: {screen_line.strip()!r}")

        # 4. Enroll: consent and goals → an open episode.
        self.click("#enroll", "'Enroll' link (id=enroll)")
        self.expect("#journey-form", "enrollment form")
        self.enrolled_on = self.expect("#enrolled_on", "enrollment date").get_property("value")
        if iso_date(self.enrolled_on) is None:
            self.fail(f"the enrollment date is offered as {self.enrolled_on!r}")
        self.tick("consent_signed_by", "participant", "consent given by the participant")
        self.type_into("consent_signed_on", self.enrolled_on, "consent date")
        self.tick("consent_method", "electronic_signature", "consent method: electronic signature")
        goals = "Find steady housing; get back to playing guitar."
        self.type_into("goals", goals, "goals")
        self.submit("the enrollment form")
        self.expect_record("after enrolling")
        episode = self.episode()
        tag = episode.find_element(By.CSS_SELECTOR, "h3 .tag").text.strip()
        if tag != "Open":
            self.fail(f"the new episode is tagged {tag!r}, expected 'Open'")
        if goals not in episode.text:
            self.fail("the new episode does not show the goals")
        if "Electronic" not in episode.text and "electronic" not in episode.text:
            self.fail("the new episode does not show the consent (electronic signature)")
        self.screenshot("record-enrolled")
        self.ok(f"enrolled on {self.enrolled_on} with consent and goals → #episodes shows the episode Open")

        # Enrolling again in the same program is refused by the program field.
        self.click("#enroll", "'Enroll' link (id=enroll)")
        self.expect("#journey-form", "enrollment form")
        self.submit("the enrollment form (second time)")
        message = self.field_error("program_id", "enrolling twice in the same program")
        if "already enrolled" not in message:
            self.fail(f"the program field's error reads {message!r}, expected it to say 'already enrolled'")
        self.ok(f"a second enrollment in the same program is refused by the program field: {message!r}")
        self.click(f"#journey-form a[href='{self.record_path}']", "Cancel (back to the record)")
        self.expect_record("after cancelling")
        if len(self.driver.find_elements(By.CSS_SELECTOR, "#episodes article.episode")) != 1:
            self.fail("the refused second enrollment left a second episode")
        self.sign_out()

        # 5. The supervisor finds the person and pairs them with the peer.
        self.sign_in(SUPERVISOR, "supervisor")
        self.nav("Participants", "/participants")
        results = [a for a in self.search(self.name) if a.text.strip() == self.name]
        if len(results) != 1:
            self.fail(f"the supervisor's search for {self.name!r} finds {len(results)} matching links, expected 1")
        self.click_and_wait(results[0], "the supervisor's search result")
        self.expect_record("opened by the supervisor")
        self.ok(f"{SUPERVISOR} signs in, searches '{self.name}' on /participants and opens the record")

        self.click("a[id^='assign-']", "'Pair with a peer' link (id=assign-…)")
        self.expect("#suggestions", "pairing suggestions (id=suggestions)")
        reasons = [r.text.strip() for r in self.driver.find_elements(By.CSS_SELECTOR, "#suggestions .reasons li")]
        if not reasons:
            self.fail("the pairing suggestions give no reasons")
        labels = [label for label in self.driver.find_elements(By.CSS_SELECTOR, "fieldset#peer_id label")
                  if label.text.strip() == PEER_NAME]
        if len(labels) != 1:
            offered = [label.text.strip() for label in self.driver.find_elements(By.CSS_SELECTOR, "fieldset#peer_id label")]
            self.fail(f"expected one choice labelled {PEER_NAME!r} among the peers offered: {offered}")
        labels[0].click()
        radio = self.driver.find_element(By.ID, labels[0].get_attribute("for"))
        if not radio.is_selected():
            self.fail(f"tapping {PEER_NAME!r} did not choose that peer")
        self.type_into("reason", "Speaks Spanish; has room in the caseload.", "reason of the pairing")
        self.screenshot("assign")
        self.submit("the pairing form")
        self.expect_record("after pairing")
        peer = self.episode().find_element(By.CSS_SELECTOR, ".peer").text.strip()
        if peer != PEER_NAME:
            self.fail(f"the episode's peer reads {peer!r}, expected {PEER_NAME!r}")
        shown = "; ".join(reasons[:3])
        self.ok(f"suggestions shown with reasons ({shown}…); paired with {PEER_NAME} → the episode shows them")
        self.sign_out()

        # 6. The peer: caseload, continued-stay review, discharge.
        self.sign_in(PEER, "peer_specialist")
        self.nav("Caseload", "/caseload")
        self.expect("table#caseload", "caseload table (id=caseload)")
        rows = self.link_named("table#caseload", self.name, "the person in the caseload")
        self.click_and_wait(rows[0], "the person in the caseload")
        self.expect_record("opened from the caseload")
        self.ok(f"{PEER}'s caseload (/caseload, table #caseload) lists the person; the link opens the record")

        self.click("a[id^='review-']", "'Continued-stay review' link (id=review-…)")
        self.expect("#journey-form", "continued-stay review form")
        for criterion in ("A", "B", "C"):
            self.tick("criteria", criterion, f"review criterion {criterion}")
        self.tick("outcome", "continue", "outcome: continue services")
        self.type_into("note", "Wants to keep going; next step is the housing appointment.", "review note")
        self.submit("the review form")
        self.expect_record("after the review")
        review = self.expect("#reviews li", "review line on the record").text
        if "Continue services" not in review or "A, B, C" not in review:
            self.fail(f"the record's review reads {review!r}, expected 'Continue services' with criteria A, B, C")
        self.ok(f"continued-stay review (A, B, C; continue) saved → record shows: {review.strip()!r}")

        self.click("a[id^='discharge-']", "'Discharge' link (id=discharge-…)")
        self.expect("#journey-form", "discharge form")
        before = (iso_date(self.enrolled_on) - datetime.timedelta(days=1)).isoformat()
        summary = "Moved into supported housing; plays in a community band; knows the warm line."
        self.type_into("discharged_on", before, "discharge date")
        self.tick("reason", "goals_substantially_met", "reason: goals substantially met")
        self.type_into("summary", summary, "discharge summary")
        self.submit("the discharge form")
        message = self.field_error("discharged_on", "a discharge date before enrollment")
        if self.expect("#summary", "summary").get_property("value") != summary:
            self.fail("the refused discharge form lost the typed summary")
        self.screenshot("discharge-refused")
        self.ok(f"a discharge date before enrollment ({before}) is refused by the field: {message!r}")

        self.type_into("discharged_on", self.enrolled_on, "discharge date")
        self.tick("reason", "goals_substantially_met", "reason: goals substantially met")
        self.submit("the discharge form")
        # Discharge cannot be taken back: the page asks first, saying who, from which program and when.
        question = self.expect("#confirm-question", "the question before discharging").text
        if self.given not in question:
            self.fail(f"the discharge question {question!r} does not name the person")
        self.screenshot("discharge-confirm")
        self.click("#confirm", "'Discharge' on the confirmation (id=confirm)")
        self.expect_record("after the discharge")
        notice = self.expect("#notice", "the notice after discharging").text
        self.ok(f"asked {question!r} before discharging; then the record says {notice!r}")
        episode = self.episode()
        tag = episode.find_element(By.CSS_SELECTOR, "h3 .tag").text.strip()
        if tag != "Ended":
            self.fail(f"the discharged episode is tagged {tag!r}, expected 'Ended'")
        text = episode.text
        if "Goals of the service plan and program substantially met" not in text or summary not in text:
            self.fail("the ended episode does not show the discharge reason and summary")
        if episode.find_elements(By.CSS_SELECTOR, "a[id^='discharge-'], a[id^='review-']"):
            self.fail("the ended episode still offers a review or a discharge")
        self.screenshot("record-discharged")
        self.ok(f"discharged on {self.enrolled_on} (goals substantially met, with a summary) → the episode shows Ended")
        self.sign_out()

        # 7. Nobody else gets a trace of the record.
        pid = citools.participant_id(self.record_path)
        try:
            self.sign_in(SECOND_PEER, "peer_specialist")
            second_peer = True
        except CheckFailed as e:
            second_peer = False
            log(f"no second peer account ({SECOND_PEER}) to sign in with, checking the evaluator alone: {str(e).splitlines()[0]}")
        if second_peer:
            self.refused(self.record_path, ("404",), SECOND_PEER)
            self.open("/participants")
            found = self.search(self.name)
            if found:
                self.fail(f"{SECOND_PEER}'s search for {self.name!r} finds {[a.text for a in found]}")
            if self.suffix in self.visible_text(limit=100_000):
                self.fail(f"{SECOND_PEER}'s search results page names the person")
            self.ok(f"{SECOND_PEER} (another peer in the same program) gets the 404 page for /participants/{pid} "
                    "without the name, and their search finds nobody")
            self.sign_out()
        self.sign_in(EVALUATOR, "evaluator")
        status = self.refused(self.record_path, ("403", "404"), EVALUATOR)
        self.ok(f"{EVALUATOR} gets the {status} page for /participants/{pid} without the name")

    def refused(self, path: str, statuses: tuple, who: str) -> str:
        """Opens PATH as typed into the address bar; expects an error page of one of STATUSES without the person."""
        self.open(path)
        error = self.expect("#error", f"error page (id=error) for {who} on {path}")
        status = error.get_attribute("data-status")
        if status not in statuses:
            self.fail(f"{who} opening {path}: error page has data-status={status!r}, expected {' or '.join(statuses)}")
        source = self.driver.page_source
        for part in (self.name, self.family, self.suffix, "Núñez", "N&#250;&#241;ez", "Jos&#233;"):
            if part in source:
                self.fail(f"{who} opening {path}: the {status} page contains {part!r}")
        return status


def iso_date(text: str):
    try:
        return datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def main() -> int:
    return citools.run_walked_path("journey", __doc__, Journey, "JOURNEY")


if __name__ == "__main__":
    sys.exit(main())
