"""Shared helpers for the CI scripts in .ci/ (standard library only; the browser helpers
import selenium when they are called).

Child processes started through `Processes` are always stopped: on normal exit, on an
exception, and on SIGTERM/SIGINT/SIGHUP (turned into SystemExit so `finally` blocks run).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import http.cookies
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import struct
import sys
import tempfile
import time
import urllib.parse
from typing import Callable, Optional, Sequence


class CheckFailed(Exception):
    """A test assertion failed; the message says what and why."""


def log(prefix: str, message: str) -> None:
    print(f"[{prefix}] {message}", flush=True)


def install_signal_handlers() -> None:
    """Make SIGTERM/SIGHUP behave like Ctrl-C so cleanup code runs (e.g. under `timeout`)."""

    def handler(signum, _frame):
        raise SystemExit(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, handler)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path: str, lines: int = 60) -> str:
    try:
        with open(path, "r", encoding="utf-8", errors="replace") as f:
            content = f.readlines()
    except OSError as e:
        return f"(cannot read {path}: {e})"
    return "".join(content[-lines:])


def is_postgres_url(url: str) -> bool:
    return url.startswith("postgres://") or url.startswith("postgresql://")


def redact(url: str) -> str:
    if not is_postgres_url(url):
        return url
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def with_database(url: str, database: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + database))


def _psql(url: str, sql: str, timeout: float = 60) -> None:
    psql = shutil.which("psql")
    if psql is None:
        candidates = sorted(
            p for p in (os.path.join("/usr/lib/postgresql", v, "bin/psql") for v in os.listdir("/usr/lib/postgresql"))
            if os.path.exists(p)
        ) if os.path.isdir("/usr/lib/postgresql") else []
        if not candidates:
            raise CheckFailed("psql not found (install postgresql-client)")
        psql = candidates[-1]
    result = subprocess.run(
        [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout,
    )
    if result.returncode != 0:
        raise CheckFailed(f"psql on {redact(url)} failed ({sql!r}): {result.stderr.strip()}")


def create_fresh_postgres_database(admin_url: str, prefix: str) -> str:
    """Creates an empty database next to the one `admin_url` names; returns its URL."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    _psql(admin_url, f'CREATE DATABASE "{name}"')
    return with_database(admin_url, name)


def drop_postgres_database(admin_url: str, url: str) -> None:
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    # FORCE cannot end an autovacuum worker's session (it is not ours: "must be a member of the role
    # whose process is being terminated"); such a worker is gone within moments, so try again.
    for attempt in range(5):
        try:
            _psql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except Exception as e:  # cleanup must not hide the real result
            if attempt == 4:
                print(f"warning: could not drop database {name}: {e}", file=sys.stderr, flush=True)
            else:
                time.sleep(1)


class Process:
    """A background child with stdout/stderr in log files."""

    def __init__(self, name: str, args: Sequence[str], workdir: str, env: Optional[dict] = None):
        self.name = name
        self.args = list(args)
        self.stdout_path = os.path.join(workdir, f"{name}.stdout.log")
        self.stderr_path = os.path.join(workdir, f"{name}.stderr.log")
        self._stdout = open(self.stdout_path, "wb")
        self._stderr = open(self.stderr_path, "wb")
        self.popen = subprocess.Popen(
            self.args, stdin=subprocess.DEVNULL, stdout=self._stdout, stderr=self._stderr,
            env=env, cwd=workdir, start_new_session=True,
        )
        # A safety net for .ci/run: if this script is killed hard, its trap kills the PIDs listed here.
        self.pidfile = None
        piddir = os.environ.get("PEERWAY_CI_PIDDIR")
        if piddir and os.path.isdir(piddir):
            self.pidfile = os.path.join(piddir, str(self.popen.pid))
            with open(self.pidfile, "w") as f:
                f.write(" ".join(self.args) + "\n")

    @property
    def pid(self) -> int:
        return self.popen.pid

    def running(self) -> bool:
        return self.popen.poll() is None

    def stdout_text(self) -> str:
        try:
            with open(self.stdout_path, "r", encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def describe_failure(self) -> str:
        status = "running" if self.running() else f"exited with {self.popen.returncode}"
        return (
            f"--- {self.name} ({status}): {' '.join(self.args)}\n"
            f"--- last lines of {self.stdout_path}:\n{tail(self.stdout_path)}\n"
            f"--- last lines of {self.stderr_path}:\n{tail(self.stderr_path)}"
        )

    def kill9(self) -> None:
        if self.running():
            os.kill(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=30)

    def stop(self, grace: float = 15.0) -> bool:
        """SIGTERM, then SIGKILL after `grace` seconds. Returns True if it exited by itself."""
        graceful = True
        if self.running():
            try:
                self.popen.send_signal(signal.SIGTERM)
                self.popen.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                graceful = False
                try:
                    os.killpg(self.popen.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.popen.wait(timeout=30)
        for f in (self._stdout, self._stderr):
            try:
                f.close()
            except OSError:
                pass
        if self.pidfile:
            try:
                os.remove(self.pidfile)
            except OSError:
                pass
        return graceful


class Processes:
    """Owns every child process of a script; `stop_all` never raises."""

    def __init__(self, workdir: str):
        self.workdir = workdir
        self.children: list[Process] = []

    def start(self, name: str, args: Sequence[str], env: Optional[dict] = None) -> Process:
        proc = Process(name, args, self.workdir, env)
        self.children.append(proc)
        return proc

    def stop_all(self) -> None:
        for proc in reversed(self.children):
            try:
                proc.stop(grace=10)
            except Exception as e:
                print(f"warning: stopping {proc.name} (pid {proc.pid}): {e}", file=sys.stderr, flush=True)

    def print_failures(self, names: Optional[Sequence[str]] = None) -> None:
        """Prints each child's command and log tails to stderr (only those named, if `names` is given)."""
        for proc in self.children:
            if names is None or proc.name in names:
                print(proc.describe_failure(), file=sys.stderr, flush=True)


def http_status(url: str, timeout: float = 5.0) -> Optional[int]:
    """GET without following redirects; None if the connection fails."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request("GET", parts.path or "/")
        resp = conn.getresponse()
        resp.read()
        return resp.status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()


def wait_until(description: str, predicate: Callable[[], bool], timeout: float,
               proc: Optional[Process] = None, interval: float = 0.25) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return
        if proc is not None and not proc.running():
            raise CheckFailed(f"{proc.name} exited before {description}\n{proc.describe_failure()}")
        if time.monotonic() > deadline:
            extra = f"\n{proc.describe_failure()}" if proc is not None else ""
            raise CheckFailed(f"timed out after {timeout:.0f}s waiting for {description}{extra}")
        time.sleep(interval)


def wait_http_200(proc: Process, url: str, timeout: float) -> float:
    """Waits until GET url answers 200; returns the seconds it took."""
    start = time.monotonic()
    wait_until(f"GET {url} to answer 200", lambda: http_status(url) == 200, timeout, proc)
    return time.monotonic() - start


def run(args: Sequence[str], timeout: float, env: Optional[dict] = None, cwd: Optional[str] = None,
        what: Optional[str] = None) -> subprocess.CompletedProcess:
    """Runs a command to completion; raises CheckFailed (with its output) unless it exits 0."""
    what = what or " ".join(args)
    try:
        result = subprocess.run(
            list(args), stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=timeout, env=env, cwd=cwd,
        )
    except subprocess.TimeoutExpired as e:
        raise CheckFailed(f"`{what}` did not finish within {timeout:.0f}s\nstdout:\n{e.stdout}\nstderr:\n{e.stderr}")
    if result.returncode != 0:
        raise CheckFailed(
            f"`{what}` exited with {result.returncode}\n--- stdout:\n{result.stdout[-4000:]}\n--- stderr:\n{result.stderr[-4000:]}"
        )
    return result


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def make_workdir(given: Optional[str], prefix: str) -> tuple[str, bool]:
    """Returns (workdir, created_here)."""
    if given:
        os.makedirs(given, exist_ok=True)
        return os.path.abspath(given), False
    return tempfile.mkdtemp(prefix=prefix), True


def finish_workdir(workdir: str, created: bool, failed, what: str) -> None:
    """Removes a workdir this script created if all went well; on failure says where `what` are kept."""
    if created and not failed:
        shutil.rmtree(workdir, ignore_errors=True)
    elif failed:
        print(f"{what} kept in {workdir}", file=sys.stderr, flush=True)


def write_audit_key(workdir: str) -> str:
    path = os.path.join(workdir, "audit.key")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_hex(32) + "\n")
    return path


def peerway_env(audit_key_file: str) -> dict:
    """Environment for every peerway command of one test: the same audit key, no stray database URL."""
    env = dict(os.environ)
    env.pop("PEERWAY_DATABASE_URL", None)
    env.pop("PEERWAY_AUDIT_KEY", None)
    env["PEERWAY_AUDIT_KEY_FILE"] = audit_key_file
    return env


_INPUT_RE = re.compile(r"<input\b[^>]*>", re.IGNORECASE | re.DOTALL)
_ATTR_RE = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))""")


def hidden_input_value(html: str, name: str) -> Optional[str]:
    """Value of the first <input name=NAME ...> in html (attributes in any order)."""
    import html as htmllib

    for tag in _INPUT_RE.findall(html):
        attrs = {}
        for m in _ATTR_RE.finditer(tag):
            value = m.group(3) if m.group(3) is not None else (m.group(4) if m.group(4) is not None else m.group(5))
            attrs[m.group(1).lower()] = htmllib.unescape(value)
        if attrs.get("name") == name and "value" in attrs:
            return attrs["value"]
    return None


# --- pages over plain HTTP ------------------------------------------------------------------

class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def location_path(self) -> str:
        return urllib.parse.urlsplit(self.headers.get("Location", "")).path

    def describe(self) -> str:
        head = "\n".join(f"  {k}: {v}" for k, v in self.headers.items())
        return f"HTTP {self.status}\n{head}\n  body: {self.text[:1500]!r}"


class PageClient:
    """A tiny HTTP client for pages: one cookie jar for 127.0.0.1 (cookies do not depend on the
    port, as in a browser), never follows redirects."""

    def __init__(self):
        self.jar: dict[str, str] = {}
        self.received: list[str] = []

    def request(self, port: int, method: str, path: str, form=None) -> Response:
        """FORM: a dict, or a list of (name, value) pairs for a field given more than once."""
        headers = {"Accept": "text/html"}
        if self.jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{port}"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
        except (OSError, http.client.HTTPException) as e:
            raise CheckFailed(f"{method} {path} on port {port} failed: {type(e).__name__}: {e}")
        finally:
            conn.close()
        for header in resp.msg.get_all("Set-Cookie") or []:
            self.received.append(header)
            cookie = http.cookies.SimpleCookie()
            try:
                cookie.load(header)
            except http.cookies.CookieError:
                continue
            for name, morsel in cookie.items():
                expired = morsel["max-age"] in ("0", "-1") or (morsel["expires"] and "1970" in morsel["expires"])
                if expired or morsel.value == "":
                    self.jar.pop(name, None)
                else:
                    self.jar[name] = morsel.value
        return Response(resp.status, resp.msg, data)


# --- `peerway demo` ---------------------------------------------------------------------------

DEMO_PASSWORD = "peerway-demo-password"  # every demo account's password
DEMO_DOMAIN = "demo.peerway.test"


def start_demo(procs: Processes, binary: str, workdir: str, port: int, env: dict, timeout: float,
               prefix: str) -> Process:
    """Starts `peerway demo` (fresh SQLite data in WORKDIR/demo.db) on 127.0.0.1:PORT; waits for /health/live."""
    base = f"http://127.0.0.1:{port}"
    demo = procs.start("demo", [binary, "demo", "--database", os.path.join(workdir, "demo.db"),
                                "--host", "127.0.0.1", "--port", str(port)], env)
    took = wait_http_200(demo, base + "/health/live", timeout)
    log(prefix, f"demo answers on {base} after {took:.1f}s")
    return demo


def demo_totp_secrets(demo: Process, emails: Sequence[str], timeout: float = 10.0) -> dict:
    """email -> base32 secret from the demo's 'TOTP secret for EMAIL: BASE32' stdout lines.

    Polls until every email has one or `timeout` seconds pass; returns those found."""
    found: dict = {}
    deadline = time.monotonic() + timeout
    while True:
        text = demo.stdout_text()
        for email in emails:
            m = re.search(r"TOTP secret for " + re.escape(email) + r":\s*([A-Za-z2-7= ]+?)\s*$", text, re.MULTILINE)
            if m:
                found[email] = m.group(1)
        if len(found) == len(emails) or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


# --- one-time codes ---------------------------------------------------------------------------

def totp_code(base32_secret: str, at: Optional[float] = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 TOTP with HMAC-SHA-1."""
    secret = base32_secret.strip().replace(" ", "").upper()
    secret += "=" * (-len(secret) % 8)
    key = base64.b32decode(secret)
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % (10 ** digits)
    return str(code).zfill(digits)


def self_test_totp() -> None:
    # RFC 6238 appendix B, SHA-1 seed "12345678901234567890", 8 digits.
    seed = base64.b32encode(b"12345678901234567890").decode()
    for t, expected in ((59, "94287082"), (1111111109, "07081804"), (20000000000, "65353130")):
        got = totp_code(seed, at=t, digits=8)
        if got != expected:
            raise CheckFailed(f"TOTP self-test failed at t={t}: {got} != {expected}")


# --- headless Chromium (selenium, Debian's chromium + chromium-driver) ---------------------------

def make_driver(chromium: str, chromedriver: str, workdir: str, width: int, height: int, mobile: bool,
                accept_languages: Optional[str] = None, profile: str = "chromium-profile"):
    """A headless Chromium whose viewport is WIDTHxHEIGHT (see `set_viewport`).

    ACCEPT_LANGUAGES (like "es-MX,es") is what the browser sends as Accept-Language; PROFILE is the
    profile's folder in WORKDIR, for a second browser that must not share the first one's cookies."""
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
                f"--window-size={width},{height}", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking",
                f"--user-data-dir={os.path.join(workdir, profile)}"):
        options.add_argument(arg)
    if accept_languages:
        options.add_argument(f"--lang={accept_languages.split(',')[0]}")
        options.add_experimental_option("prefs", {"intl.accept_languages": accept_languages})
    service = Service(executable_path=chromedriver, log_output=os.path.join(workdir, "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(120)
    set_viewport(driver, width, height, mobile)
    return driver


def set_viewport(driver, width: int, height: int, mobile: bool) -> None:
    driver.set_window_size(width, height)
    # A real viewport of that size (a phone's honours <meta name=viewport>), not just a narrow window.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


class BrowserPage:
    """Page helpers shared by the browser checks: a selenium driver on one server at BASE."""

    WAIT = 20  # seconds for any element / navigation
    CONTEXT_CHARS = 3000  # how much page source a failure shows

    def __init__(self, base: str, driver):
        self.base = base
        self.driver = driver

    def open(self, path: str) -> None:
        self.driver.get(self.base + path)

    def path(self) -> str:
        return urllib.parse.urlsplit(self.driver.current_url).path

    def page_context(self) -> str:
        d = self.driver
        try:
            source = d.page_source
        except Exception as e:  # pragma: no cover - diagnostics only
            source = f"(no page source: {e})"
        n = self.CONTEXT_CHARS
        return f"current URL: {d.current_url}\ntitle: {d.title!r}\npage source (first {n} chars):\n{source[:n]}"

    def fail(self, message: str) -> None:
        raise CheckFailed(f"{message}\n{self.page_context()}")

    def find(self, by: str, value: str, what: str):
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.support import expected_conditions as EC
        from selenium.webdriver.support.ui import WebDriverWait

        try:
            return WebDriverWait(self.driver, self.WAIT).until(EC.presence_of_element_located((by, value)))
        except TimeoutException:
            self.fail(f"no {what} ({by}={value!r}) within {self.WAIT}s")

    def wait_path(self, expected: str, what: str) -> None:
        deadline = time.monotonic() + self.WAIT
        while self.path() != expected:
            if time.monotonic() > deadline:
                self.fail(f"{what}: expected to be on {expected}, but the URL path is {self.path()!r}")
            time.sleep(0.1)

    def submit_password(self, email: str, password: str = DEMO_PASSWORD) -> None:
        """Fills in and submits the form on /signin."""
        from selenium.webdriver.common.by import By

        self.open("/signin")
        email_input = self.find(By.NAME, "email", "email input on /signin")
        password_input = self.find(By.NAME, "password", "password input on /signin")
        email_input.clear()
        email_input.send_keys(email)
        password_input.clear()
        password_input.send_keys(password)
        self.find(By.ID, "signin-submit", "sign-in button").click()

    def submit_code(self, code_input, code: str) -> None:
        """Types CODE into the second-factor input and submits it."""
        from selenium.webdriver.common.by import By

        code_input.clear()
        code_input.send_keys(code)
        self.find(By.ID, "second-factor-submit", "second-factor submit button").click()

    # --- filling in forms as a person would (added for the participant-journey pages) ---------

    def visible_text(self, limit: int = 2500) -> str:
        """The text a reader sees on the page (body's innerText), blank lines squeezed, at most LIMIT chars."""
        try:
            text = self.driver.execute_script("return document.body ? document.body.innerText : ''") or ""
        except Exception as e:  # pragma: no cover - diagnostics only
            return f"(no page text: {e})"
        lines = [line.rstrip() for line in text.splitlines()]
        squeezed = "\n".join(line for i, line in enumerate(lines) if line or (i and lines[i - 1]))
        return squeezed if len(squeezed) <= limit else squeezed[:limit] + f"\n… ({len(squeezed) - limit} more characters)"

    def click_and_wait(self, element, what: str) -> None:
        """Clicks ELEMENT (a link or submit button) and waits until the browser has left the page it was on."""
        from selenium.common.exceptions import TimeoutException, WebDriverException
        from selenium.webdriver.support.ui import WebDriverWait

        # A mark on this page's window object: a new page has none. (Not selenium's staleness_of: asking
        # an element of a page that is being replaced can fail with an error other than "stale".)
        mark = secrets.token_hex(8)
        self.driver.execute_script("window.__peerwayCiPage = arguments[0];", mark)
        element.click()

        def arrived(d) -> bool:
            try:
                return bool(d.execute_script(
                    "return window.__peerwayCiPage !== arguments[0] && document.readyState === 'complete';", mark))
            except WebDriverException:  # the page is changing under the script: ask again
                return False

        try:
            WebDriverWait(self.driver, self.WAIT).until(arrived)
        except TimeoutException:
            self.fail(f"{what}: still on the same page {self.WAIT}s after the click")

    def type_into(self, field_id: str, text: str, what: Optional[str] = None) -> None:
        """Replaces the value of the input or textarea with id FIELD_ID.

        Text fields are typed into. A date or datetime-local field is set the way its picker sets it
        (value plus input/change events), since what a keyboard types there depends on the browser's
        locale; TEXT is then YYYY-MM-DD or YYYY-MM-DDTHH:MM."""
        from selenium.webdriver.common.by import By

        element = self.find(By.ID, field_id, what or f"field #{field_id}")
        self.reveal(element)
        kind = (element.get_attribute("type") or "").lower()
        if kind in ("date", "datetime-local", "time", "month", "week"):
            self.driver.execute_script(
                "var e = arguments[0];"
                "Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(e, arguments[1]);"
                "e.dispatchEvent(new Event('input', {bubbles: true}));"
                "e.dispatchEvent(new Event('change', {bubbles: true}));", element, text)
        else:
            element.clear()
            element.send_keys(text)
        got = element.get_property("value")
        if got != text:
            self.fail(f"#{field_id} holds {got!r} after entering {text!r}")

    def choose_option(self, select_id: str, value: str, what: Optional[str] = None) -> None:
        """Picks the option whose value is VALUE in the <select> with id SELECT_ID."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import Select

        element = self.find(By.ID, select_id, what or f"select #{select_id}")
        self.reveal(element)
        values = [o.get_attribute("value") for o in element.find_elements(By.TAG_NAME, "option")]
        if value not in values:
            self.fail(f"#{select_id} has no option {value!r} (options: {values})")
        Select(element).select_by_value(value)

    def reveal(self, element) -> None:
        """Opens the folded part of a form (a closed <details>, such as a note's choices) that holds ELEMENT,
        by tapping its summary as a person would."""
        from selenium.webdriver.common.by import By

        details = self.driver.execute_script("return arguments[0].closest('details:not([open])');", element)
        if details is not None:
            details.find_element(By.TAG_NAME, "summary").click()

    def tick(self, name: str, value: str, what: Optional[str] = None) -> None:
        """Checks the checkbox or radio button NAME=VALUE by tapping its label (as on a phone)."""
        from selenium.webdriver.common.by import By

        what = what or f"{name}={value}"
        box = self.find(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']", what)
        self.reveal(box)
        if box.is_selected():
            return
        box_id = box.get_attribute("id")
        labels = self.driver.find_elements(By.CSS_SELECTOR, f"label[for='{box_id}']") if box_id else []
        (labels[0] if labels else box).click()
        if not box.is_selected():
            self.fail(f"{what} is not checked after tapping {'its label' if labels else 'it'}")

    def field_error(self, field: str, what: str) -> str:
        """Text of the message by field FIELD (id FIELD-error), which the field must name in aria-describedby."""
        from selenium.webdriver.common.by import By

        message = self.find(By.ID, f"{field}-error", f"field error by {field} ({what})").text.strip()
        field_el = self.driver.find_elements(By.ID, field)
        if field_el and f"{field}-error" not in (field_el[0].get_attribute("aria-describedby") or "").split():
            self.fail(f"#{field} does not name #{field}-error in aria-describedby")
        return message

    def fill_new_person(self, given: str, family: str, date_of_birth: str, language: str = "es", *,
                        program_id: Optional[str] = None, occurred_at: Optional[str] = None, source: str = "walk_in",
                        made_by: str = "self", method: str = "in_person", setting: str = "program_office") -> None:
        """Fills in the form on /participants/new (already open): the first contact, then the person.

        Leaves the program as offered unless PROGRAM_ID is given, and the contact's time as offered
        (the server's now) unless OCCURRED_AT (YYYY-MM-DDTHH:MM) is given."""
        from selenium.webdriver.common.by import By

        self.find(By.ID, "participant-form", "new-person form (id=participant-form)")
        if program_id:
            self.choose_option("program_id", program_id, "program of the contact")
        if occurred_at:
            self.type_into("occurred_at", occurred_at, "time of the contact")
        self.choose_option("source", source, "how the person came (source)")
        self.choose_option("made_by", made_by, "who made the contact")
        self.choose_option("method", method, "how (method)")
        self.choose_option("setting", setting, "where (setting)")
        self.type_into("legal_given_name", given, "legal first name")
        self.type_into("legal_family_name", family, "legal last name")
        self.type_into("date_of_birth", date_of_birth, "date of birth")
        self.choose_option("preferred_language", language, "preferred language")


def participant_id(path: str) -> Optional[str]:
    """The id in a participant record's path (/participants/ID), or None."""
    m = re.fullmatch(r"/participants/([0-9a-fA-F-]{36})", path)
    return m.group(1) if m else None


def tear_down(driver, procs, failed):
    """Quits the browser, stops every process the script started, and shows their logs after a failure."""
    if driver is not None:
        try:
            driver.quit()
        except Exception:
            pass
    procs.stop_all()
    if failed:
        procs.print_failures()


class WalkedPath(BrowserPage):
    """A browser check that walks numbered steps as one person would: shared by the journey and the
    services checks. NAME prefixes log lines and screenshots."""

    def __init__(self, name: str, base: str, workdir: str, driver):
        super().__init__(base, driver)
        self.name_prefix = name
        self.workdir = workdir
        self.steps = 0
        self.shot = 0

    # --- reporting ---------------------------------------------------------------------------
    def page_context(self) -> str:
        d = self.driver
        return f"current URL: {d.current_url}\ntitle: {d.title!r}\nvisible text of the page:\n{self.visible_text()}"

    def ok(self, message: str) -> None:
        self.steps += 1
        log(self.name_prefix, f"ok {self.steps}: {message}")

    def screenshot(self, label: str) -> str:
        self.shot += 1
        path = os.path.join(self.workdir, f"{self.name_prefix}-{self.shot:02d}-{label}.png")
        self.driver.save_screenshot(path)
        return path

    # --- waiting for pages ---------------------------------------------------------------------
    def expect(self, css: str, what: str):
        """Waits for CSS on the page; an error page (id=error) instead fails at once with its status."""
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        def either(d):
            found = d.find_elements(By.CSS_SELECTOR, css)
            if found:
                return found[0]
            errors = d.find_elements(By.ID, "error")
            return errors[0] if errors else False

        try:
            element = WebDriverWait(self.driver, self.WAIT).until(either)
        except TimeoutException:
            self.fail(f"no {what} ({css}) within {self.WAIT}s")
        if element.get_attribute("id") == "error" and css != "#error":
            self.fail(f"expected {what} ({css}) but got an error page with data-status={element.get_attribute('data-status')!r}")
        return element

    def click(self, css: str, what: str) -> None:
        """Clicks the link or button CSS and waits for the next page."""
        self.click_and_wait(self.expect(css, what), what)

    def nav(self, label: str, path: str) -> None:
        """Follows the header navigation link LABEL."""
        from selenium.webdriver.common.by import By

        self.expect("header nav a", "the header navigation")
        links = [a for a in self.driver.find_elements(By.CSS_SELECTOR, "header nav a") if a.text.strip() == label]
        if not links:
            names = [a.text.strip() for a in self.driver.find_elements(By.CSS_SELECTOR, "header nav a")]
            self.fail(f"no link {label!r} in the header navigation (links: {names})")
        self.click_and_wait(links[0], f"navigation link {label!r}")
        self.wait_path(path, f"after following {label!r}")

    # --- signing in and out --------------------------------------------------------------------
    def sign_in(self, email: str, role: str) -> None:
        self.submit_password(email)
        home = self.expect("#home", f"home page (id=home) after {email} signs in")
        got = home.get_attribute("data-role")
        if got != role:
            self.fail(f"{email}'s home page has data-role={got!r}, expected {role!r}")

    def sign_out(self) -> None:
        self.click("#signout", "sign-out button (id=signout)")
        self.wait_path("/signin", "after signing out")


def default_binary(root: str) -> str:
    """$PEERWAY_BIN, else the binary .ci/run uses: `swift build --show-bin-path`/peerway (run in ROOT)."""
    import subprocess
    given = os.environ.get("PEERWAY_BIN")
    if given:
        return given
    result = subprocess.run(["swift", "build", "--show-bin-path"], cwd=root, stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise CheckFailed(f"`swift build --show-bin-path` failed: {result.stderr.strip()}")
    return os.path.join(result.stdout.strip(), "peerway")


def run_walked_path(name: str, doc: str, path_class, label: str, width: int = 390, height: int = 844) -> int:
    """The `main()` every browser check shares: parse the usual arguments, start `peerway demo` on a
    fresh SQLite database, drive a headless Chromium of `width`x`height` through `path_class(base,
    workdir, driver).run()`, report each step, screenshot a failure, stop everything. LABEL prefixes the
    failure lines (e.g. "REPORT")."""
    import argparse
    import traceback

    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary", nargs="?", help="path to the peerway executable (default: $PEERWAY_BIN, "
                                                   "else `swift build --show-bin-path`/peerway)")
    parser.add_argument("--workdir", help="directory for the demo database, logs and screenshots (kept)")
    parser.add_argument("--port", type=int, default=0, help="port for the demo server (default: a free one)")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    parser.add_argument("--startup-timeout", type=float, default=120)
    args = parser.parse_args()

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    install_signal_handlers()
    workdir, created = make_workdir(args.workdir, f"peerway-{name}-")
    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    procs = Processes(workdir)
    driver = None
    test = None
    failed = 0
    try:
        binary = os.path.abspath(args.binary or default_binary(root))
        if not os.access(binary, os.X_OK):
            raise CheckFailed(f"{binary} is not an executable")
        env = peerway_env(os.path.join(workdir, "audit.key"))
        env.pop("PEERWAY_TIME_ZONE", None)
        log(name, f"workdir {workdir}; binary {binary}")
        demo = start_demo(procs, binary, workdir, port, env, args.startup_timeout, name)
        driver = make_driver(args.chromium, args.chromedriver, workdir, width, height, mobile=width < 600)
        test = path_class(base, workdir, driver)
        test.run()
        if not demo.running():
            raise CheckFailed("the demo server exited during the test\n" + demo.describe_failure())
    except CheckFailed as e:
        failed = 1
        print(f"{label} FAILURE: {e}", file=sys.stderr, flush=True)
    except Exception:
        failed = 1
        print(f"{label} ERROR (unexpected exception):", file=sys.stderr, flush=True)
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
        tear_down(driver, procs, failed)
    passed = test.steps if test is not None else 0
    finish_workdir(workdir, created, failed, f"{name}: artifacts")
    print(f"{name}: {passed} steps passed, {failed} failed", flush=True)
    return 1 if failed else 0
