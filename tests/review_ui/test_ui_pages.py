"""What the review UI pages show, and that stored text can never become markup or script."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tipwatch.records import REDACTION_CHAR
from tipwatch.review_ui.guard import CSP
from tipwatch.review_ui.views import Evidence, highlight, safe_href

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SCRIPT_ESC = "&lt;script&gt;alert(1)&lt;/script&gt;"
IMG_ESC = "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"
QUEUE_SCRIPT = '<script src="/static/queue.js" defer></script>'
CASE_SCRIPT = '<script src="/static/case.js" defer></script>'


@pytest.fixture
def reviewer(
    client: TestClient, add_user: Callable[..., str], login: Callable[..., str]
) -> TestClient:
    add_user("rita", "reviewer")
    login("rita")
    return client


def marks(html: str) -> list[str]:
    """The texts of the evidence marks of the article text (the legend's marks have no data)."""
    return re.findall(
        r"<mark class=\"evidence [^\"]*\" title=\"[^\"]*\"[^>]*>(.*?)</mark>", html, re.S
    )


# --- headers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/login", "/healthz", "/static/style.css", "/", "/coverage"])
def test_security_headers_on_every_response(
    client: TestClient, add_user: Callable[..., str], login: Callable[..., str], path: str
) -> None:
    if path not in ("/login", "/healthz"):
        add_user("rita", "reviewer")
        login("rita")
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "frame-ancestors 'none'" in CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"


def test_security_headers_on_redirects_and_errors(client: TestClient) -> None:
    assert client.get("/").headers["content-security-policy"] == CSP
    r = client.post("/login", data={})
    assert r.status_code == 403
    assert r.headers["content-security-policy"] == CSP


def test_pages_have_no_inline_script_or_style(
    reviewer: TestClient, add_case: Callable[..., str]
) -> None:
    case_id = add_case()
    for path in ["/", f"/cases/{case_id}", "/coverage", "/does-not-exist"]:
        html = reviewer.get(path).text
        # The scripts are the queue's keyboard handler and the case page's evidence links,
        # both served from 'self'.
        if path == "/":
            assert html.count(QUEUE_SCRIPT) == 1
            html = html.replace(QUEUE_SCRIPT, "")
        if path.startswith("/cases/"):
            assert html.count(CASE_SCRIPT) == 1
            html = html.replace(CASE_SCRIPT, "")
        assert "<script" not in html
        assert "style=" not in html and "<style" not in html
        assert '<link rel="stylesheet" href="/static/style.css">' in html


# --- case list ---------------------------------------------------------------------------------


def test_case_list_shows_the_columns_most_confident_first(
    reviewer: TestClient, add_case: Callable[..., str]
) -> None:
    add_case(title="Low score story", score=0.55, source_id="accra-times", pub_country="GH")
    add_case(
        title="High score story",
        score=0.97,
        text="The court convicted Kofi Mensah of labour trafficking.",
        perps=[{"name": "Kofi Mensah", "status": "convicted"}],
        country="GH",
    )
    html = reviewer.get("/").text
    assert html.index("High score story") < html.index("Low score story")
    for expected in ["accra-times", "lagos-daily", "Kofi Mensah", "convicted", "0.97", "0.55"]:
        assert expected in html
    assert "sex_trafficking" in html
    assert "pending" in html


def test_case_list_filters_by_country_and_review_status(
    reviewer: TestClient, add_case: Callable[..., str], page_csrf: Callable[[str], str]
) -> None:
    ng = add_case(title="Nigerian case", country="NG")
    add_case(title="Ghanaian case", country="GH")
    html = reviewer.get("/?country=gh").text
    assert "Ghanaian case" in html and "Nigerian case" not in html

    token = page_csrf(reviewer.get(f"/cases/{ng}").text)
    reviewer.post(f"/cases/{ng}/review", data={"decision": "accepted", "csrf_token": token})
    accepted = reviewer.get("/?status=accepted").text
    assert "Nigerian case" in accepted and "Ghanaian case" not in accepted
    pending = reviewer.get("/?status=pending").text
    assert "Ghanaian case" in pending and "Nigerian case" not in pending


@pytest.mark.parametrize("query", ["country=Nigeria", "status=approved", "page=abc"])
def test_case_list_rejects_bad_filters(
    reviewer: TestClient, add_case: Callable[..., str], query: str
) -> None:
    add_case(title="Some case")
    r = reviewer.get("/?" + query)
    assert r.status_code == 400
    assert "Some case" not in r.text


# --- legal status wording ----------------------------------------------------------------------


def test_alleged_statuses_are_marked_as_allegations(
    reviewer: TestClient, add_case: Callable[..., str]
) -> None:
    case_id = add_case(
        text="Police charged Ada Obi. The court earlier convicted Bola Ade.",
        perps=[
            {"name": "Ada Obi", "status": "charged"},
            {"name": "Bola Ade", "status": "convicted"},
        ],
    )
    html = reviewer.get(f"/cases/{case_id}").text
    rows = {
        name: row
        for row in re.findall(r"<tr>.*?</tr>", html, re.S)
        for name in ("Ada Obi", "Bola Ade")
        if f'class="name">{name}<' in row
    }
    assert "status-alleged" in rows["Ada Obi"] and "presumed innocent" in rows["Ada Obi"]
    assert "status-convicted" in rows["Bola Ade"] and "alleged" not in rows["Bola Ade"]
    assert "2024-05-06" in rows["Ada Obi"]  # status date = publication date
    assert "trafficker" not in html.lower()

    listing = reviewer.get("/").text
    assert "alleged, not convicted" in listing


# --- case page ---------------------------------------------------------------------------------


def test_case_page_shows_the_extracted_fields(
    reviewer: TestClient, add_case: Callable[..., str]
) -> None:
    case_id = add_case(
        text="Police in Lagos charged Ada Obi, a Ghanaian aged 41, with sex trafficking.",
        perps=[{"name": "Ada Obi", "nationality": "GH", "age": 41}],
        url="https://news.example/story-1",
    )
    html = reviewer.get(f"/cases/{case_id}").text
    for expected in [
        "Ada Obi",
        ">GH<",
        ">41<",
        "sex_trafficking",
        "Lagos",  # admin1
        "Ikeja",  # city
        "NAPTIP",  # court or agency
        "<dt>Victims</dt><dd>3</dd>",
        '<a href="https://news.example/story-1" rel="noopener noreferrer"',
    ]:
        assert expected in html, expected


def test_unknown_case_is_404(reviewer: TestClient) -> None:
    assert reviewer.get("/cases/0123456789abcdef0123456789abcdef").status_code == 404


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "//evil.example/x", "ftp://x.example"]
)
def test_source_link_only_for_http_urls(
    reviewer: TestClient, add_case: Callable[..., str], url: str
) -> None:
    case_id = add_case(url=url)
    html = reviewer.get(f"/cases/{case_id}").text
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert all(h.startswith(("/", "https://", "http://")) for h in hrefs), hrefs
    assert not any("evil.example" in h or "javascript" in h for h in hrefs)
    assert "not a web link" in html


def test_evidence_mark_wraps_exactly_the_evidence(
    reviewer: TestClient, add_case: Callable[..., str]
) -> None:
    text = "On Monday police in Lagos charged Ada Obi, 41, with sex trafficking."
    case_id = add_case(text=text, perps=[{"name": "Ada Obi", "evidence": "charged Ada Obi, 41"}])
    html = reviewer.get(f"/cases/{case_id}").text
    assert marks(html) == ["charged Ada Obi, 41"]
    body = html[html.index('class="article-text">') :]
    assert body.startswith('class="article-text">On Monday police in Lagos <mark ')
    assert "41</mark>, with sex trafficking.</div>" in body


def test_masked_victim_names_are_shown_masked(
    reviewer: TestClient, add_case: Callable[..., str]
) -> None:
    text = "Police rescued Jane Roe and charged Ada Obi."
    start = text.index("Jane Roe")
    case_id = add_case(text=text, redactions=[(start, start + len("Jane Roe"))])
    html = reviewer.get(f"/cases/{case_id}").text
    assert "Jane Roe" not in html
    assert f"rescued {REDACTION_CHAR * 4} {REDACTION_CHAR * 3} and" in html
    assert marks(html) == ["Ada Obi"]  # offsets still valid after masking


# --- XSS ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", [SCRIPT, IMG])
def test_stored_payloads_are_only_ever_escaped(
    reviewer: TestClient, add_case: Callable[..., str], payload: str
) -> None:
    name = f"Ada {payload} Obi"
    text = f"Story {payload} says police charged {name} with trafficking."
    case_id = add_case(
        title=f"Title {payload}",
        text=text,
        perps=[{"name": name}],
        source_id=f"src{payload}",
        url=f"https://news.example/{payload}",
    )
    escaped = SCRIPT_ESC if payload == SCRIPT else IMG_ESC
    pages = {
        "list": reviewer.get("/").text,
        "case": reviewer.get(f"/cases/{case_id}").text,
        "coverage": reviewer.get("/coverage").text,
        "filtered": reviewer.get("/", params={"country": payload}).text,
    }
    for label, html in pages.items():
        assert payload not in html, label
        html = html.replace(QUEUE_SCRIPT, "").replace(CASE_SCRIPT, "")
        assert "<script" not in html and "<img" not in html, label
        assert "onerror=alert(1)>" not in html.replace("onerror=alert(1)&gt;", ""), label
    case_html = pages["case"]
    assert f"Title {escaped}" in case_html  # title
    assert f"Story {escaped} says" in case_html  # text
    assert f"src{escaped}" in case_html  # source id
    assert f'class="name">Ada {escaped} Obi<' in case_html  # perpetrator name
    assert marks(case_html) == [f"Ada {escaped} Obi"]  # mark content escaped too
    assert f"Title {escaped}" in pages["list"] and f"src{escaped}" in pages["list"]


# --- coverage ----------------------------------------------------------------------------------


def test_coverage_page_lists_countries(reviewer: TestClient, add_case: Callable[..., str]) -> None:
    add_case(country="GH", pub_country="NG")
    html = reviewer.get("/coverage").text
    assert "Nigeria" in html and "Ghana" in html
    assert "no monitored outlet" in html  # GH has a case but no outlet
    assert "Cases with jurisdiction here" in html


# --- pure helpers ------------------------------------------------------------------------------


def _ev(key: str, spans: list[tuple[int, int]], label: str | None = None) -> Evidence:
    return Evidence(key, "perpetrator", label or key.upper(), spans)


def test_highlight_escapes_and_splits_overlapping_spans() -> None:
    text = "a <b> c & d"
    out = str(highlight(text, [_ev("p1", [(0, 5)]), _ev("p2", [(2, 9)])]))
    assert out == (
        '<mark class="evidence ev-perpetrator" title="Evidence for: P1" data-ev="p1" '
        'data-start="0" data-end="2">a </mark>'
        '<mark class="evidence ev-perpetrator" title="Evidence for: P1; P2" data-ev="p1 p2" '
        'data-start="2" data-end="5">&lt;b&gt;</mark>'
        '<mark class="evidence ev-perpetrator" title="Evidence for: P2" data-ev="p2" '
        'data-start="5" data-end="9"> c &amp;</mark> d'
    )


def test_highlight_ignores_empty_and_out_of_range_spans() -> None:
    assert str(highlight("abc", [_ev("p1", [(2, 2), (5, 9), (-3, 1)])])) == (
        '<mark class="evidence ev-perpetrator" title="Evidence for: P1" data-ev="p1" '
        'data-start="0" data-end="1">a</mark>bc'
    )
    assert str(highlight("<x>", [])) == "&lt;x&gt;"


def test_highlight_escapes_labels() -> None:
    out = str(highlight("abc", [_ev("p1", [(0, 1)], '"><script>')]))
    assert "<script>" not in out and "&#34;&gt;&lt;script&gt;" in out


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://x.example/a", True),
        ("http://x.example", True),
        ("HTTPS://x.example", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("//x.example", False),
        ("https:///nohost", False),
        ("https://x.example/a b", False),
        ("", False),
        (None, False),
    ],
)
def test_safe_href(url: str | None, ok: bool) -> None:
    assert (safe_href(url) is not None) is ok
