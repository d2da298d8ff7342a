"""The one-pass literal scan behind the relevance gate (issue 15): `mentions_trafficking` must
answer exactly `any(rx.search(text) for rx in vocabulary)` for every registered language, on real
pages and texts and on strings built to trip the scan (literals at the ends of the text, next to
word characters, overlapping, upper-cased, next to non-ASCII letters)."""

from __future__ import annotations

import gzip
import json
import re
import re._parser as sre_parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import shared_dir
from tipwatch.nlp.lang import LanguageSupport, registered
from tipwatch.nlp.literal_scan import LiteralScan
from tipwatch.nlp.relevance import (
    _gates,
    _scan,
    _scanner,
    _vocabulary,
    case_folds,
    mentions_trafficking,
    mentions_trafficking_in_any,
    start_literals,
)
from tipwatch.nlp.triage import page_mentions_trafficking, page_texts

LANG_EVAL = Path(__file__).resolve().parents[2] / "nlp" / "corpus" / "lang-eval"


def _plain(lang: LanguageSupport, text: str) -> bool:
    """The definition the gate must keep."""
    return any(rx.search(text) for rx in _vocabulary(lang))


def _benchmark_bodies() -> list[str]:
    folder = shared_dir() / "datasets" / "article-extraction-benchmark" / "html"
    if not folder.is_dir():
        pytest.skip(f"shared dataset absent: {folder}")
    return [
        gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
        for p in sorted(folder.glob("*.html.gz"))
    ]


def _cases_texts() -> list[str]:
    path = shared_dir() / "datasets" / "cases-dev" / "cases.jsonl"
    if not path.is_file():
        pytest.skip(f"shared dataset absent: {path}")
    return [str(json.loads(line)["text"]) for line in path.read_text("utf-8").splitlines() if line]


def _lang_eval_texts() -> list[str]:
    return [
        str(json.loads(line)["text"])
        for name in ("fr.jsonl", "es.jsonl")
        for line in (LANG_EVAL / name).read_text("utf-8").splitlines()
        if line
    ]


def _assert_same_answers(texts: list[str]) -> dict[str, tuple[int, int]]:
    """Every language's gate and the page-level scan against the plain definition; returns
    (hits, misses) per language."""
    langs = registered()
    counts: dict[str, tuple[int, int]] = {}
    for text in texts:
        answers = []
        for lang in langs:
            plain = _plain(lang, text)
            assert mentions_trafficking(lang, text) is plain, (lang.code, text[:200])
            hits, misses = counts.get(lang.code, (0, 0))
            counts[lang.code] = (hits + plain, misses + (not plain))
            answers.append(plain)
        assert mentions_trafficking_in_any(langs, text) is any(answers), text[:200]
    return counts


def test_the_scan_answers_the_plain_definition_on_benchmark_pages() -> None:
    """The visible text of the 181 real pages, as the page triage scans it."""
    bodies = _benchmark_bodies()
    counts = _assert_same_answers([page_texts(body)[1] for body in bodies])
    hits, misses = counts["en"]
    assert hits > 0 and misses > 100
    for body in bodies:
        visible = page_texts(body)[1]
        expected = any(_plain(lang, visible) for lang in registered())
        assert page_mentions_trafficking(body, visible) is expected


def test_the_scan_answers_the_plain_definition_on_case_texts() -> None:
    """cases-dev (English) and the French and Spanish evaluation texts: every language has
    texts it matches and texts it does not."""
    counts = _assert_same_answers(_cases_texts() + _lang_eval_texts())
    assert set(counts) >= {"en", "fr", "es"}
    for code, (hits, misses) in counts.items():
        assert hits > 0 and misses > 0, code


_NEIGHBOURS = [
    ("", ""),
    ("x", ""),
    ("", "x"),
    ("_", "_"),
    ("9", "9"),
    ("é", "ñ"),
    ("\u0130", ""),  # lower-cases to two characters
    ("", "\u212a"),  # KELVIN SIGN: lower-cases to an ASCII "k"
    ("(", ")"),
    ("\n", "."),
]


def _variants(span: str) -> Iterator[str]:
    for before, after in _NEIGHBOURS:
        yield before + span + after
        yield before + span.upper() + after
    yield span.title()
    yield span[1:]
    yield span[:-1]
    yield span + span  # the same wording twice, the second copy glued to the first
    yield "x" + span + " " + span  # the first place ruled out by a boundary, the second not
    yield span + "x " + span
    yield span.replace(" ", "  ")
    yield span.replace(" ", "\u00a0")
    # characters re.IGNORECASE matches to a letter that str.lower() does not turn into it
    yield span.replace("i", "\u0131")  # dotless i
    yield span.replace("s", "\u017f")  # long s
    yield span.upper().replace("I", "\u0130")  # "İ": lower-cases to "i" and a combining dot
    yield span.replace("k", "\u212a")  # Kelvin sign


def _matched_spans(texts: list[str]) -> set[str]:
    """The text each vocabulary pattern matches first in each text (all languages)."""
    spans: set[str] = set()
    for text in texts:
        for lang in registered():
            for rx in _vocabulary(lang):
                m = rx.search(text)
                if m and m.group(0).strip():
                    spans.add(m.group(0))
    return spans


def _overlapping(literals: list[str]) -> Iterator[str]:
    """Each literal glued to the first other literal that starts with its last characters."""
    for a in literals:
        for b in literals:
            k = next((k for k in range(min(len(a), len(b)) - 1, 1, -1) if a.endswith(b[:k])), 0)
            if b != a and k:
                yield a + b[k:]
                break


def test_the_scan_answers_the_plain_definition_on_adversarial_strings() -> None:
    spans = sorted(_matched_spans(_cases_texts() + _lang_eval_texts()))
    literals = sorted(set().union(*(_gates(lang).literals for lang in registered())))
    assert len(spans) > 50 and len(literals) > 100
    texts = [v for span in spans for v in _variants(span)]
    texts += [v for lit in literals for v in _variants(lit)]
    texts += list(_overlapping(literals))
    counts = _assert_same_answers(texts)
    for code, (hits, misses) in counts.items():
        assert hits > 0 and misses > 0, code


@pytest.mark.parametrize(
    "text",
    [
        "",
        "traffic",
        "trafficking",
        "xtraffickingx",
        "raffickin",
        "kingdom of trafficking",
        "trafficktrafficking",
        "TRAFFICKING",
        "ngdomkingdom",
        "é" * 3 + "king" + "\u0130",
    ],
)
def test_literal_scan_finds_every_literal_a_text_holds(text: str) -> None:
    """Overlapping literals (one inside another, one running past another's end, two starting
    at the same place) are all found."""
    literals = ["traffic", "trafficking", "affick", "king", "kingdom", "ngdo", "ng", "gdom"]
    scan = LiteralScan(literals)
    assert scan.found(text) == {t for t in literals if t in text}


def test_literal_scan_on_real_texts_and_edge_cases() -> None:
    literals = sorted(set().union(*(_gates(lang).literals for lang in registered())))
    scan = LiteralScan(literals)
    for text in _cases_texts():
        low = text.lower()
        assert scan.found(low) == {t for t in literals if t in low}
    assert LiteralScan([]).found("anything") == frozenset()
    with pytest.raises(ValueError, match="empty literal"):
        LiteralScan(["x", ""])


def test_case_folds_cover_every_character_re_matches_to_a_literal_character() -> None:
    """Over every code point: a character that `re.IGNORECASE` matches to a character of the
    gate's literals lower-cases to it once `case_folds` are applied, so no pattern can match
    where the gate saw no literal."""
    scanner = _scan(tuple(registered()))
    chars = sorted(scanner.chars)
    assert "i" in chars and "s" in chars
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    folded = 0
    for x in chars:
        for m in re.finditer(re.escape(x), everything, re.IGNORECASE):
            assert scanner.lower(m.group(0)) == x, (hex(ord(m.group(0))), x)
            folded += m.group(0).lower() != x
    assert folded == len(case_folds(chars)) >= 3  # "İ", "ı", "ſ"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bhuman[- ]traffick\w*", {"human"}),
        (r"(?:buying|selling|sale)\s+of\s+child", {"buying", "selling", "sale"}),
        (r"(?<!\w)(?:forced|bonded)\s+labou?r", {"forced", "bonded"}),
        (r"(?=x)Trafficking", {"trafficking"}),
        (r"(?:a|\w+)b", None),  # one alternative starts with a class
        (r"(?:ab)?cde", None),  # an optional start
        (r"\d+ years", None),
        (r"\u0130zmir", None),  # lower-cased into two characters
    ],
)
def test_start_literals(pattern: str, expected: set[str] | None) -> None:
    found = start_literals(sre_parse.parse(pattern, re.I))
    assert (set(found) if found is not None else None) == expected
    # every match starts with one of them (lower-cased)
    if found is not None:
        for text in ["Buying of child", "sale of child", "Forced labour", "xTrafficking"]:
            for m in re.finditer(pattern, text, re.I):
                assert any(text[m.start() :].lower().startswith(lit) for lit in found)


def test_literals_the_case_folds_would_hide_are_refused() -> None:
    """A literal spelled with "ı" next to literals with "i": folding "ı" to "i" would hide it,
    so the gate says so instead of answering wrongly."""
    with pytest.raises(ValueError, match="cannot read literals"):
        _scanner(frozenset({"kıl", "kid"}), frozenset("kıldi"))
    # upper-case forms of a fold are folded too: "I" lower-cases to "i", re matches it to "ı"
    scanner = _scanner(frozenset({"kıl"}), frozenset("kıl"))
    assert scanner.lower("KIL") == "kıl" == scanner.lower("kil") == scanner.lower("kıl")
