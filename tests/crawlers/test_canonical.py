from __future__ import annotations

import pytest

from tipwatch.crawlers.canonical import canonical_url, strip_tracking


@pytest.mark.parametrize(
    ("url", "want"),
    [
        (
            "HTTPS://News.Example.com:443/a/b.html?utm_source=rss&utm_medium=feed&id=7#top",
            "https://news.example.com/a/b.html?id=7",
        ),
        ("http://x.example/p?b=2&fbclid=abc&a=1&gclid=z", "http://x.example/p?a=1&b=2"),
        ("http://127.0.0.2:8080/story?ref=home", "http://127.0.0.2:8080/story"),
        ("https://x.example", "https://x.example/"),
        ("https://x.example/p?page=2&mc_cid=1&ITO=x", "https://x.example/p?page=2"),
    ],
)
def test_strip_tracking(url: str, want: str) -> None:
    assert strip_tracking(url) == want


def test_same_article_from_feed_and_share_links_has_one_identity() -> None:
    links = [
        "https://www.dailyexample.co.uk/news/story-1?utm_source=twitter",
        "https://www.dailyexample.co.uk/news/story-1#comments",
        "https://www.dailyexample.co.uk/news/story-1?fbclid=IwAR0",
    ]
    assert len({canonical_url(u) for u in links}) == 1


def test_rel_canonical_followed_on_same_site_only() -> None:
    page = "https://m.dailyexample.co.uk/amp/story-1?amp=1"
    assert (
        canonical_url(page, "https://www.dailyexample.co.uk/news/story-1")
        == "https://www.dailyexample.co.uk/news/story-1"
    )
    assert canonical_url(page, "/news/story-1") == "https://m.dailyexample.co.uk/news/story-1"
    # another site's identity is refused: the page URL stays the canonical one
    assert (
        canonical_url(page, "https://rival.example.com/news/story-1")
        == "https://m.dailyexample.co.uk/amp/story-1"
    )
    assert canonical_url(page, "javascript:alert(1)") == "https://m.dailyexample.co.uk/amp/story-1"
