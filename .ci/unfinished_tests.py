#!/usr/bin/env python3
"""Lists the tests a `swift test` log shows as started and never finished.

    python3 .ci/unfinished_tests.py SWIFT_TEST_LOG

A run that hangs is stopped by .ci/run's timeout with no test failed; the log still says which tests
began (Swift Testing's "◇ Test … started.") and which ended ("✔ … passed", "✘ … failed", "➜ … was cancelled").
The ones between are where to look. Prints one line per unfinished test, or that there are none;
always exits 0 (it explains a failure, it is not one).
"""
from __future__ import annotations

import re
import sys

# A parameterized test's cases start on lines of their own ("◇ Test case passing 1 argument engine →
# sqlite to "…" started."); only the test as a whole says it ended.
STARTED = re.compile(r'◇ Test (?:case passing .+? to )?(.+?) started\.\s*$')
# Passed, failed, or cancelled or skipped at run time ("➜ Test … was cancelled after …").
ENDED = re.compile(r'[✔✘] Test (.+?) (?:with \d+ test cases? )?(?:passed|failed) after |➜ Test (.+?) (?:was cancelled|skipped)')


def unfinished(lines: list[str]) -> list[str]:
    started: dict[str, None] = {}
    ended: set[str] = set()
    for line in lines:
        if (m := STARTED.search(line)) and m.group(1) != "run":
            started.setdefault(m.group(1))
        elif m := ENDED.search(line):
            ended.add(m.group(1) or m.group(2))
    return [name for name in started if name not in ended]


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[0])
        return 0
    try:
        with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
            names = unfinished(f.readlines())
    except OSError as error:
        print(f"unfinished tests: cannot read the log ({error.strerror})")
        return 0
    if not names:
        print("unfinished tests: none (every test that started finished)")
    for name in names:
        print(f"unfinished test: {name}")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
