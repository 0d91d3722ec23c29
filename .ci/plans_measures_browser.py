#!/usr/bin/env python3
"""Browser test of a recovery plan and outcome measures through the server-rendered pages of `peerway demo`.

    python3 .ci/plans_measures_browser.py [PEERWAY_BINARY] [--workdir DIR] [--port N]
        [--chromium /usr/bin/chromium] [--chromedriver /usr/bin/chromedriver] [--startup-timeout 120]

Starts `peerway demo` (fresh SQLite demo data) and drives a phone-sized (390×844) headless Chromium by
the links and forms a person would use:

  1. the peer specialist opens "Measures due" and takes the person whose PROMIS intake is due (the demo
     leaves two people on the peer's caseload without plans or measures);
  2. from their record, "Plans" → "Start this plan": a goal in the participant's words with two next
     steps; a goal with no words is refused by its field; "Add a goal": a second goal with a step;
  3. "Record the participant's agreement": signed; Peerway asks first; once confirmed the plan says how
     it was agreed, and no longer offers to add a goal;
  4. "Measures" → PROMIS Global Health → "Give": an intake dated on enrollment (Global Mental Health
     raw 8 → T 33.8, Global Physical Health raw 8 → T 29.6, as the published tables say);
  5. a follow-up dated on the intake's day is refused by its date field; "Show the questions in
     Spanish", nothing answered is refused beside the first question; answered in Spanish and dated
     today: T 53.3 (SE 3.7) and 44.9 (SE 4.3), the page says the questions were in Spanish;
  6. "See change over time": the chart of Global Mental Health and "Intake and latest" with +19.5;
  7. another peer (peer0@, another caseload) opening the plan and the administration gets the 404 page.

Prints one line per step; on a failure, the page's visible text and a screenshot path, and exits 1.
Needs selenium (pip) and Debian's chromium + chromium-driver.
"""

from __future__ import annotations

import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import citools  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOMAIN = citools.DEMO_DOMAIN
PEER = f"peer@{DOMAIN}"
SECOND_PEER = f"peer0@{DOMAIN}"  # another caseload in the same program (see services_browser.py)
ADMINISTRATION_PATH = re.compile(r"/measures/([0-9a-fA-F-]{36})")
PLAN_PATH = re.compile(r"/plans/([0-9a-fA-F-]{36})")
# The intake: every item 2 (pain 8 → 2): mental 2+2+2+2 = 8 → T 33.8; physical 2+2+2+2 = 8 → T 29.6.
INTAKE = {"global01": "2", "global02": "2", "global03": "2", "global04": "2", "global05": "2", "global09r": "2",
          "global06": "2", "global10r": "2", "global08r": "2", "global07r": "8"}
# Global01 3, Global02 4, Global03 3, Global04 4, Global05 4, Global09r 3, Global06 4, Global10r 4, Global08r 3, pain 2 (→ 4):
# mental 4+4+4+4 = 16 → T 53.3 (SE 3.7); physical 3+4+4+3 = 14 → T 44.9 (SE 4.3).
ANSWERS = {"global01": "3", "global02": "4", "global03": "3", "global04": "4", "global05": "4", "global09r": "3",
           "global06": "4", "global10r": "4", "global08r": "3", "global07r": "2"}


def log(message: str) -> None:
    citools.log("plans-measures", message)


class MeasuresPath(citools.WalkedPath):
    def __init__(self, base: str, workdir: str, driver):
        super().__init__("plans-measures", base, workdir, driver)

    def text_of(self, css: str, what: str) -> str:
        return " ".join(self.expect(css, what).text.split())

    def answer(self, answers: dict) -> None:
        for item, value in answers.items():
            self.tick(f"responses.{item}", value, f"{item} = {value}")

    def give_promis(self, person_path: str) -> None:
        self.open(person_path + "/measures")
        self.choose_option("instrument", "promis-global-10", "instrument")
        self.click("#give", "'Give' (id=give)")
        self.wait_path(person_path + "/measures/new", "after 'Give'")

    def scores(self) -> str:
        return self.text_of("#score-table", "the scores (id=score-table)")

    def run(self) -> None:
        from selenium.webdriver.common.by import By
        import datetime

        self.sign_in(PEER, "peer_specialist")
        self.open("/measures/due")
        rows = self.driver.find_elements(By.CSS_SELECTOR, "table#instruments-due tbody tr")
        due = [r for r in rows if "PROMIS" in r.text and "Intake" in r.text]
        if not due:
            self.fail(f"{PEER}'s measures due list has no PROMIS intake (the demo leaves people without one)")
        link = due[0].find_element(By.CSS_SELECTOR, "td.main a")
        person_name = link.text.strip()
        person_path = urllib.parse.urlsplit(link.get_attribute("href")).path.removesuffix("/measures")
        enrolled = due[0].get_attribute("data-due") or ""
        today = datetime.date.today().isoformat()
        if not enrolled or enrolled >= today:
            self.fail(f"{person_name}'s intake is due on {enrolled!r}: the demo must enroll them before today")
        self.ok(f"{person_name}'s PROMIS intake is due (enrolled {enrolled})")

        self.open(person_path)
        self.click("#plans", "'Plans' (id=plans)")
        self.wait_path(person_path + "/plans", "after 'Plans'")
        self.click("#start-recovery", "'Start this plan' (id=start-recovery)")
        self.wait_path(person_path + "/plans/new", "after 'Start this plan'")
        self.choose_option("goals.0.domain", "environmental", "life domain")
        self.type_into("goals.0.steps.0.what", "Fill in the housing application", "first step")
        self.click("#submit", "'Start the plan' (id=submit) without the goal's words")
        message = self.field_error("goals.0.words", "a goal without words")
        self.ok(f"a goal without the participant's words is refused by its field ({message!r})")
        self.type_into("goals.0.words", "I want a place of my own", "the goal in their words")
        self.choose_option("goals.0.steps.0.who", "together", "who takes the first step")
        self.type_into("goals.0.steps.0.by_when", today, "by when")
        self.type_into("goals.0.steps.1.what", "Visit two apartments", "second step")
        self.choose_option("goals.0.steps.1.who", "participant", "who takes the second step")
        self.click("#submit", "'Start the plan' (id=submit)")
        self.expect("#plan-status", "the plan's status (id=plan-status)")
        if not PLAN_PATH.fullmatch(self.path()):
            self.fail(f"starting a plan should land on /plans/<id>, not {self.path()!r}")
        plan_path = self.path()
        self.click("#add-goal", "'Add a goal' (id=add-goal)")
        self.wait_path(plan_path + "/goals/new", "after 'Add a goal'")
        self.type_into("goals.1.words", "See my daughter every week", "the second goal")
        self.choose_option("goals.1.domain", "social", "life domain")
        self.type_into("goals.1.steps.0.what", "Call her on Sunday", "its step")
        self.click("#submit", "'Save the goal' (id=submit)")
        self.wait_path(plan_path, "after saving the second goal")
        page = self.text_of("main", "the plan")
        for text in ("I want a place of my own", "Visit two apartments", "See my daughter every week", "Call her on Sunday"):
            if text not in page:
                self.fail(f"the plan does not show {text!r}")
        self.screenshot("plan-draft")
        self.ok(f"{plan_path}: two goals in the participant's words with their next steps")

        self.click("#agree", "'Record the participant's agreement' (id=agree)")
        self.wait_path(plan_path + "/agree", "after 'Record the participant's agreement'")
        self.tick("method", "signature", "signed")
        self.click("#submit", "'Record the agreement' (id=submit)")
        self.expect("#confirm-question", "the question before recording the agreement")
        self.click("#confirm", "'Yes, record the agreement' (id=confirm)")
        self.expect("#notice", "the notice after the agreement")
        agreement = self.text_of("#plan-agreement", "how it was agreed (id=plan-agreement)")
        if "Signed" not in agreement:
            self.fail(f"the plan says it was agreed {agreement!r}, not signed")
        if self.driver.find_elements(By.ID, "add-goal"):
            self.fail("an agreed plan still offers 'Add a goal'")
        self.screenshot("plan-agreed")
        self.ok(f"asked first, then recorded: {agreement!r}; the agreed plan no longer offers to add a goal")

        self.give_promis(person_path)
        self.tick("timepoint", "intake", "intake")
        self.type_into("given_on", enrolled, "date given: the enrollment day")
        self.answer(INTAKE)
        self.click("#submit", "'Save the answers' (id=submit)")
        self.expect("#notice", "the notice after saving the intake")
        for expected in ("T 33.8 (SE 3.7)", "T 29.6 (SE 4.2)"):
            if expected not in self.scores():
                self.fail(f"the intake's scores do not show {expected!r}: {self.scores()!r}")
        self.ok("the PROMIS intake dated on enrollment: Global Mental Health T 33.8, Global Physical Health T 29.6")

        self.give_promis(person_path)
        self.tick("timepoint", "follow_up", "follow-up")
        self.type_into("given_on", enrolled, "date given: the intake's day")
        self.answer(ANSWERS)
        self.click("#submit", "'Save the answers' (id=submit) for a follow-up on the intake's day")
        message = self.field_error("given_on", "a follow-up on the intake's day")
        self.ok(f"a follow-up dated on the intake's day is refused by its date field ({message!r})")

        self.click("#form-intro-link", "'Show the questions in Spanish' (id=form-intro-link)")
        self.wait_path(person_path + "/measures/new", "after 'Show the questions in Spanish'")
        if "Calidad de vida" not in self.text_of("#journey-form", "the form (id=journey-form)"):
            self.fail("after 'Show the questions in Spanish' the questions are not in Spanish")
        self.tick("timepoint", "follow_up", "follow-up")
        self.click("#submit", "'Save the answers' (id=submit) with nothing answered")
        message = self.field_error("responses.global01", "nothing answered")
        self.ok(f"the questions in Spanish; nothing answered is refused beside the first question ({message!r})")
        self.tick("timepoint", "follow_up", "follow-up")
        self.type_into("given_on", today, "date given: today")
        self.answer(ANSWERS)
        self.click("#submit", "'Save the answers' (id=submit)")
        self.expect("#notice", "the notice after saving the follow-up")
        if not ADMINISTRATION_PATH.fullmatch(self.path()):
            self.fail(f"saving should land on /measures/<id>, not {self.path()!r}")
        administration = self.path()
        for expected in ("T 53.3 (SE 3.7)", "T 44.9 (SE 4.3)"):
            if expected not in self.scores():
                self.fail(f"the follow-up's scores do not show {expected!r}: {self.scores()!r}")
        if "Español" not in self.text_of("#administration-facts", "the facts (id=administration-facts)"):
            self.fail("the administration does not say the questions were shown in Spanish")
        self.screenshot("scored")
        self.ok(f"the follow-up answered in Spanish → {administration}: T 53.3 (SE 3.7) and 44.9 (SE 4.3)")

        self.click("#see-measures", "'See change over time' (id=see-measures)")
        self.wait_path(person_path + "/measures", "after 'See change over time'")
        chart = self.expect("#chart-promis-global-10-mental svg.line-chart", "the Global Mental Health chart")
        if len(chart.find_elements(By.CSS_SELECTOR, "circle")) < 2:
            self.fail("the chart does not show the intake and the follow-up")
        changes = self.text_of("#changes", "intake and latest (id=changes)")
        if "33.8 → 53.3 (+19.5)" not in changes:
            self.fail(f"'Intake and latest' does not show Global Mental Health 33.8 → 53.3 (+19.5): {changes!r}")
        self.screenshot("change")
        self.ok("the change chart shows intake and follow-up; 'Intake and latest' reads 33.8 → 53.3 (+19.5)")
        self.sign_out()

        self.sign_in(SECOND_PEER, "peer_specialist")
        for path in (plan_path, administration):
            self.open(path)
            source = self.driver.page_source
            if person_name in source or "place of my own" in source or "53.3" in source:
                self.fail(f"{SECOND_PEER} opening {path} sees what it holds")
            page = self.expect("#error", "the error page (id=error)")
            if page.get_attribute("data-status") != "404":
                self.fail(f"{SECOND_PEER} opening {path} gets status {page.get_attribute('data-status')!r}, not 404")
        self.ok(f"{SECOND_PEER} (another caseload) gets the 404 page for the plan and the administration, without their text")


def main() -> int:
    return citools.run_walked_path("instruments", __doc__, MeasuresPath, "INSTRUMENTS")


if __name__ == "__main__":
    sys.exit(main())
