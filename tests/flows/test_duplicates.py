"""Nothing twice: tracking-parameter variants and exact copies of an article end as
`duplicate_of` in the URL ledger; a lightly edited reprint is stored but joins the cluster.
(The story names trafficking: a page that does not is kept as metadata only, never
fingerprinted; tests/flows/test_triage.py.)"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from tipwatch.demo.server import serve_demo
from tipwatch.flows.pipeline import pipeline
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import ArticleRow, UrlRow

STORY = " ".join(
    f"Sentence {i} of the report says the court in the district heard witnesses about a"
    f" recruitment agency accused of human trafficking and its licence number {i * 7}."
    for i in range(40)
)


def _page(canonical: str, lead: str = "") -> str:
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Agency case</title>"
        f"<link rel='canonical' href='{{{{BASE}}}}{canonical}'></head><body><article>"
        f"<h1>Agency case</h1><p>{lead}{STORY}</p></article></body></html>"
    )


def _site(root: Path) -> tuple[Path, Path]:
    site, sources = root / "site", root / "sources"
    outlet = site / "dup-news"
    (outlet / "articles").mkdir(parents=True)
    (outlet / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    (outlet / "articles" / "story.html").write_text(_page("/articles/story.html"))
    # an exact copy of the text under its own canonical URL
    (outlet / "articles" / "copy.html").write_text(_page("/articles/copy.html"))
    # a reprint: same story with a wire credit line on top
    (outlet / "articles" / "reprint.html").write_text(
        _page("/articles/reprint.html", "From our wire partners. ")
    )
    items = "".join(
        f"<item><title>t</title><link>{{{{BASE}}}}{p}</link></item>"
        for p in (
            "/articles/story.html",
            "/articles/story.html?utm_source=rss&amp;utm_medium=feed",
            "/articles/copy.html",
            "/articles/reprint.html",
        )
    )
    (outlet / "feed.xml").write_text(
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>d</title>{items}</channel></rss>"
    )
    sources.mkdir()
    (sources / "dup-news.yaml").write_text(
        "id: dup-news\nname: Dup News\ncountry: KE\nlanguages: [en]\n"
        'homepage: "{{BASE}}/"\nfeeds: ["{{BASE}}/feed.xml"]\ndemo: true\n'
    )
    return site, sources


def test_variants_and_copies_are_duplicates_reprints_cluster(tmp_path: Path) -> None:
    site_dir, sources_dir = _site(tmp_path)
    settings = Settings(data_dir=tmp_path / "var", download_delay=0.0)
    with serve_demo(site_dir, sources_dir) as site:
        result = pipeline(site.sources, settings, allow_loopback=True)
    assert result.counts.pages == 4
    store = Store(settings.resolved_database_url)
    with store.session() as s:
        states = sorted((u.url.split("/articles/")[1], u.state) for u in s.scalars(select(UrlRow)))
        articles = {a.canonical_url.rsplit("/", 1)[1]: a for a in s.scalars(select(ArticleRow))}
    store.dispose()
    assert [st for _u, st in states].count("duplicate_of") == 2
    assert [st for _u, st in states].count("stored") == 2
    # the same story reached by three URLs (tracking variant, canonical, copy): one stored
    story_urls = [st for u, st in states if u.startswith(("story.html", "copy.html"))]
    assert sorted(story_urls) == ["duplicate_of", "duplicate_of", "stored"]
    # story.html and copy.html carry the same text: whichever came first is stored
    first = "story.html" if "story.html" in articles else "copy.html"
    assert set(articles) == {first, "reprint.html"}
    # one cluster, named after whichever of the two was stored first
    cluster = articles[first].cluster_id
    assert articles["reprint.html"].cluster_id == cluster
    assert cluster in {articles[first].id, articles["reprint.html"].id}
