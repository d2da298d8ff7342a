"""Issue 14 U3: nothing turns escaping off. Every Jinja template and every Python module of the
project is scanned for the ways scraped text could reach a page unescaped: the `|safe` filter,
`Markup(...)`, a class with `__html__`, autoescape switched off (`{% autoescape false %}`,
`autoescape=False`) and a Jinja `Environment` built without `autoescape=True`.

A use is allowed only when listed below with the reason it is needed and the test that proves
its input is escaped; the count per file is exact, so a new use fails until it is reviewed."""

from __future__ import annotations

import ast
import os
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "tipwatch"  # crawlers/, nlp/, flows/, index/, review_ui/ are linked in here
OTHER_CODE = [ROOT / "scripts", ROOT / "bench"]
TEMPLATE_SUFFIXES = {".html", ".htm", ".j2", ".jinja", ".jinja2", ".txt", ".xml", ".svg"}

BANNED: dict[str, re.Pattern[str]] = {
    "|safe": re.compile(r"\|\s*safe\b"),
    "Markup(": re.compile(r"\bMarkup\s*\("),
    "__html__": re.compile(r"\b__html__\b"),
    "autoescape off": re.compile(
        r"autoescape\s*=\s*(False|0|None)\b|\{%-?\s*autoescape\s+(false|False|off|0)\b"
    ),
}

# (file relative to the repository, what) -> (count, reason)
ALLOWED: dict[tuple[str, str], tuple[int, str]] = {
    ("review_ui/views.py", "Markup("): (
        2,
        "`highlight` marks evidence spans in the article text: every text piece goes through "
        "markupsafe.escape before it is joined with <mark> tags "
        "(tests/review_ui/test_ui_pages.py::test_evidence_mark_wraps_exactly_the_evidence, "
        "::test_stored_payloads_are_only_ever_escaped)",
    ),
    ("review_ui/search.py", "Markup("): (
        1,
        "`snippet_html` marks the matched words of a search hit's passage: the passage is "
        "escaped whole, then only the index's private-use marker characters become <mark> tags "
        "(tests/review_ui/test_ui_documents.py::test_a_passage_is_escaped_and_only_its_marks_"
        "are_markup)",
    ),
    ("review_ui/charts.py", "Markup("): (
        6,
        "server-side SVG charts: every label and value is passed through markupsafe.escape "
        "before it is joined (tests/review_ui/test_charts.py::test_text_is_escaped_everywhere, "
        "::test_health_chart_escapes_source_ids)",
    ),
}


def _files(base: Path, suffixes: set[str]) -> list[Path]:
    out = []
    for dirpath, dirnames, filenames in os.walk(base, followlinks=True):
        dirnames[:] = [d for d in dirnames if d not in {"__pycache__", "site"}]
        out += [Path(dirpath) / f for f in filenames if Path(f).suffix in suffixes]
    return out


def _key(path: Path) -> str:
    rel = path.relative_to(ROOT).as_posix()
    # tipwatch/<linked folder>/x.py is the same file as <linked folder>/x.py
    for linked in ("crawlers", "nlp", "flows", "index", "review_ui"):
        if rel.startswith(f"tipwatch/{linked}/"):
            return rel.removeprefix("tipwatch/")
    return rel


def _scan() -> tuple[Counter[tuple[str, str]], int, int]:
    found: Counter[tuple[str, str]] = Counter()
    modules = _files(PACKAGE, {".py"}) + [p for d in OTHER_CODE for p in _files(d, {".py"})]
    templates = _files(PACKAGE, TEMPLATE_SUFFIXES)
    for path in modules + templates:
        text = path.read_text("utf-8")
        for what, rx in BANNED.items():
            n = len(rx.findall(text))
            if n:
                found[(_key(path), what)] += n
    return found, len(modules), len(templates)


def test_no_template_or_module_turns_escaping_off() -> None:
    found, modules, templates = _scan()
    # the scan saw the code: the package, its linked folders and the review UI's templates
    assert modules > 100 and templates >= 15
    unexpected = {k: n for k, n in found.items() if k not in ALLOWED}
    assert unexpected == {}, (
        f"unescaped output paths (review them, or list with a reason): {unexpected}"
    )
    changed = {k: (found.get(k, 0), n) for k, (n, _why) in ALLOWED.items() if found.get(k, 0) != n}
    assert changed == {}, f"allow-listed uses changed (found, allowed): {changed}"


def test_every_jinja_environment_autoescapes() -> None:
    calls = 0
    for path in _files(PACKAGE, {".py"}):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in {"Environment", "Jinja2Templates", "Template"}:
                continue
            calls += 1
            escape = {k.arg: k.value for k in node.keywords}.get("autoescape")
            assert isinstance(escape, ast.Constant) and escape.value is True, (
                f"{_key(path)}:{node.lineno}: {name}(...) without autoescape=True"
            )
    assert calls >= 1  # the review UI's environment (review_ui/render.py)


def test_the_scan_catches_each_banned_form() -> None:
    samples = {
        "|safe": "{{ article.title | safe }}",
        "Markup(": "return Markup(f'<b>{name}</b>')",
        "__html__": "def __html__(self): return self.raw",
        "autoescape off": "{% autoescape false %}{{ x }}{% endautoescape %}",
    }
    for what, sample in samples.items():
        assert BANNED[what].search(sample), what
    assert BANNED["autoescape off"].search("Environment(loader=l, autoescape=False)")
    assert not BANNED["|safe"].search("{{ x | safe_href }}")
