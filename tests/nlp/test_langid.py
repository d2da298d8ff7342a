"""The language detector in front of langdetect gives langdetect's answers on real pages."""

from __future__ import annotations

import gzip
import json

import pytest

from tests.conftest import shared_dir
from tipwatch.nlp.langid import detect_language, detect_with_langdetect
from tipwatch.nlp.triage import _metas, _prose, _title


def _samples() -> list[str]:
    html_dir = shared_dir() / "datasets" / "article-extraction-benchmark" / "html"
    cases = shared_dir() / "datasets" / "cases-dev" / "cases.jsonl"
    if not html_dir.exists() or not cases.exists():
        pytest.skip("shared datasets absent")
    out = []
    for path in sorted(html_dir.glob("*.html.gz")):
        page = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        prose = _prose(page, 300)
        title = _title(page, _metas(page))
        if prose:
            # what triage gives the detector for a page it does not extract
            out.append(" ".join([title, *prose] if title else prose)[:400])
    for line in cases.read_text("utf-8").splitlines():
        text = json.loads(line)["text"]
        out.extend([text[:400], text])
    return out


def test_same_language_as_langdetect_on_real_pages() -> None:
    samples = _samples()
    found = [detect_language(s) for s in samples]
    reference = [detect_with_langdetect(s) for s in samples]
    assert len(set(reference)) >= 6  # several languages, not only English
    differ = [(a, b, s[:80]) for a, b, s in zip(found, reference, samples, strict=True) if a != b]
    assert differ == []


def test_upper_case_headline_is_english() -> None:
    # py3langid alone reads shouted English as Nigerian Pidgin ("pcm")
    text = "LOS ANGELES MAN SENTENCED TO 10 YEARS IN PRISON FOR HUMAN TRAFFICKING AND PIMPING"
    assert detect_language(text) == "en"


def test_no_letters_no_language() -> None:
    assert detect_language("12 345 -- 2024/05/06") is None
    assert detect_language("") is None
