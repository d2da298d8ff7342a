"""The compiled name-matching modules (`tipwatch/native.py`): they give the same analyses,
scores and rankings as the Python source, and load only while they match it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.screening.test_query_scorer import COMMON, NAMES
from tipwatch import native

REPO = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter: every analysis record, every pairwise score and bound, and the
# ranking of all names against each, as JSON, and how the modules were loaded.
PROBE = f"""
import json
from tipwatch import native
from tipwatch.domain.names import analysis_record, from_record
from tipwatch.screening.names import QueryScorer, analyse, name_score
names = {NAMES!r}
common = {COMMON!r}
analysed = [analyse(n) for n in names]
records = [analysis_record(a) for a in analysed]
again = [from_record(n, json.loads(json.dumps(r))) for n, r in zip(names, records)]
scores, bounds, ranks = [], [], []
for q in analysed:
    scorer = QueryScorer(q, common)
    scores.append([name_score(q, c, common) for c in again])
    bounds.append([scorer.bound(c) for c in again])
    ranked = scorer.rank([(n, [c]) for n, c in zip(names, again)], floor=0.3, keep=10)
    ranks.append([[s, key, m] for s, key, m in ranked])
    for gain, loss in ((0.0, 0.0), (0.03, 0.1)):
        scorer = QueryScorer(q, common)
        ranked = scorer.rank([(n, [c]) for n, c in zip(names, again)], floor=0.3, keep=4,
                             counted=lambda n: len(n) % 2 == 0, gain=gain, loss=loss)
        ranks.append([[s, key, m] for s, key, m in ranked] + [scorer.fully_scored])
print(json.dumps({{"loaded": native.loaded(), "records": records, "scores": scores,
                  "bounds": bounds, "ranks": ranks}}))
"""


def _probe(pure: bool) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != native.PURE_ENV}
    if pure:
        env[native.PURE_ENV] = "1"
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return result


@pytest.fixture(scope="module")
def runs() -> tuple[dict[str, object], dict[str, object]]:
    return _probe(pure=True), _probe(pure=False)


def test_the_source_loads_when_asked(runs: tuple[dict[str, object], dict[str, object]]) -> None:
    pure, _ = runs
    assert pure["loaded"] == {name: "source" for name in native.MODULES}


def test_compiled_modules_load_when_current(
    runs: tuple[dict[str, object], dict[str, object]],
) -> None:
    _, default = runs
    state = native.status()
    expected = "compiled" if state == "compiled" else "source"
    assert default["loaded"] == {name: expected for name in native.MODULES}
    if os.environ.get("CI"):
        # `make install` builds them: CI checks that a fresh checkout gets the fast path.
        assert state == "compiled"


def test_compiled_and_source_agree(runs: tuple[dict[str, object], dict[str, object]]) -> None:
    pure, default = runs
    for part in ("records", "scores", "bounds", "ranks"):
        assert default[part] == pure[part], part
    # The probe compares something: scores spread over the range, rankings are not empty.
    flat = [s for row in pure["scores"] for s in row]  # type: ignore[attr-defined]
    assert min(flat) < 0.3 and max(flat) == 1.0
    assert all(pure["ranks"])


def test_an_edited_source_makes_the_compiled_form_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if native.status() != "compiled":
        pytest.skip("the modules are not compiled here")
    digests = tmp_path / "native.digests"
    compiler, digest = native.DIGESTS.read_text().split()
    monkeypatch.setattr(native, "DIGESTS", digests)
    digests.write_text(f"{compiler} {digest}\n")
    assert native.status() == "compiled"
    # What a source edited after the build looks like: its digest no longer matches.
    digests.write_text(f"{compiler} {'0' * 64}\n")
    assert native.status() == "stale"
    # A build by another compiler version.
    digests.write_text(f"mypy-0.0 {digest}\n")
    assert native.status() == "stale"
    digests.unlink()
    assert native.status() == "absent"
    monkeypatch.setenv(native.PURE_ENV, "1")
    assert native.status() == "disabled"


def test_a_stale_module_loads_from_source(tmp_path: Path) -> None:
    """In a fresh interpreter whose recorded digest is wrong, the finder picks the source."""
    if native.status() != "compiled":
        pytest.skip("the modules are not compiled here")
    code = (
        "from pathlib import Path\n"
        "import tipwatch.native as n\n"
        f"n.DIGESTS = Path({str(tmp_path / 'd')!r})\n"
        "n.DIGESTS.write_text('mypy-0.0 ' + '0' * 64)\n"
        "import tipwatch.screening.names, tipwatch.domain.names\n"
        "print(sorted(set(n.loaded().values())))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['source']"
