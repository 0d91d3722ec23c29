#!/usr/bin/env python3
"""Accessibility check: axe-core on every page of `peerway demo`, at phone and desktop widths.

    python3 .ci/accessibility.py PEERWAY_BINARY [--workdir DIR] [--port N] [--axe PATH/axe.min.js]
        [--only SUBSTRING] [--chromium /usr/bin/chromium] [--chromedriver /usr/bin/chromedriver]
        [--startup-timeout 120]

Starts `peerway demo` (fresh SQLite demo data) on 127.0.0.1, signs in as each demo account in a
headless Chromium and runs axe-core (WCAG 2.0/2.1 A and AA rules) on each page at 390x844 (a phone,
mobile viewport) and at 1280x900 (a desktop), in English and then again in Spanish: every demo account
used switches its own language to Español on its account page, and the pages seen signed out carry
the sign-in page's language cookie; each page must declare the language (<html lang>) it is checked in. A violation of impact serious or critical fails the
page; moderate and minor ones are printed as warnings. For the participant pages the peer takes a
person in, screens and enrolls them through the forms first (demo participants are not relied on).
For the service pages the program manager turns on co-signature for that person's program, and the
peer documents a service for them (signed the day before today, then amended), so that the note has a
history, the peer's week and the supervisor's team week have a row and the co-signature queue waits
for it. The last line is `accessibility: N passed, M failed` (pages x widths); the exit status is
non-zero on any failure.

axe-core's JavaScript (axe.min.js) comes from a PyPI package that ships it, injected with
selenium: axe-playwright-python (installed with --no-deps; playwright itself is never used),
selenium-axe-python or axe-selenium-python, whichever is installed with the newest axe-core;
--axe or PEERWAY_AXE_JS names a file instead. Needs selenium and Debian's chromium + chromium-driver.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import re
import secrets as tokens
import sys
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import citools  # noqa: E402
from citools import CheckFailed  # noqa: E402

WIDTHS = (("phone", 390, 844, True), ("desktop", 1280, 900, False))
LANGUAGES = ("en", "es")  # the demo's accounts start in English
LANGUAGE_COOKIE = "peerway_lang"  # the sign-in page's switch (the demo serves plain HTTP: no __Host- prefix)
ACCOUNTS = ("peer", "supervisor", "manager", "orgadmin", "county", "evaluator")  # the demo accounts checked here
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = ("serious", "critical")
AXE_PACKAGES = (  # (module, path of axe.min.js inside it)
    ("axe_playwright_python", "axe.min.js"),
    ("selenium_axe_python", os.path.join("axe-core", "axe.min.js")),
    ("axe_selenium_python", os.path.join("node_modules", "axe-core", "axe.min.js")),
    ("axe_core_python", "axe.min.js"),
)
DOMAIN = citools.DEMO_DOMAIN
TOTP_ACCOUNTS = ("orgadmin", "county")  # demo accounts that sign in with a second factor
NIL_UUID = "00000000-0000-0000-0000-000000000000"


def log(message: str) -> None:
    citools.log("a11y", message)


def axe_version(path: str) -> tuple[int, ...]:
    with open(path, "r", encoding="utf-8", errors="replace") as f:
        head = f.read(400)
    m = re.search(r"axe v(\d+(?:\.\d+)*)", head)
    return tuple(int(x) for x in m.group(1).split(".")) if m else (0,)


def find_axe(given: str | None) -> str:
    """Path of axe.min.js: the one given, or the newest shipped by an installed package."""
    given = given or os.environ.get("PEERWAY_AXE_JS")
    if given:
        if not os.path.isfile(given):
            raise CheckFailed(f"{given} (axe-core's axe.min.js) not found")
        return given
    found = []
    for module, rel in AXE_PACKAGES:
        try:
            spec = importlib.util.find_spec(module)  # locates the package without importing it
        except (ImportError, ValueError):
            spec = None
        for location in (spec.submodule_search_locations or []) if spec else []:
            path = os.path.join(location, rel)
            if os.path.isfile(path):
                found.append((axe_version(path), path))
    if not found:
        raise CheckFailed("no axe.min.js found: pip install --no-deps axe-playwright-python "
                          "(or selenium-axe-python / axe-selenium-python), or pass --axe PATH")
    return max(found)[1]


class Check(citools.BrowserPage):
    CONTEXT_CHARS = 2000

    def __init__(self, base: str, workdir: str, driver, axe_js: str, secrets: dict, only: str | None):
        super().__init__(base, driver)
        self.workdir = workdir
        self.axe_js = axe_js
        self.secrets = secrets
        self.only = only
        self.passed = 0
        self.failed = 0
        self.warnings = 0
        self.failures: list[str] = []
        self.shot = 0
        self.current: str | None = None  # the account signed in now
        self.sessions: dict[str, list] = {}  # account -> its session cookies
        self.totp_used: dict[str, int] = {}  # account -> last TOTP time step used
        self.journey: tuple[str, str] | None = None  # (record path, episode id) of the person made here
        self.service: tuple[str, str, str] | None = None  # (note path, day, program id) of the note made here
        self.language = LANGUAGES[0]  # the language pages are checked in now
        self.account_language: dict[str, str] = {}  # account -> the language it was switched to here

    # --- browser helpers -------------------------------------------------------------------
    def first_link(self, selector: str, what: str) -> str:
        from selenium.webdriver.common.by import By

        link = self.find(By.CSS_SELECTOR, f"{selector} a[href]", what)
        return urllib.parse.urlsplit(link.get_attribute("href")).path

    # --- signing in ------------------------------------------------------------------------
    def sign_out(self) -> None:
        self.driver.delete_all_cookies()
        self.current = None
        if self.language != LANGUAGES[0]:
            # Signed out, the language is the switch's cookie (what a person who tapped "Español" has).
            if not self.driver.current_url.startswith(self.base):
                self.open("/health/live")
            self.driver.add_cookie({"name": LANGUAGE_COOKIE, "value": self.language, "path": "/"})

    def password_step(self, email: str, password: str = citools.DEMO_PASSWORD) -> None:
        self.sign_out()
        self.submit_password(email, password)

    def second_factor(self, account: str) -> None:
        from selenium.webdriver.common.by import By

        code_input = self.find(By.NAME, "code", f"second-factor code input for {account}")
        # A code is good once: wait for a fresh time step if this account used the current one,
        # and stay clear of the end of a 30 s step so the code is still current when it arrives.
        while int(time.time() // 30) == self.totp_used.get(account) or 30 - (time.time() % 30) < 3:
            time.sleep(0.5)
        self.totp_used[account] = int(time.time() // 30)
        self.submit_code(code_input, citools.totp_code(self.secrets[account]))

    def sign_in(self, account: str) -> None:
        """Signs in as ACCOUNT@demo, reusing that account's session cookies from an earlier sign-in."""
        from selenium.webdriver.common.by import By

        if self.current == account and self.account_language.get(account, LANGUAGES[0]) == self.language:
            return
        if account in self.sessions:
            self.sign_out()
            if not self.driver.current_url.startswith(self.base):
                self.open("/health/live")
            for cookie in self.sessions[account]:
                self.driver.add_cookie(cookie)
            self.open("/")
            if self.driver.find_elements(By.ID, "home"):
                self.current = account
                self.use_language(account)
                return
        self.password_step(f"{account}@{DOMAIN}")
        if account in TOTP_ACCOUNTS:
            self.second_factor(account)
        self.find(By.ID, "home", f"home page after {account}'s sign-in")
        self.sessions[account] = self.driver.get_cookies()
        self.current = account
        self.use_language(account)

    def use_language(self, account: str) -> None:
        """Switches ACCOUNT (signed in now) to the language of this pass on its account page, once."""
        from selenium.webdriver.common.by import By

        if self.account_language.get(account, LANGUAGES[0]) == self.language:
            return
        self.open("/account")
        self.choose_option("locale", self.language, f"{account}'s language")
        self.click_and_wait(self.find(By.ID, "profile-submit", "save button of the profile (id=profile-submit)"),
                            f"saving {account}'s language")
        self.find(By.ID, "account-profile", f"account page after saving {account}'s language")
        shown = self.driver.execute_script("return document.documentElement.lang")
        if shown != self.language:
            raise CheckFailed(f"{account} chose {self.language!r}, but the account page is in <html lang={shown!r}>")
        self.account_language[account] = self.language

    # --- axe -------------------------------------------------------------------------------
    def axe(self) -> dict:
        d = self.driver
        if not d.execute_script("return typeof window.axe === 'object'"):
            with open(self.axe_js, "r", encoding="utf-8") as f:
                d.execute_script(f.read())
        options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
        result = d.execute_async_script(
            "var done = arguments[arguments.length - 1];"
            "axe.run(document, arguments[0])"
            ".then(function (r) { done({violations: r.violations}); })"
            ".catch(function (e) { done({error: String(e && e.stack || e)}); });",
            options,
        )
        if not isinstance(result, dict) or "error" in result:
            raise CheckFailed(f"axe.run failed: {result!r}")
        return result

    def check(self, label: str, width: str) -> None:
        """Runs axe on the page that is open now and records the result."""
        name = f"{label} [{width}]"
        shown = self.driver.execute_script("return document.documentElement.lang")
        if shown != self.language:
            raise CheckFailed(f"{self.path()} is in <html lang={shown!r}>, not the {self.language!r} of this pass")
        result = self.axe()
        failing = []
        for v in result["violations"]:
            targets = []
            for node in v.get("nodes", [])[:4]:
                target = node.get("target") or []
                targets.append(" ".join(str(t) for t in target))
            more = len(v.get("nodes", [])) - len(targets)
            line = (f"{v.get('id')} ({v.get('impact')}): {v.get('help')} — "
                    f"{len(v.get('nodes', []))} node(s): {', '.join(targets)}{f' (+{more} more)' if more > 0 else ''}")
            if v.get("impact") in FAILING_IMPACTS:
                failing.append(line)
                if v.get("nodes"):
                    summary = (v["nodes"][0].get("failureSummary") or "").replace("\n", " ")
                    failing.append(f"    first node: {summary[:400]}")
            else:
                self.warnings += 1
                log(f"warning: {name} {self.path()}: {line}")
        # Not an axe rule: content wider than the viewport means scrolling sideways (WCAG 1.4.10).
        wide = self.driver.execute_script(
            "var e = document.documentElement; return e.scrollWidth > e.clientWidth ? e.scrollWidth : 0;")
        if wide:
            self.warnings += 1
            log(f"warning: {name} {self.path()}: the page is {wide}px wide and scrolls sideways")
        if failing:
            self.failed += 1
            self.shot += 1
            shot = os.path.join(self.workdir, f"a11y-{self.shot:02d}-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}.png")
            try:
                self.driver.save_screenshot(shot)
            except Exception:
                shot = "(no screenshot)"
            message = f"FAIL {name} {self.path()}:\n  " + "\n  ".join(failing) + f"\n  screenshot: {shot}"
            self.failures.append(message)
            print(message, flush=True)
        else:
            self.passed += 1
            log(f"ok {name} {self.path()}")

    # --- the pages -------------------------------------------------------------------------
    def scenarios(self):
        """(label, setup) pairs; setup() leaves the browser on the page to check at the current width."""
        from selenium.webdriver.common.by import By

        def anonymous(path):
            def setup():
                self.sign_out()
                self.open(path)
            return setup

        def signin_error():
            # An unknown account first, so that the audit trail also lists a failure without a name.
            self.password_step(f"nobody@{DOMAIN}", "not-the-password")
            self.find(By.ID, "signin-error", "sign-in error (id=signin-error) for an unknown account")
            self.password_step(f"peer@{DOMAIN}", "not-the-password")
            self.find(By.ID, "signin-error", "sign-in error (id=signin-error) after a wrong password")

        def second_factor_page():
            self.password_step(f"orgadmin@{DOMAIN}")
            self.find(By.NAME, "code", "second-factor code input after the admin's password")

        def page(account, path, wait=None):
            def setup():
                self.sign_in(account)
                target = path() if callable(path) else path
                self.open(target)
                if wait:
                    self.find(By.CSS_SELECTOR, wait, f"{wait} on {target}")
            return setup

        def add_user_errors():
            self.sign_in("orgadmin")
            self.open("/admin/users")
            button = self.find(By.CSS_SELECTOR, "#add-user button[type=submit]", "submit button of #add-user")
            # Let the server, not the browser's constraint validation, judge the empty fields.
            self.driver.execute_script("arguments[0].form.noValidate = true;", button)
            button.click()
            self.find(By.CSS_SELECTOR, "#add-user .field-error", "field errors after submitting an empty #add-user form")

        def detail(table_id, list_path):
            def path():
                self.open(list_path)
                return self.first_link(f"#{table_id}", f"first link in #{table_id} on {list_path}")
            return path

        def error_page(account, path, status):
            def setup():
                self.sign_in(account)
                self.open(path)
                got = self.find(By.ID, "error", f"error page on {path}").get_attribute("data-status")
                if got != status:
                    raise CheckFailed(f"{path}: error page has data-status={got!r}, expected {status!r}")
            return setup

        def submit(what):
            self.click_and_wait(self.find(By.ID, "submit", f"submit button (id=submit) of {what}"), what)

        def journey_fixture():
            """A person the peer takes in, screens and enrolls through the forms, once: (record path, episode id).

            Demo participants are not relied on; the peer took this person in, so the peer and their
            supervisor (who pairs, and so sees the pairing form) reach the record."""
            if self.journey is None:
                self.sign_in("peer")
                self.open("/participants/new")
                self.fill_new_person("Zoë", f"Axe-{tokens.token_hex(3)}", "1985-03-02")
                submit("the new-person form")
                self.find(By.ID, "participant-name", "record after saving a new person")
                record = self.path()
                if citools.participant_id(record) is None:
                    raise CheckFailed(f"saving a new person should land on /participants/<id>, not {record!r}")
                self.click_and_wait(self.find(By.ID, "screen", "'Screen' link"), "Screen")
                self.tick("service_criteria", "C")
                submit("the screening form")
                self.click_and_wait(self.find(By.ID, "enroll", "'Enroll' link"), "Enroll")
                submit("the enrollment form")
                review = self.find(By.CSS_SELECTOR, "#episodes a[id^='review-']", "review link of the new episode")
                self.journey = (record, review.get_attribute("id")[len("review-"):])
                log(f"made a participant to check: {record} (episode {self.journey[1]})")
            return self.journey

        def journey_page(account, make_path, wait=None):
            def setup():
                record, episode = journey_fixture()
                self.sign_in(account)
                target = make_path(record, episode)
                self.open(target)
                if wait:
                    self.find(By.CSS_SELECTOR, wait, f"{wait} on {target}")
            return setup

        def new_person_errors():
            self.sign_in("peer")
            self.open("/participants/new")
            future = (datetime.date.today() + datetime.timedelta(days=400)).isoformat()
            self.fill_new_person("Zoë", "Axe-Refused", future)
            submit("the new-person form")
            self.find(By.ID, "date_of_birth-error", "field error by the date of birth (id=date_of_birth-error)")

        def enroll_errors():
            record, _ = journey_fixture()
            self.sign_in("peer")
            self.open(record + "/enroll")
            submit("the enrollment form")  # already enrolled in the program offered
            self.find(By.ID, "program_id-error", "field error by the program (id=program_id-error)")

        # --- service documentation -----------------------------------------------------------
        def person_id(record):
            return citools.participant_id(record)

        def no_browser_validation(form_id):
            """Lets the server, not the browser's constraint validation, judge what is sent."""
            self.driver.execute_script("document.getElementById(arguments[0]).noValidate = true;", form_id)

        def click_id(element_id, what):
            self.click_and_wait(self.find(By.ID, element_id, f"{what} (id={element_id})"), what)

        def service_fixture():
            """A note the peer documents for the journey's person, once: (note path, its day, program id).

            First the program manager turns on co-signature for the person's program, so the note waits in
            the supervisor's queue. The note is signed for the day before the server's today at 00:10
            (never in the future), then amended, so it has a history."""
            if self.service is None:
                record, _ = journey_fixture()
                self.sign_in("peer")
                self.open(f"/services/new?person={person_id(record)}")
                self.find(By.ID, "service-form", "service note form (id=service-form)")
                program = self.driver.execute_script(
                    "var e = document.querySelector('#service-form [name=program_id]'); return e ? e.value : '';")
                if not program:
                    raise CheckFailed(f"the note form for {record} names no program (program_id)")
                self.sign_in("manager")
                self.open(f"/programs/{program}/service-settings")
                box = self.find(By.ID, "requires_cosignature", "co-signature checkbox on the service settings")
                if not box.is_selected():
                    self.find(By.CSS_SELECTOR, "label[for=requires_cosignature]", "label of the co-signature checkbox").click()
                    click_id("save-signing", "save the signing rule")
                    if not self.find(By.ID, "requires_cosignature", "co-signature checkbox after saving").is_selected():
                        raise CheckFailed(f"co-signature is still off for program {program} after saving it")
                self.sign_in("peer")
                self.open(f"/services/new?person={person_id(record)}")
                offered = self.find(By.ID, "date", "date of the service").get_property("value")
                try:
                    day = (datetime.date.fromisoformat(offered) - datetime.timedelta(days=1)).isoformat()
                except ValueError:
                    raise CheckFailed(f"the note form offers the date {offered!r}")
                self.type_into("date", day)
                self.type_into("start_time", "00:10")
                self.type_into("duration_minutes", "45")
                self.type_into("end_time", "")
                types = [o.get_attribute("value") for o in
                         self.find(By.ID, "service_type", "service type").find_elements(By.TAG_NAME, "option")]
                self.choose_option("service_type", "peer_counseling" if "peer_counseling" in types else types[0])
                box = self.find(By.CSS_SELECTOR, "#core_functions input[type=checkbox]", "a core function")
                self.tick("core_functions", box.get_attribute("value"))
                self.type_into("note", "Walked to the clinic together; practised what to ask the doctor.")
                click_id("sign", "Sign note")
                self.find(By.ID, "status", "note page after signing")
                path = self.path()
                if not re.fullmatch(r"/services/[0-9a-fA-F-]{36}", path):
                    raise CheckFailed(f"signing a note should land on /services/<id>, not {path!r}")
                click_id("amend", "Amend")
                self.type_into("reason", "The clinic visit was a walk-in, not an appointment.")
                self.type_into("note", "Walked to the walk-in clinic together; practised what to ask the doctor.")
                click_id("submit", "Save amendment")
                self.find(By.ID, "history", "amendment history (id=history) after amending")
                self.service = (path, day, program)
                log(f"made a service note to check: {path} ({day}, program {program})")
            return self.service

        def service_page(account, make_path, wait=None):
            def setup():
                note, day, program = service_fixture()
                self.sign_in(account)
                target = make_path(note, day, program)
                self.open(target)
                if wait:
                    self.find(By.CSS_SELECTOR, wait, f"{wait} on {target}")
            return setup

        def referral_page(account, suffix, wait):
            """The first referral on the peer's waiting list (demo data), with `suffix` after its address."""
            def setup():
                self.sign_in("peer")
                self.open("/referrals")
                link = self.find(By.CSS_SELECTOR, "table#referrals-waiting tbody td.main a", "first referral waiting (demo data)")
                target = urllib.parse.urlsplit(link.get_attribute("href")).path + suffix.replace("{lang}", self.language)
                self.sign_in(account)
                self.open(target)
                self.find(By.CSS_SELECTOR, wait, f"{wait} on {target}")
            return setup

        def directory_service():
            """The first service a search for housing finds (demo data), opened as a referral's choice."""
            self.sign_in("peer")
            self.open("/directory?q=housing")
            link = self.find(By.CSS_SELECTOR, "table#directory-services tbody td.main a", "first service found (demo data)")
            self.open(urllib.parse.urlsplit(link.get_attribute("href")).path)
            self.find(By.ID, "directory-service", "the service's facts")

        def directory_import_job():
            """A directory import run as a job (asked of the API with Prefer: respond-async) and refused: its page."""
            self.sign_in("manager")
            self.open("/directory/import")
            csrf = self.find(By.CSS_SELECTOR, "input[name=csrf]", "the form's CSRF field").get_attribute("value")
            # From here, with the browser's session: the page's own policy lets no script fetch.
            cookies = "; ".join(f"{c['name']}={c['value']}" for c in self.driver.get_cookies())
            body = b'{"version": "3.0", "services": [{"id": "x", "name": "Food", "status": "open"}]}'
            request = urllib.request.Request(self.base + "/api/v1/directory/import", data=body, method="POST", headers={
                "Content-Type": "application/json", "Prefer": "respond-async", "X-CSRF-Token": csrf, "Cookie": cookies})
            try:
                with urllib.request.urlopen(request, timeout=30) as answer:
                    location = answer.headers.get("Location") if answer.status == 202 else f"status {answer.status}"
            except urllib.error.HTTPError as error:
                location = f"status {error.code}"
            match = re.fullmatch(r"/api/v1/directory/imports/([0-9a-fA-F-]{36})", location or "")
            if not match:
                raise CheckFailed(f"the API should start a job (202 with its Location), not {location!r}")
            target = f"/directory/imports/{match.group(1)}"
            for _ in range(20):
                self.open(target)
                if self.driver.find_elements(By.ID, "import-problems"):
                    return
                time.sleep(0.5)
            raise CheckFailed(f"the job {target} did not end with its problems listed")

        def caseload_measures(suffix, wait):
            """The first person on the peer's caseload (demo data, with measures given): their measures, or the first administration."""
            def setup():
                self.sign_in("peer")
                self.open("/caseload")
                link = self.find(By.CSS_SELECTOR, "table#caseload tbody td a[href^='/participants/']", "first person on the caseload (demo data)")
                self.open(urllib.parse.urlsplit(link.get_attribute("href")).path + "/measures")
                if suffix == "administration":
                    first = self.find(By.CSS_SELECTOR, "#administration-list td.main a", "first administration (demo data)")
                    self.open(urllib.parse.urlsplit(first.get_attribute("href")).path)
                self.find(By.CSS_SELECTOR, wait, f"{wait}")
            return setup

        def caseload_plan(kind, suffix, wait):
            """The first person on the peer's caseload with a plan of KIND (demo data): the plan page, or SUFFIX of it."""
            def setup():
                self.sign_in("peer")
                self.open("/caseload")
                links = self.driver.find_elements(By.CSS_SELECTOR, "table#caseload tbody td a[href^='/participants/']")
                for href in [urllib.parse.urlsplit(l.get_attribute("href")).path for l in links]:
                    self.open(href + "/plans")
                    found = self.driver.find_elements(By.ID, f"open-{kind}")
                    if found:
                        self.open(urllib.parse.urlsplit(found[0].get_attribute("href")).path + suffix)
                        self.find(By.CSS_SELECTOR, wait, f"{wait}")
                        return
                self.fail(f"nobody on the peer's caseload has a {kind} plan (demo data)")
            return setup

        def plan_errors():
            """A recovery plan started without the goal's words."""
            record, _ = journey_fixture()
            self.sign_in("peer")
            self.open(f"{record}/plans/new?kind=recovery")
            submit("a plan goal without words")
            self.find(By.ID, "goals.0.words-error", "the goal's error")

        def measure_errors():
            """A PROMIS follow-up saved with nothing answered."""
            record, _ = journey_fixture()
            self.sign_in("peer")
            self.open(f"{record}/measures/new?instrument=promis-global-10")
            submit("a measure with nothing answered")
            self.find(By.ID, "responses.global01-error", "the first question's error")

        def referral_errors():
            """A referral saved with no need and no service named."""
            record, _ = journey_fixture()
            self.sign_in("peer")
            self.open(f"{record}/referral")
            submit("a referral with no need")
            self.find(By.ID, "need-error", "the need's error after an empty referral")

        def service_form_errors():
            """A note signed with the end before the start, no core function and no note."""
            record, _ = journey_fixture()
            self.sign_in("peer")
            self.open(f"/services/new?person={person_id(record)}")
            self.find(By.ID, "service-form", "service note form")
            self.type_into("start_time", "00:10")
            self.type_into("end_time", "00:05")
            self.type_into("note", "")
            self.driver.execute_script(
                "document.querySelectorAll('#core_functions input[type=checkbox]').forEach(function (b) { b.checked = false; });")
            no_browser_validation("service-form")
            click_id("sign", "Sign note")
            self.find(By.ID, "end_time-error", "field error by the end time (id=end_time-error)")

        def amend_errors():
            note, _, _ = service_fixture()
            self.sign_in("peer")
            self.open(note + "/amend")
            self.find(By.ID, "reason", "reason for the amendment")
            no_browser_validation("service-form")
            click_id("submit", "Save amendment")
            self.find(By.ID, "reason-error", "field error by the reason (id=reason-error)")

        def group_errors():
            self.sign_in("peer")
            self.open("/services/group/new")
            self.find(By.ID, "group-form", "group session form (id=group-form)")
            no_browser_validation("group-form")
            click_id("sign", "Sign note (group, nobody ticked)")
            self.find(By.ID, "attendees-error", "field error by who attended (id=attendees-error)")

        def outreach_errors():
            self.sign_in("peer")
            self.open("/outreach/new")
            self.find(By.ID, "journey-form", "outreach form")
            no_browser_validation("journey-form")
            submit("the outreach form")  # no start time, no count, no audience
            self.find(By.ID, "people_reached-error", "field error by the people reached (id=people_reached-error)")

        def team_member_week():
            _, day, _ = service_fixture()
            self.sign_in("supervisor")
            self.open(f"/services/team?date={day}")
            link = self.find(By.CSS_SELECTOR, "#team-week a[href]", "first peer in the team week (table#team-week)")
            self.driver.get(link.get_attribute("href"))  # /services/week?peer=ID&date=DAY
            self.find(By.ID, "week-totals", "a peer's week (id=week-totals)")

        def settings_errors():
            _, _, program = service_fixture()
            self.sign_in("manager")
            self.open(f"/programs/{program}/service-settings")
            self.find(By.ID, "catalog-form", "catalogue form (id=catalog-form)")
            no_browser_validation("catalog-form")
            click_id("add-entry", "add to the catalogue (empty)")
            self.find(By.ID, "code-error", "field error by the code (id=code-error)")

        def mix_errors():
            _, day, program = service_fixture()
            self.sign_in("manager")
            before = (datetime.date.fromisoformat(day) - datetime.timedelta(days=1)).isoformat()
            self.open(f"/programs/{program}/services?from={day}&to={before}")
            self.find(By.ID, "to-error", "field error by the period's end (id=to-error)")

        # --- the peer workforce (demo data: peer@ is a certified peer, renewal due, supervised by supervisor@) ---
        def staff_page(account, suffix="", wait=None, via=("peer", "/me/certification")):
            """A staff record (or SUFFIX of it): the peer's own by default, found through /me/certification
            as the peer; VIA=(account, list path, table id) takes the first person listed there instead."""
            def setup():
                if len(via) == 3:
                    self.sign_in(via[0])
                    record = detail(via[2], via[1])()
                else:
                    self.sign_in(via[0])
                    self.open(via[1])
                    self.find(By.ID, "checklist", f"the checklist after {via[1]}")
                    record = self.path()
                self.sign_in(account)
                target = record + suffix
                self.open(target)
                if wait:
                    self.find(By.CSS_SELECTOR, wait, f"{wait} on {target}")
            return setup

        def ce_errors():
            """Continuing education with negative hours, no category and no course."""
            self.sign_in("peer")
            self.open("/me/certification")
            self.find(By.ID, "checklist", "the checklist")
            self.open(self.path() + "/education")
            self.type_into("hours", "-2")
            submit("continuing education with negative hours")
            self.find(By.ID, "hours-error", "field error by the hours (id=hours-error)")

        def check_in_errors():
            self.sign_in("peer")
            self.open("/wellness")
            self.find(By.ID, "checkin-form", "the check-in form")
            submit("a check-in with nothing answered")
            self.find(By.ID, "form-summary", "the error summary of the check-in")

        def session_errors():
            self.sign_in("supervisor")
            self.open("/supervision/new")
            no_browser_validation("journey-form")
            submit("a supervision session with nothing filled in")
            self.find(By.ID, "minutes-error", "field error by the minutes (id=minutes-error)")

        return [
            ("/signin (anonymous)", anonymous("/signin")),
            ("/signin with a sign-in error", signin_error),
            ("/signin/second-factor (orgadmin)", second_factor_page),
            ("peer /", page("peer", "/", "#home")),
            ("peer /account", page("peer", "/account")),
            ("supervisor /", page("supervisor", "/", "#home")),
            ("supervisor /admin/users", page("supervisor", "/admin/users", "#users-table")),
            ("manager /", page("manager", "/", "#home")),
            ("manager /admin/programs", page("manager", "/admin/programs", "#programs-table")),
            ("manager program detail", page("manager", detail("programs-table", "/admin/programs"))),
            ("orgadmin /", page("orgadmin", "/", "#home")),
            ("orgadmin /admin/users", page("orgadmin", "/admin/users", "#users-table")),
            ("orgadmin user detail", page("orgadmin", detail("users-table", "/admin/users"))),
            ("orgadmin /admin/users add-person errors", add_user_errors),
            ("orgadmin /admin/programs", page("orgadmin", "/admin/programs", "#programs-table")),
            ("orgadmin /admin/organizations", page("orgadmin", "/admin/organizations", "#organizations-table")),
            ("orgadmin organization detail",
             page("orgadmin", detail("organizations-table", "/admin/organizations"))),
            ("orgadmin /admin/audit", page("orgadmin", "/admin/audit", "#audit-table")),
            ("orgadmin /account", page("orgadmin", "/account")),
            ("county /", page("county", "/", "#home")),
            ("county /admin/organizations", page("county", "/admin/organizations", "#organizations-table")),
            ("evaluator /", page("evaluator", "/", "#home")),
            ("peer /participants", page("peer", "/participants", "#q")),
            ("peer /participants?q=a", journey_page("peer", lambda r, e: "/participants?q=a", "#results")),
            ("peer /participants/new", page("peer", "/participants/new", "#participant-form")),
            ("peer /participants/new errors", new_person_errors),
            ("peer /contacts/new", page("peer", "/contacts/new", "#journey-form")),
            ("peer /participants/import", page("peer", "/participants/import", "#journey-form")),
            ("peer /caseload", page("peer", "/caseload", "main h1")),
            ("supervisor /caseload?team=1", page("supervisor", "/caseload?team=1", "main h1")),
            ("manager /reviews/due", page("manager", "/reviews/due", "main h1")),
            ("peer participant record", journey_page("peer", lambda r, e: r, "#participant-name")),
            ("supervisor participant record", journey_page("supervisor", lambda r, e: r, "#participant-name")),
            ("peer screen form", journey_page("peer", lambda r, e: f"{r}/screen", "#journey-form")),
            ("peer enroll form", journey_page("peer", lambda r, e: f"{r}/enroll", "#journey-form")),
            ("peer enroll errors", enroll_errors),
            ("supervisor assign form", journey_page("supervisor", lambda r, e: f"/episodes/{e}/assign", "#suggestions")),
            ("peer review form", journey_page("peer", lambda r, e: f"/episodes/{e}/review", "#journey-form")),
            ("peer discharge form", journey_page("peer", lambda r, e: f"/episodes/{e}/discharge", "#journey-form")),
            ("peer /services/new (choose the person)", page("peer", "/services/new", "#service-form")),
            ("peer service form", journey_page("peer", lambda r, e: f"/services/new?person={person_id(r)}", "#service-form")),
            ("peer service form errors", service_form_errors),
            ("peer service note with history", service_page("peer", lambda n, d, p: n, "#history")),
            ("supervisor service note (co-sign)", service_page("supervisor", lambda n, d, p: n, "#history")),
            ("peer amend form", service_page("peer", lambda n, d, p: f"{n}/amend", "#service-form")),
            ("peer amend errors", amend_errors),
            ("peer /services/week", service_page("peer", lambda n, d, p: f"/services/week?date={d}", "#week-services")),
            ("peer /services/group/new", page("peer", "/services/group/new", "#group-form")),
            ("peer group form errors", group_errors),
            ("peer /outreach/new", page("peer", "/outreach/new", "#journey-form")),
            ("peer outreach errors", outreach_errors),
            ("supervisor /services/team", service_page("supervisor", lambda n, d, p: f"/services/team?date={d}", "#team-week")),
            ("supervisor a peer's week", team_member_week),
            ("supervisor /services/cosign", service_page("supervisor", lambda n, d, p: "/services/cosign", "#cosign-queue")),
            ("manager program service mix", service_page("manager", lambda n, d, p: f"/programs/{p}/services", "#mix-totals")),
            ("manager service mix period errors", mix_errors),
            ("manager program service settings", service_page("manager", lambda n, d, p: f"/programs/{p}/service-settings", "#catalog-form")),
            ("manager service settings errors", settings_errors),
            ("orgadmin program service settings",
             service_page("orgadmin", lambda n, d, p: f"/programs/{p}/service-settings", "#catalog-form")),
            ("peer /referrals", page("peer", "/referrals", "#referrals-waiting")),
            ("peer /referrals/measures", page("peer", "/referrals/measures", "#referral-totals")),
            ("manager /referrals/measures?scope=program", page("manager", "/referrals/measures?scope=program", "#referrals-by-need")),
            ("peer /directory search", page("peer", "/directory?q=housing&language=es&near=San+Diego&radius_km=25&free=1", "#directory-services")),
            ("peer /directory errors", page("peer", "/directory?near=Atlantis&age=abc", "#form-summary")),
            ("peer directory service", directory_service),
            ("manager /directory/import", page("manager", "/directory/import", "main form")),
            ("manager /directory/settings", page("manager", "/directory/settings", "main form")),
            ("manager /directory/export", page("manager", "/directory/export", "#directory-export-form")),
            ("manager /directory/export errors", page("manager", "/directory/export?format=xml", "#form-summary")),
            ("manager directory import job (refused)", directory_import_job),
            ("manager /history/import", page("manager", "/history/import", "#history-import-form")),
            ("peer referral form", journey_page("peer", lambda r, e: f"{r}/referral", "#journey-form")),
            ("peer referral form errors", referral_errors),
            ("peer referral", referral_page("peer", "", "#referral-history")),
            ("peer referral status form", referral_page("peer", "/status", "#journey-form")),
            # The slip speaks the person's language unless asked for another: here, this pass's.
            ("peer referral slip", referral_page("peer", "/slip?lang={lang}", "#referral-slip")),
            ("peer measures", caseload_measures("measures", "#administrations")),
            ("peer measure (administration)", caseload_measures("administration", "#score-table")),
            ("peer give a measure", journey_page("peer", lambda r, e: f"{r}/measures/new?instrument=promis-global-10", "#journey-form")),
            ("peer give a measure errors", measure_errors),
            ("peer /measures/due", page("peer", "/measures/due", "main h1")),
            ("peer plans", journey_page("peer", lambda r, e: f"{r}/plans", "#plan-recovery")),
            ("peer start a plan", journey_page("peer", lambda r, e: f"{r}/plans/new?kind=recovery", "#journey-form")),
            ("peer start a plan errors", plan_errors),
            ("peer recovery plan", caseload_plan("recovery", "", "#plan-status")),
            ("peer crisis plan", caseload_plan("crisis", "", "#supporters")),
            ("peer crisis plan print", caseload_plan("crisis", "/print", "#crisis-plan")),
            ("manager program measures schedule", service_page("manager", lambda n, d, p: f"/programs/{p}/measures", "#schedule-form")),
            ("manager PROMIS licensed wording",
             service_page("manager", lambda n, d, p: f"/programs/{p}/measures/wording?instrument=promis-global-10&lang={self.language}", "#journey-form")),
            ("manager program plan domains", service_page("manager", lambda n, d, p: f"/programs/{p}/plan-domains", "#journey-form")),
            ("peer staff record (workforce)", staff_page("peer", "", "#checklist")),
            ("peer CE form (workforce)", staff_page("peer", "/education", "#journey-form")),
            ("peer CE form errors (workforce)", ce_errors),
            ("peer step form (workforce)", staff_page("peer", "/certification?step=ethics_signed", "#journey-form")),
            ("peer training form (workforce)", staff_page("peer", "/trainings", "#journey-form")),
            ("peer profile form (workforce)", staff_page("peer", "/profile", "#journey-form")),
            ("peer wellness check-in (workforce)", page("peer", "/wellness", "#checkin-form")),
            ("peer wellness check-in errors (workforce)", check_in_errors),
            ("peer courses (workforce)", page("peer", "/workforce/courses", "#courses")),
            ("supervisor /supervision team (workforce)", page("supervisor", "/supervision", "#team")),
            ("supervisor log session form (workforce)", page("supervisor", "/supervision/new", "#journey-form")),
            ("supervisor log session errors (workforce)", session_errors),
            ("supervisor supervisee's record (workforce)", staff_page("supervisor", "", "#checklist", via=("supervisor", "/supervision", "team"))),
            ("supervisor supervisee's check-ins (workforce)", staff_page("supervisor", "/wellness", "#checkins", via=("supervisor", "/supervision", "team"))),
            ("supervisor career form (workforce)", staff_page("supervisor", "/career", "#journey-form", via=("supervisor", "/supervision", "team"))),
            ("supervisor own record (workforce)", page("supervisor", "/me/certification", "#certification")),
            ("supervisor roster (workforce)", page("supervisor", "/workforce", "#roster")),
            ("manager roster (workforce)", page("manager", "/workforce", "#roster")),
            ("manager report (workforce)", page("manager", "/workforce/report", "#deadline-list")),
            ("manager staff record (workforce)", staff_page("manager", "", "#checklist", via=("manager", "/workforce", "roster"))),
            ("manager courses (workforce)", page("manager", "/workforce/courses", "#courses")),
            ("orgadmin roster (workforce)", page("orgadmin", "/workforce", "#roster")),
            ("orgadmin report (workforce)", page("orgadmin", "/workforce/report", "#deadline-list")),
            ("orgadmin settings (workforce)", page("orgadmin", "/workforce/settings", "#journey-form")),
            ("orgadmin courses with the add form (workforce)", page("orgadmin", "/workforce/courses", "#course-form")),
            ("orgadmin profile form (HR) (workforce)", staff_page("orgadmin", "/profile", "#journey-form", via=("orgadmin", "/workforce", "roster"))),
            ("orgadmin career form (workforce)", staff_page("orgadmin", "/career", "#journey-form", via=("orgadmin", "/workforce", "roster"))),
            ("manager /reports (program report)", page("manager", "/reports", "#report")),
            ("manager /reports public release (program report)", page("manager", "/reports?public=true", "#public-note")),
            ("manager /reports period errors (program report)", page("manager", "/reports?from=2026-05-01&to=2026-01-01", "#form-summary")),
            ("supervisor /reports (program report)", page("supervisor", "/reports", "#report")),
            ("evaluator /reports (program report)", page("evaluator", "/reports", "#report")),
            ("evaluator /evaluation (evaluator extract)", page("evaluator", "/evaluation", "#evaluation-downloads")),
            ("evaluator /evaluation period errors (evaluator extract)", page("evaluator", "/evaluation?from=2026-05-01&to=2026-01-01", "#form-summary")),
            ("403 (peer /admin/audit)", error_page("peer", "/admin/audit", "403")),
            ("404 (orgadmin unknown user)", error_page("orgadmin", f"/admin/users/{NIL_UUID}", "404")),
        ]

    def run(self) -> None:
        for language in LANGUAGES:
            self.language = language
            if language != LANGUAGES[0]:
                # Every account first, so that a page seen before its account's first scenario (the
                # second factor's, asked before the home page) is already in this language.
                for account in ACCOUNTS:
                    self.sign_in(account)
            for width, w, h, mobile in WIDTHS:
                self.run_width(f"{width}, {language}", w, h, mobile)

    def run_width(self, width: str, w: int, h: int, mobile: bool) -> None:
        citools.set_viewport(self.driver, w, h, mobile)
        log(f"--- {width} ({w}x{h})")
        for label, setup in self.scenarios():
            if self.only and self.only not in label:
                continue
            name = f"{label} [{width}]"
            try:
                setup()
                self.check(label, width)
            except CheckFailed as e:
                self.failed += 1
                message = f"FAIL {name}: could not check the page: {e}"
                self.failures.append(message)
                print(message, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary", help="path to the peerway executable")
    parser.add_argument("--workdir", help="directory for the demo database, logs and screenshots (kept)")
    parser.add_argument("--port", type=int, default=0, help="port for the demo server (default: a free one)")
    parser.add_argument("--axe", help="path of axe-core's axe.min.js (default: from an installed PyPI package)")
    parser.add_argument("--only", help="check only the pages whose label contains this text")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    parser.add_argument("--startup-timeout", type=float, default=120)
    args = parser.parse_args()

    citools.install_signal_handlers()
    started = time.monotonic()
    binary = os.path.abspath(args.binary)
    workdir, created = citools.make_workdir(args.workdir, "peerway-a11y-")
    port = args.port or citools.free_port()
    base = f"http://127.0.0.1:{port}"
    procs = citools.Processes(workdir)
    driver = None
    check = None
    error = False
    try:
        if not os.access(binary, os.X_OK):
            raise CheckFailed(f"{binary} is not an executable")
        axe_js = find_axe(args.axe)
        log(f"axe-core {'.'.join(map(str, axe_version(axe_js)))} from {axe_js}")
        env = citools.peerway_env(os.path.join(workdir, "audit.key"))
        log(f"workdir {workdir}")
        demo = citools.start_demo(procs, binary, workdir, port, env, args.startup_timeout, "a11y")

        emails = [f"{account}@{DOMAIN}" for account in TOTP_ACCOUNTS]
        found = citools.demo_totp_secrets(demo, emails)
        secrets = {account: found[email] for account, email in zip(TOTP_ACCOUNTS, emails) if email in found}
        if len(secrets) < len(TOTP_ACCOUNTS):
            missing = ", ".join(a for a in TOTP_ACCOUNTS if a not in secrets)
            raise CheckFailed(f"the demo printed no 'TOTP secret for <email>: <BASE32>' line for {missing}\n"
                              + demo.describe_failure())

        _, w, h, mobile = WIDTHS[0]
        driver = citools.make_driver(args.chromium, args.chromedriver, workdir, w, h, mobile)
        check = Check(base, workdir, driver, axe_js, secrets, args.only)
        check.run()
        if not demo.running():
            raise CheckFailed("the demo server exited during the check\n" + demo.describe_failure())
    except CheckFailed as e:
        error = True
        print(f"ACCESSIBILITY ERROR: {e}", file=sys.stderr, flush=True)
    except Exception:
        error = True
        print("ACCESSIBILITY ERROR (unexpected exception):", file=sys.stderr, flush=True)
        traceback.print_exc()
    finally:
        citools.tear_down(driver, procs, error)
    passed = check.passed if check is not None else 0
    failed = check.failed if check is not None else 0
    if error and failed == 0:
        failed = 1
    if check is not None and check.failures:
        print(f"\naccessibility: {len(check.failures)} failing page(s):", flush=True)
        for message in check.failures:
            print(message.split("\n", 1)[0], flush=True)
    if check is not None:
        log(f"{check.warnings} warning(s) (moderate/minor axe findings, sideways scrolling); took {time.monotonic() - started:.1f}s")
    citools.finish_workdir(workdir, created, failed, "accessibility: artifacts")
    print(f"accessibility: {passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
