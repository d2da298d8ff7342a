"""What the workers' fork server loads before it forks them (`flows/preload.py`), so that no
new worker pays it again: here, dateparser's patterns for every locale (htmldate falls back to
dateparser on the date strings of a page; a string no locale reads compiles every locale's
patterns, 0.9 s and ~34 MB, which each new worker used to pay again)."""

from __future__ import annotations

import json
import subprocess
import sys

from tipwatch.flows.forkserver import PRELOAD_LANGUAGES_ENV

_PROBE = """
import json
from dateparser.languages.dictionary import Dictionary

def count(value):
    if isinstance(value, dict):
        return sum(count(v) for v in value.values()) or 0
    return 1

def sizes():
    caches = [v for k, v in vars(Dictionary).items() if k.endswith("_cache")]
    return sum(count(v) for v in caches if isinstance(v, dict))

import tipwatch.flows.preload  # noqa: F401  (runs the fork server's preload)
from htmldate.extractors import get_external_parser

before = sizes()
for text in ("posted by admin at noon", "Mittwoch, 3. März 2021", "2021年3月5日", "qwe rty 12"):
    get_external_parser().get_date_data(text)
print(json.dumps({"before": before, "after": sizes()}))
"""


def test_the_fork_server_compiles_every_locales_date_patterns() -> None:
    import os

    env = dict(os.environ, **{PRELOAD_LANGUAGES_ENV: "en"})
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    sizes = json.loads(out.stdout.strip().splitlines()[-1])
    assert sizes["before"] > 100  # every locale's patterns, not one language's
    assert sizes["after"] == sizes["before"], sizes
