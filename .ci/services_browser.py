#!/usr/bin/env python3
"""Browser test of documenting a service through the server-rendered pages of `peerway demo`.

    python3 .ci/services_browser.py [PEERWAY_BINARY] [--workdir DIR] [--port N]
        [--chromium /usr/bin/chromium] [--chromedriver /usr/bin/chromedriver] [--startup-timeout 120]

PEERWAY_BINARY defaults to $PEERWAY_BIN, else to `swift build --show-bin-path`/peerway (what .ci/run
builds). Starts `peerway demo` (fresh SQLite demo data) and drives a phone-sized headless Chromium
through the pages only by the links and forms a person would use:

  1. the peer specialist signs in, opens the caseload and follows the first row's "Document" link: the
     note form opens with that participant filled in (named on the page, in the form's person_id);
  2. an end time before the start time, signed with "Sign note", is refused by the end-time field and
     the typed note is still in its textarea;
  3. fixed (45 minutes, no end time, a service type and a core function) and signed: the note page says
     "Signed" and "45 minutes · 3 units" and shows the note;
  4. "Amend" without a reason is refused by the reason field (the browser itself would not send it; the
     server is asked anyway); with a reason and a changed note, the note page shows the new text, the
     amendment history with the reason, and the original text under "The note as first signed";
  5. the peer's week containing that day lists the note;
  6. the participant's record lists the note in its Services section, marked amended;
  7. another peer (peer0@, another caseload) opening the note's address gets the 404 page, without the
     note's text, the reason or the participant's name.

Independent of the demo's randomness: the participant is whoever the caseload lists first, the day is
the day before the server's today (read from the date the form offers; PEERWAY_TIME_ZONE is unset, so
the server's zone is this machine's), and the service starts at 00:10, so nothing is in the future.
Prints one line per step; on a failure, the page's visible text and a screenshot path, and exits 1.
Screenshots go to WORKDIR (kept when --workdir is given or when a check fails). Needs selenium (pip)
and Debian's chromium + chromium-driver.
"""

from __future__ import annotations

import datetime
import html
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
# DemoGenerator's generated workforce: peer{i}@ for i in 0..<max(4, participants / 25), peer{i} in
# programs[i % 5]; peer0@ works in Next Steps like peer@ but never holds or takes in the people of
# peer@'s open caseload (DemoJourney's caseload slots). Same demo password.
SECOND_PEER = f"peer0@{DOMAIN}"
START = "00:10"  # early in the day before today: never in the future, whatever the time now
EARLY_END = "00:05"  # before START: refused by the end-time field
MINUTES = "45"
EXPECTED_DURATION = "45 minutes · 3 units"  # 45 minutes are three 15-minute units
PREFERRED_TYPES = ("peer_counseling", "peer_navigation")  # built-in codes; else the first offered
SERVICE_PATH = re.compile(r"/services/([0-9a-fA-F-]{36})")


def log(message: str) -> None:
    citools.log("services", message)


class Services(citools.WalkedPath):
    def __init__(self, base: str, workdir: str, driver):
        super().__init__("services", base, workdir, driver)
        token = secrets.token_hex(3)
        self.token = token
        self.note = f"Met at the library and went over the housing application together (ci {token})."
        self.amended_note = f"Met at the public library and filled in the housing application together (ci {token}, amended)."
        self.reason = f"The meeting place was too vague; the application was filled in, not only gone over (ci {token})."
        self.person_name = ""
        self.person_path = ""
        self.service_path = ""
        self.day = ""

    # --- the note's pages (reporting, waiting, signing in: citools.WalkedPath) -----------------
    def value(self, field_id: str) -> str:
        return self.expect(f"#{field_id}", f"field #{field_id}").get_property("value") or ""

    def text_of(self, css: str, what: str) -> str:
        return " ".join(self.expect(css, what).text.split())

    def expect_note_page(self, what: str) -> None:
        """On the test's note: /services/ID with its status line."""
        self.expect("#status", f"status line (id=status) of the note page {what}")
        if self.service_path and self.path() != self.service_path:
            self.fail(f"expected the note at {self.service_path}, but the URL path is {self.path()!r} ({what})")

    # --- the steps -----------------------------------------------------------------------------
    def run(self) -> None:
        from selenium.webdriver.common.by import By

        # 1. From the caseload's first row to the note form, the person filled in.
        self.sign_in(PEER, "peer_specialist")
        self.nav("Caseload", "/caseload")
        self.expect("table#caseload", "caseload table (id=caseload)")
        rows = self.driver.find_elements(By.CSS_SELECTOR, "table#caseload tbody tr")
        if not rows:
            self.fail(f"{PEER}'s caseload lists nobody")
        first = rows[0]
        person_links = first.find_elements(By.CSS_SELECTOR, "td a[href^='/participants/']")
        documents = [a for a in first.find_elements(By.CSS_SELECTOR, "a[href^='/services/new']") if a.text.strip() == "Document"]
        if not person_links or not documents:
            self.fail("the caseload's first row has no link to the person and no 'Document' link")
        self.person_name = person_links[0].text.strip()
        self.person_path = urllib.parse.urlsplit(person_links[0].get_attribute("href")).path
        pid = citools.participant_id(self.person_path)
        if pid is None or not self.person_name:
            self.fail(f"the caseload's first row links {self.person_path!r} with the name {self.person_name!r}")
        self.click_and_wait(documents[0], "'Document' in the caseload's first row")
        self.wait_path("/services/new", "after 'Document'")
        self.expect("#service-form", "service note form (id=service-form)")
        shown = [a.text.strip() for a in self.driver.find_elements(By.CSS_SELECTOR, f"main a[href='{self.person_path}']")]
        if self.person_name not in shown:
            self.fail(f"the note form does not name {self.person_name!r} (links to the record read {shown})")
        given = citools.hidden_input_value(self.driver.page_source, "person_id")
        if given != pid:
            self.fail(f"the note form's person_id is {given!r}, expected {pid}")
        self.ok(f"{PEER} signed in; /caseload → 'Document' on the first row ({self.person_name}) opens the note form "
                "for that person")

        # 2. An end time before the start: refused by the end-time field, the typed note kept.
        offered = self.value("date")
        today = iso_date(offered)
        if today is None:
            self.fail(f"the note form offers the date {offered!r}, not YYYY-MM-DD")
        if today != datetime.date.today():
            log(f"note: the server's today is {offered}, this machine's is {datetime.date.today()}; using the server's")
        self.day = (today - datetime.timedelta(days=1)).isoformat()
        self.type_into("date", self.day, "date of the service")
        self.type_into("start_time", START, "start time")
        self.type_into("end_time", EARLY_END, "end time")
        self.type_into("note", self.note, "progress note")
        self.screenshot("end-before-start")
        self.click("#sign", "'Sign note' (id=sign)")
        message = self.field_error("end_time", f"an end time ({EARLY_END}) before the start ({START})")
        if self.path() != "/services":
            self.fail(f"a refused note should answer on /services, not {self.path()!r}")
        kept = self.value("note")
        if kept != self.note:
            self.fail(f"after the refusal the note reads {kept!r}, not what was typed ({self.note!r})")
        for field, typed in (("date", self.day), ("start_time", START), ("end_time", EARLY_END)):
            if self.value(field) != typed:
                self.fail(f"after the refusal #{field} holds {self.value(field)!r}, not what was typed ({typed!r})")
        if self.person_name not in self.text_of("main", "the page"):
            self.fail("the refused form no longer names the person")
        self.screenshot("end-before-start-refused")
        self.ok(f"end time {EARLY_END} before the start {START} on {self.day} is refused by the field: {message!r}; "
                "the typed note is kept")

        # 3. Fixed and signed.
        self.type_into("duration_minutes", MINUTES, "minutes")
        self.type_into("end_time", "", "end time (cleared)")
        types = [o.get_attribute("value") for o in
                 self.expect("#service_type", "service type (id=service_type)").find_elements(By.TAG_NAME, "option")]
        types = [t for t in types if t]
        if not types:
            self.fail("the service type offers no choice")
        service_type = next((t for t in PREFERRED_TYPES if t in types), types[0])
        self.choose_option("service_type", service_type, "service type")
        boxes = self.driver.find_elements(By.CSS_SELECTOR, "#core_functions input[type=checkbox][name=core_functions]")
        if not boxes:
            self.fail("the form offers no core function (fieldset#core_functions)")
        function = boxes[0].get_attribute("value")
        self.tick("core_functions", function, f"core function {function}")
        self.click("#sign", "'Sign note' (id=sign)")
        self.expect("#status", "note page (status id=status) after signing")
        m = SERVICE_PATH.fullmatch(self.path())
        if not m:
            self.fail(f"signing should land on /services/<id>, not {self.path()!r}")
        self.service_path = self.path()
        status = self.text_of("#status", "status line")
        if "Signed" not in status:
            self.fail(f"the status line reads {status!r}, expected 'Signed'")
        if "Amended" in status or self.driver.find_elements(By.ID, "history"):
            self.fail(f"a note never amended shows an amendment (status line {status!r})")
        duration = self.text_of("#duration", "duration (id=duration)")
        if duration != EXPECTED_DURATION:
            self.fail(f"the note's duration reads {duration!r}, expected {EXPECTED_DURATION!r}")
        if self.text_of("#note-text", "note text (id=note-text)") != self.note:
            self.fail("the signed note does not show the note as typed")
        if self.driver.find_elements(By.ID, "edit-draft") or self.driver.find_elements(By.ID, "discard"):
            self.fail("a signed note still offers 'Finish draft' or 'Discard draft'")
        self.screenshot("signed")
        self.ok(f"45 minutes, {service_type}, core function {function}, 'Sign note' → {self.service_path}: "
                f"{status!r}, {duration!r}")

        # 4. Amend: no reason is refused; a reason and a changed note keep the original in the history.
        self.click("#amend", "'Amend' (id=amend)")
        self.wait_path(self.service_path + "/amend", "after 'Amend'")
        self.expect("#service-form", "amendment form")
        reason = self.expect("#reason", "reason for the amendment (id=reason)")
        if not self.driver.execute_script("return arguments[0].validity.valueMissing;", reason):
            self.fail("the empty reason is not marked required for the browser")
        if self.value("note") != self.note:
            self.fail(f"the amendment form starts with the note {self.value('note')!r}, not the signed one")
        # The browser would not send an empty required field; the server must refuse it all the same.
        self.driver.execute_script("document.getElementById('service-form').noValidate = true;")
        self.click("#submit", "'Save amendment' (id=submit) without a reason")
        message = self.field_error("reason", "an amendment without a reason")
        if self.path() != self.service_path + "/amend":
            self.fail(f"a refused amendment should answer on {self.service_path}/amend, not {self.path()!r}")
        self.screenshot("amend-refused")
        self.ok(f"'Amend' without a reason is refused by the reason field: {message!r}")

        self.type_into("reason", self.reason, "reason for the amendment")
        self.type_into("note", self.amended_note, "progress note (changed)")
        self.click("#submit", "'Save amendment' (id=submit)")
        self.expect_note_page("after the amendment")
        if self.text_of("#note-text", "note text") != self.amended_note:
            self.fail("after the amendment the note page does not show the changed note")
        history = self.text_of("#history", "amendment history (id=history)")
        if self.reason not in history:
            self.fail(f"the amendment history does not give the reason: {history!r}")
        original = self.expect("#original", "'The note as first signed' (id=original)")
        summary = " ".join(original.find_element(By.TAG_NAME, "summary").text.split())
        if summary != "The note as first signed":
            self.fail(f"the original's summary reads {summary!r}")
        original.find_element(By.TAG_NAME, "summary").click()  # open it as a reader would
        if not original.get_attribute("open") or self.note not in " ".join(original.text.split()):
            self.fail(f"'The note as first signed' does not show the original note: {original.text!r}")
        status = self.text_of("#status", "status line")
        if "Amended (1)" not in status:
            self.fail(f"the status line reads {status!r}, expected it to count one amendment")
        self.screenshot("amended")
        self.ok(f"reason and a changed note → the note shows the change, #history gives the reason and "
                f"'The note as first signed' the original; status: {status!r}")

        # 5. The peer's week of that day lists the note.
        self.open(f"/services/week?date={self.day}")
        self.expect("#week-totals", "the week's totals (id=week-totals)")
        if not self.driver.find_elements(By.CSS_SELECTOR, f"#week-services a[href='{self.service_path}']"):
            self.fail(f"the peer's week of {self.day} does not list {self.service_path} in #week-services")
        self.ok(f"/services/week?date={self.day} lists the note in #week-services")

        # 6. The participant's record lists it.
        self.open(self.service_path)
        self.click("#participant-link", "the participant's name on the note (id=participant-link)")
        self.wait_path(self.person_path, "after the participant's name on the note")
        self.expect("#participant-name", "participant record heading")
        items = self.driver.find_elements(By.CSS_SELECTOR, f"#services li a[href='{self.service_path}']")
        if len(items) != 1:
            self.fail(f"the record's Services section links the note {len(items)} times, expected once")
        line = " ".join(items[0].find_element(By.XPATH, "./ancestor::li[1]").text.split())
        if "45 minutes" not in line or "Amended" not in line or self.day not in line:
            self.fail(f"the record's line for the note reads {line!r}, expected {self.day}, 45 minutes and 'Amended'")
        if not self.driver.find_elements(By.ID, "document-service"):
            self.fail("the record's Services section offers no 'Document a service' (id=document-service)")
        self.ok(f"the record {self.person_path} lists the note in #services: {line!r}")
        self.sign_out()

        # 7. Another peer gets the 404 page.
        self.sign_in(SECOND_PEER, "peer_specialist")
        self.refused(self.person_path, "the participant's record")
        self.refused(self.service_path, "the note")
        self.ok(f"{SECOND_PEER} (another caseload) gets the 404 page for {self.service_path} (and the record) "
                "without the note, the reason or the name")

        # 8. The one-minute note, counted at 390x844: from the caseload to a signed note, starting from the
        # choices of this person's last note. A tap is a click; typing the note is not counted.
        self.sign_out()
        self.sign_in(PEER, "peer_specialist")
        self.open("/caseload")
        rows = self.driver.find_elements(By.CSS_SELECTOR, "table#caseload tbody tr")
        if not rows:
            self.fail(f"{PEER}'s caseload lists nobody")
        document = rows[0].find_element(By.CSS_SELECTOR, "a.document")
        inner = self.driver.execute_script("return window.innerWidth")
        if self.driver.execute_script("return document.documentElement.scrollWidth") > inner:
            self.fail("the caseload scrolls sideways at 390 px")
        if document.rect["x"] + document.rect["width"] > inner:
            self.fail(f"'Document' on the first card ends at {document.rect['x'] + document.rect['width']} px, past the {inner} px screen")
        taps = 1
        self.click_and_wait(document, "'Document' on the caseload's first card")
        self.wait_path("/services/new", "after 'Document'")
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        if self.driver.execute_script("return document.documentElement.scrollWidth") > inner:
            self.fail("the note form scrolls sideways at 390 px")
        sign_top = self.expect("#sign", "'Sign note'").rect["y"]
        taps += 1
        box = self.expect("#note", "the note box")
        box.click()
        box.send_keys("Talked through the week; she will call the clinic on Monday.")
        taps += 1
        self.click("#sign", "'Sign note' (id=sign)")
        fixes = []
        if self.path() == "/services":
            # Refused: fix what the form names (each fix counted), then sign again.
            if self.driver.find_elements(By.ID, "core_functions-error"):
                box = self.expect("#core_functions input[type=checkbox]", "a core function")
                if self.driver.execute_script("return arguments[0].closest('details:not([open])') !== null;", box):
                    taps += 1
                taps += 1
                self.tick("core_functions", box.get_attribute("value"))
                fixes.append("a core function")
            if self.driver.find_elements(By.ID, "start_time-error") or self.driver.find_elements(By.ID, "date-error"):
                yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
                self.type_into("date", yesterday, "date")
                self.type_into("start_time", "10:00", "start time")
                taps += 2
                fixes.append("the date and start")
            taps += 1
            self.click("#sign", "'Sign note' (id=sign), again")
        if not re.fullmatch(r"/services/[0-9a-f-]{36}", self.path()):
            self.fail(f"the one-minute note was not signed: still on {self.path()!r}")
        if taps >= 14 or height >= 3015:
            self.fail(f"the note took {taps} taps and its form is {height} px tall; before this work it was 14 taps and 3,015 px")
        self.ok(f"one-minute note: {taps} taps from the caseload to a signed note (was 14), the form {height} px tall (was 3,015), "
                f"'Sign note' at {sign_top:.0f} px, no sideways scroll" + (f"; fixed {', '.join(fixes)}" if fixes else ""))

        # 9. Discarding a draft asks first; "Go back" keeps it; confirming removes it and says so.
        self.open(f"/services/new?person={pid_of(self.person_path)}")
        self.type_into("note", "A draft to throw away.", "note")
        self.click("#save-draft", "'Save draft' (id=save-draft)")
        draft_path = self.path()
        self.click("#discard", "'Discard draft' (id=discard)")
        question = self.expect("#confirm-question", "the question before discarding").text
        self.click("#back", "'Go back' (id=back)")
        if self.path() != draft_path:
            self.fail(f"'Go back' from the question went to {self.path()!r}, not the draft {draft_path}")
        self.click("#discard", "'Discard draft' again")
        self.click("#confirm", "'Discard draft' on the question (id=confirm)")
        notice = self.expect("#notice", "the notice after discarding").text
        self.ok(f"discard asked {question!r}; 'Go back' kept the draft; confirming removed it: {notice!r}")

        # 10. A group saved as drafts is signed at once.
        self.open("/services/group/new")
        labels = self.driver.find_elements(By.CSS_SELECTOR, "#attendees .attendee label.check")
        if len(labels) < 2:
            self.fail("the group form offers fewer than two people to tick")
        for label in labels[:2]:
            label.click()
        self.type_into("note", "Group on sleep and routines.", "the group's note")
        self.click("#save-draft", "'Save draft' on the group form")
        drafts = [a for a in self.driver.find_elements(By.CSS_SELECTOR, "#week-services tbody tr")
                  if a.find_elements(By.CSS_SELECTOR, ".tag") and "Draft" in a.text and "Group" in a.text]
        if not drafts:
            self.fail("the week lists no group draft after saving one")
        self.click_and_wait(drafts[0].find_element(By.CSS_SELECTOR, "td.main a"), "a group draft on the week")
        button = self.expect("#sign-group", "'Sign all … notes of this group' (id=sign-group)")
        label = button.text
        self.click("#sign-group", "'Sign all' (id=sign-group)")
        notice = self.expect("#notice", "the notice after signing the group").text
        self.ok(f"a group saved as drafts; on a group draft of the week, {label!r} in one tap: {notice!r}")

    def refused(self, path: str, what: str) -> None:
        """Opens PATH as typed into the address bar; expects the 404 page without anything of the note or person."""
        self.open(path)
        error = self.expect("#error", f"error page (id=error) for {SECOND_PEER} on {path}")
        status = error.get_attribute("data-status")
        if status != "404":
            self.fail(f"{SECOND_PEER} opening {what} ({path}): error page has data-status={status!r}, expected 404")
        source = self.driver.page_source
        text = self.visible_text(limit=100_000)
        for part in (self.token, self.person_name, html.escape(self.person_name), self.note, self.amended_note, self.reason):
            if part and (part in source or part in text):
                self.fail(f"{SECOND_PEER} opening {what} ({path}): the 404 page contains {part!r}")


def pid_of(path: str) -> str:
    return path.rstrip("/").split("/")[-1]


def iso_date(text: str):
    try:
        return datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def main() -> int:
    return citools.run_walked_path("services", __doc__, Services, "SERVICES")


if __name__ == "__main__":
    sys.exit(main())
