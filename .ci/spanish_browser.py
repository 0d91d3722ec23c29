#!/usr/bin/env python3
"""Browser test of Peerway in Spanish, through the server-rendered pages of `peerway demo`.

    python3 .ci/spanish_browser.py [PEERWAY_BINARY] [--workdir DIR] [--port N]
        [--chromium /usr/bin/chromium] [--chromedriver /usr/bin/chromedriver] [--startup-timeout 120]

PEERWAY_BINARY defaults to $PEERWAY_BIN, else to `swift build --show-bin-path`/peerway (what .ci/run
builds). Starts `peerway demo` (fresh SQLite demo data) and drives a phone-sized (390x844) headless
Chromium whose language is English:

  1. signed out, /signin is English (<html lang="en">); its switch "Español" shows the sign-in page in
     Spanish (<html lang="es">, Spanish title, intro and button, none of the English sentences);
  2. the demo peer signs in on that Spanish page; their account is still English, and the account's
     language wins over the switch's cookie: the home page is English;
  3. on the account page the peer chooses "Español" and saves: the account page is Spanish;
  4. the caseload is Spanish: heading, column headings, navigation, the "Documentar" links, dates
     written the Spanish way ("5 dic 2026"), and no English sentence of the chosen keys;
  5. "Documentar" on the first row opens the note form in Spanish (labels, buttons);
  6. a note whose end time is before its start, sent with "Firmar la nota", is refused and its
     messages (the form's summary and the end-time field's) are the Spanish ones;
then, in a second, fresh browser that asks for es-MX (Accept-Language), with no cookie:
  7. /signin is Spanish (<html lang="es">).

The Spanish and English sentences asserted are read from the bundled catalogues
(Sources/PeerwayWeb/Resources/locales/{en,es}.json), so a reworded sentence does not break the test,
but an untranslated page does. Prints one line per step; on a failure, the page's visible text and a
screenshot path, and exits 1. Screenshots go to WORKDIR (kept when --workdir is given or when a check
fails). Needs selenium (pip) and Debian's chromium + chromium-driver.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import citools  # noqa: E402
from citools import CheckFailed  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOCALES = os.path.join(ROOT, "Sources", "PeerwayWeb", "Resources", "locales")
PEER = f"peer@{citools.DEMO_DOMAIN}"
START = "00:10"
EARLY_END = "00:05"  # before START: refused by the end-time field
# A day written the Spanish way by Foundation's es locale: "5 dic 2026" (a month may end with a period).
SPANISH_DAY = re.compile(r"\b\d{1,2} (ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)\.? \d{4}\b")
ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def log(message: str) -> None:
    citools.log("spanish", message)


def catalogue(code: str) -> dict:
    with open(os.path.join(LOCALES, f"{code}.json"), encoding="utf-8") as f:
        return json.load(f)


EN, ES = catalogue("en"), catalogue("es")


class Spanish(citools.WalkedPath):
    def __init__(self, base: str, workdir: str, driver):
        super().__init__("spanish", base, workdir, driver)

    def lang(self) -> str:
        return self.driver.execute_script("return document.documentElement.lang") or ""

    def expect_lang(self, code: str, what: str) -> None:
        if self.lang() != code:
            self.fail(f"{what}: <html lang={self.lang()!r}>, expected {code!r}")

    def text_of(self, css: str, what: str) -> str:
        return " ".join(self.expect(css, what).text.split())

    def page_text(self) -> str:
        return " ".join(self.visible_text(limit=200_000).split())

    def expect_sentences(self, keys, what: str) -> None:
        """The Spanish sentence of every key is on the page, and none of their English ones."""
        text = self.page_text()
        for key in keys:
            spanish, english = ES[key], EN[key]
            if spanish not in text:
                self.fail(f"{what}: the Spanish of {key} ({spanish!r}) is not on the page")
            if english != spanish and re.search(r"(?<!\w)" + re.escape(english) + r"(?!\w)", text):
                self.fail(f"{what}: the English of {key} ({english!r}) is still on the page")

    def run(self) -> None:
        from selenium.webdriver.common.by import By

        # 1. The sign-in page's switch.
        self.open("/signin")
        self.expect("#signin", "sign-in page (id=signin)")
        self.expect_lang("en", "/signin in an English browser")
        switch = self.expect("#language-switch a[lang='es']", "the switch to Spanish (#language-switch a[lang=es])")
        if switch.text.strip() != "Español":
            self.fail(f"the switch to Spanish reads {switch.text.strip()!r}, expected 'Español'")
        self.click_and_wait(switch, "'Español' on /signin")
        self.wait_path("/signin", "after 'Español'")
        self.expect_lang("es", "/signin after 'Español'")
        if self.text_of("#signin h1", "sign-in heading") != ES["signin.title"]:
            self.fail(f"the sign-in heading reads {self.text_of('#signin h1', 'heading')!r}, expected {ES['signin.title']!r}")
        self.expect_sentences(["signin.intro", "signin.privacy", "field.password", "layout.footer"], "/signin after 'Español'")
        back = self.expect("#language-switch a[lang='en']", "the switch back to English")
        if back.text.strip() != "English":
            self.fail(f"the switch back reads {back.text.strip()!r}, expected 'English'")
        self.screenshot("signin-es")
        self.ok("/signin is English; 'Español' shows it in Spanish (<html lang=\"es\">), offering 'English' back")

        # 2. Signing in on the Spanish page: the account (English) wins over the cookie.
        email = self.find(By.NAME, "email", "email input")
        email.clear()
        email.send_keys(PEER)
        self.find(By.NAME, "password", "password input").send_keys(citools.DEMO_PASSWORD)
        self.click("#signin-submit", "the sign-in button")
        self.expect("#home", "home page after signing in")
        self.expect_lang("en", "home page of an English account signed in from the Spanish sign-in page")
        self.ok(f"{PEER} signs in on the Spanish page; their English account wins: the home page is <html lang=\"en\">")

        # 3. The account's language.
        self.nav("Account", "/account")
        options = {o.get_attribute("value"): o.text.strip() for o in
                   self.expect("#locale", "language choice (id=locale)").find_elements(By.TAG_NAME, "option")}
        if options != {"en": "English", "es": "Español"}:
            self.fail(f"the account's language choice offers {options}, expected English and Español")
        self.choose_option("locale", "es", "language")
        self.click("#profile-submit", "'Save' of the profile (id=profile-submit)")
        self.expect("#account-profile", "account page after saving")
        self.expect_lang("es", "account page after choosing Español")
        self.expect_sentences(["account.title", "account.change_password", "field.locale", "layout.signout"],
                              "account page after choosing Español")
        self.screenshot("account-es")
        self.ok("the account offers English and Español; saving Español turns the account page Spanish")

        # 4. The caseload.
        self.nav(ES["nav.caseload"], "/caseload")
        self.expect("table#caseload", "caseload table (id=caseload)")
        self.expect_lang("es", "/caseload")
        self.expect_sentences(["caseload.title", "caseload.participant", "caseload.enrolled", "caseload.next_due",
                               "nav.participants", "nav.services", "layout.footer"], "/caseload")
        rows = self.driver.find_elements(By.CSS_SELECTOR, "table#caseload tbody tr")
        if not rows:
            self.fail(f"{PEER}'s caseload lists nobody")
        first = " ".join(rows[0].text.split())
        if not SPANISH_DAY.search(first) or ISO_DAY.search(first):
            self.fail(f"the caseload's first row reads {first!r}: expected its dates written like '5 dic 2026'")
        documents = [a for a in rows[0].find_elements(By.CSS_SELECTOR, "a[href^='/services/new']")
                     if a.text.strip() == ES["caseload.document"]]
        if not documents:
            self.fail(f"the caseload's first row has no {ES['caseload.document']!r} link")
        self.screenshot("caseload-es")
        self.ok(f"/caseload is Spanish (<html lang=\"es\">), its first row: {first!r}")

        # 5. The note form.
        self.click_and_wait(documents[0], f"'{ES['caseload.document']}' in the caseload's first row")
        self.wait_path("/services/new", f"after '{ES['caseload.document']}'")
        self.expect("#service-form", "service note form (id=service-form)")
        self.expect_lang("es", "the note form")
        # The choices the last note made are folded under "Qué se hizo"; open them as a peer would.
        self.expect_sentences(["service.choices", "service.choices_change"], "the note form's folded choices")
        self.reveal(self.expect("#service_type", "service type (id=service_type)"))
        self.expect_sentences(["service.new_title", "service.date", "service.start_time", "service.end_time",
                               "service.note", "service.sign", "service.save_draft", "service.core_functions"],
                              "the note form")
        self.screenshot("service-form-es")
        self.ok("the note form is Spanish (labels and buttons)")

        # 6. A refused note: its messages in Spanish.
        self.type_into("start_time", START, "start time")
        self.type_into("end_time", EARLY_END, "end time")
        self.type_into("note", "Nos reunimos en la biblioteca (prueba de CI).", "progress note")
        self.click("#sign", f"'{ES['service.sign']}' (id=sign)")
        message = self.field_error("end_time", f"an end time ({EARLY_END}) before the start ({START})")
        spanish_messages = {v for k, v in ES.items() if k.startswith("error.")}
        english_messages = {v for k, v in EN.items() if k.startswith("error.")}
        if message not in spanish_messages or message in english_messages:
            self.fail(f"the end time's message reads {message!r}: not a Spanish message of es.json")
        self.expect_lang("es", "the refused note form")
        self.expect_sentences(["error.validation_failed", "service.note", "service.sign"], "the refused note form")
        self.screenshot("service-refused-es")
        self.ok(f"a note ending before it starts is refused in Spanish: {message!r}")

    def run_accept_language(self) -> None:
        self.open("/signin")
        self.expect("#signin", "sign-in page (id=signin)")
        self.expect_lang("es", "/signin in a browser that asks for es-MX")
        self.expect_sentences(["signin.title", "signin.intro", "signin.submit"], "/signin for Accept-Language es-MX")
        self.screenshot("signin-accept-language-es")
        self.ok("a fresh browser asking for es-MX (Accept-Language) gets /signin in Spanish")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary", nargs="?", help="path to the peerway executable (default: $PEERWAY_BIN, "
                                                   "else `swift build --show-bin-path`/peerway)")
    parser.add_argument("--workdir", help="directory for the demo database, logs and screenshots (kept)")
    parser.add_argument("--port", type=int, default=0, help="port for the demo server (default: a free one)")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    parser.add_argument("--startup-timeout", type=float, default=120)
    args = parser.parse_args()

    citools.install_signal_handlers()
    workdir, created = citools.make_workdir(args.workdir, "peerway-spanish-")
    port = args.port or citools.free_port()
    base = f"http://127.0.0.1:{port}"
    procs = citools.Processes(workdir)
    driver = None
    test = None
    failed = 0
    try:
        binary = os.path.abspath(args.binary or citools.default_binary(ROOT))
        if not os.access(binary, os.X_OK):
            raise CheckFailed(f"{binary} is not an executable")
        env = citools.peerway_env(os.path.join(workdir, "audit.key"))
        log(f"workdir {workdir}; binary {binary}")
        demo = citools.start_demo(procs, binary, workdir, port, env, args.startup_timeout, "spanish")
        driver = citools.make_driver(args.chromium, args.chromedriver, workdir, 390, 844, mobile=True,
                                     accept_languages="en-US,en")
        test = Spanish(base, workdir, driver)
        test.run()
        driver.quit()
        driver = citools.make_driver(args.chromium, args.chromedriver, workdir, 390, 844, mobile=True,
                                     accept_languages="es-MX,es", profile="chromium-profile-es")
        test.driver = driver
        test.run_accept_language()
        if not demo.running():
            raise CheckFailed("the demo server exited during the test\n" + demo.describe_failure())
    except CheckFailed as e:
        failed = 1
        print(f"SPANISH FAILURE: {e}", file=sys.stderr, flush=True)
    except Exception:
        failed = 1
        print("SPANISH ERROR (unexpected exception):", file=sys.stderr, flush=True)
        traceback.print_exc()
        if test is not None:
            try:
                print(test.page_context(), file=sys.stderr, flush=True)
            except Exception:
                pass
    finally:
        if failed and test is not None:
            try:
                print(f"screenshot of the failure: {test.screenshot('failure')}", file=sys.stderr, flush=True)
            except Exception as e:
                print(f"(no screenshot: {e})", file=sys.stderr, flush=True)
        citools.tear_down(driver, procs, failed)
    passed = test.steps if test is not None else 0
    citools.finish_workdir(workdir, created, failed, "spanish: artifacts")
    print(f"spanish: {passed} steps passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
