from __future__ import annotations

from datetime import UTC, datetime

from tipwatch.nlp.article import page_to_article, text_to_article
from tipwatch.records import Article, FetchedPage, Skipped, content_hash

PARA = (
    "The High Court in Nairobi on Monday charged a businessman with trafficking eleven young "
    "women to the Gulf, after detectives said he had promised them jobs as cleaners. "
)
HTML = f"""<html><head><title>Man charged</title>
<link rel="canonical" href="https://news.example.org/a/1"></head>
<body><nav><a href="/">Home</a> <a href="/ht">Human Trafficking</a></nav>
<article><h1>Man charged</h1><p>{PARA * 3}</p><p>{PARA}</p></article></body></html>"""


def _page(body: str, status: int = 200, ctype: str = "text/html; charset=utf-8") -> FetchedPage:
    return FetchedPage(
        url="https://news.example.org/a/1?utm=x",
        final_url="https://news.example.org/a/1?utm=x",
        status=status,
        headers={"Content-Type": ctype},
        body=body.encode(),
        fetched_at=datetime(2024, 1, 1, tzinfo=UTC),
        source_id="ke-demo",
    )


def test_page_to_article() -> None:
    art = page_to_article(_page(HTML), "KE")
    assert isinstance(art, Article)
    assert art.canonical_url == "https://news.example.org/a/1"
    assert "charged a businessman" in art.text
    assert "Home" not in art.text.split()
    assert art.language == "en"
    assert art.content_hash == content_hash(art.text)
    assert art.country_of_publication == "KE"


def test_skips_have_reasons() -> None:
    assert isinstance(s := page_to_article(_page(HTML, status=404), None), Skipped)
    assert s.reason == "http_error"
    assert isinstance(
        s := page_to_article(_page("%PDF-1.4", ctype="application/pdf"), None), Skipped
    )
    assert s.reason == "not_html"
    assert isinstance(
        s := page_to_article(_page("<html><body><p>Hi</p></body></html>"), None), Skipped
    )
    assert s.reason in {"no_text", "too_short"}


def test_text_to_article() -> None:
    art = text_to_article(PARA * 2, url="file:a.txt", source_id="cli")
    assert isinstance(art, Article) and art.language == "en"
    assert isinstance(text_to_article("  ", url="file:b.txt", source_id="cli"), Skipped)
