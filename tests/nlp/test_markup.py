"""`trim_markup_text` (the triage's scan on a decoded page) cuts exactly what `trim_markup`
cuts on the page's UTF-8 bytes: on the real benchmark pages, on hostile markup, and on random
mixes of the fragments the scan reacts to."""

from __future__ import annotations

import gzip
import random

import pytest

from tests.conftest import shared_dir
from tipwatch.nlp.markup import trim_markup, trim_markup_text


def _by_bytes(body: str) -> str:
    """What the triage computed before: the byte scan on the page's UTF-8 encoding."""
    return trim_markup(body.encode("utf-8", "surrogatepass")).decode("utf-8", "replace")


def test_same_cuts_on_benchmark_pages() -> None:
    folder = shared_dir() / "datasets" / "article-extraction-benchmark" / "html"
    if not folder.is_dir():
        pytest.skip(f"shared dataset absent: {folder}")
    pages = [gzip.decompress(p.read_bytes()).decode("utf-8", "replace") for p in folder.iterdir()]
    assert len(pages) > 100
    cut = 0
    for page in pages:
        trimmed = trim_markup_text(page)
        assert trimmed == _by_bytes(page)
        cut += len(trimmed) < len(page)
    assert cut > 100


@pytest.mark.parametrize(
    "body",
    [
        "<p>a</p><SCRIPT>var x = '<p>';</script ><p>b</p>",
        "<p>a</p><script>never closed <p>b</p>",
        "<p>a</p><!-- open comment <p>b</p>",
        "<p>a</p><!-- <script> -->kept</script> too",
        "<Style>p{}</STYLE>text",
        "<svg/>after<svg viewBox='0 0 1 1'><text>in svg</text></svg>after",
        '<script type=\'application/LD+JSON\'>{"datePublished": "2026-01-01"}</script>x',
        "<script type=ld&#43;json>{}</script>x",
        "<scripts>not a script</scripts>x",
        "<script\u00e9>x</script>y",  # a non-ASCII letter ends the name (an ASCII \\b)
        "<\u017fcript>long s</\u017fcript>x",  # re's Unicode case folding would read "script"
        "<scr\u0130pt>dotted</scr\u0130pt>x",
        "<noscript>\u212a</NOSCRIPT>kelvin",
        "<template><p>t</p></template>x",
        "<script>a</script",  # a closing tag without ">"
        "<p>caf\u00e9 \u2019quoted\u2019 \U0001f600</p><script>\u00e9</script>",
        "<p>lone \ud800 surrogate</p><script>x</script>",
        "<p>kept</p><script>cut \udfff</script>tail",
        "",
    ],
)
def test_same_cuts_on_hostile_markup(body: str) -> None:
    assert trim_markup_text(body) == _by_bytes(body)


_FRAGMENTS = [
    "<script>",
    "<SCRIPT type='x'>",
    "</script>",
    "</SCRIPT ",
    "<script type=application/ld+json>",
    "<style>",
    "</style>",
    "<svg/>",
    "<svg>",
    "</svg>",
    "<noscript>",
    "</noscript>",
    "<template>",
    "</template>",
    "<!--",
    "-->",
    ">",
    "<",
    "/",
    "<p>",
    "text",
    " ",
    "\u00e9",
    "\u017f",
    "\u0130",
    "\u2019",
    "\U0001f600",
    "\ud800",
]


def test_same_cuts_on_random_markup() -> None:
    rng = random.Random(15)
    for _ in range(3000):
        body = "".join(rng.choice(_FRAGMENTS) for _ in range(rng.randint(1, 25)))
        assert trim_markup_text(body) == _by_bytes(body), body
