"""On-site search discovery: search URL building and result-page parsing."""

from __future__ import annotations

import pytest

from tipwatch.crawlers.discovery import (
    Link,
    build_search_urls,
    html_hrefs,
    parse_search_results,
)


def test_query_string_terms_are_form_encoded() -> None:
    urls = build_search_urls(
        "https://x.example/search?q={query}&sort=date",
        ["human trafficking", "trafficking in persons", "forced labour & debt"],
    )
    assert urls == [
        "https://x.example/search?q=human+trafficking&sort=date",
        "https://x.example/search?q=trafficking+in+persons&sort=date",
        "https://x.example/search?q=forced+labour+%26+debt&sort=date",
    ]


def test_path_terms_are_percent_encoded_and_duplicates_dropped() -> None:
    urls = build_search_urls(
        "https://x.example/topic/{query}/", ["human trafficking", " human  trafficking ", ""]
    )
    assert urls == ["https://x.example/topic/human%20trafficking/"]


def test_template_without_placeholder_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"\{query\}"):
        build_search_urls("https://x.example/search", ["a"])


RESULTS = b"""<!doctype html><html><body>
<form action="/search"><input name="q" value="human trafficking"></form>
<div class="result"><a href="/2024/06/03/court-convicts-trafficker/">Court convicts</a></div>
<div class="result"><a href="https://x.example/2024/06/01/raid/#comments">Raid</a></div>
<div><a href="/2024/06/03/court-convicts-trafficker/">Court convicts (again)</a></div>
<a href="/search?q=human+trafficking&amp;page=2">Next page</a>
<a href="/search?q=human+trafficking&amp;sort=relevance">Sort</a>
<a href="/tag/crime/">crime</a>
<a href="https://other.example/2024/06/02/elsewhere/">offsite story</a>
<a href="javascript:void(0)">js</a><a href="mailto:desk@x.example">mail</a>
</body></html>"""


def test_search_results_are_article_links_in_order_without_duplicates() -> None:
    links = parse_search_results(
        RESULTS, "https://x.example/search?q=human+trafficking", r"/\d{4}/\d{2}/\d{2}/"
    )
    assert links == [
        Link("https://x.example/2024/06/03/court-convicts-trafficker/"),
        Link("https://x.example/2024/06/01/raid/"),
        # Off-site links are returned: the spider decides (and records them as offsite skips).
        Link("https://other.example/2024/06/02/elsewhere/"),
    ]


def test_pagination_back_to_the_results_page_is_not_an_article() -> None:
    links = parse_search_results(RESULTS, "https://x.example/search?q=human+trafficking", ".*")
    urls = [x.url for x in links]
    assert not any(u.startswith("https://x.example/search?") for u in urls)
    assert "https://x.example/tag/crime/" in urls


def test_html_hrefs_tolerates_garbage() -> None:
    assert html_hrefs(b"") == []
    assert html_hrefs(b"   ") == []
    assert html_hrefs(b"\x00\xff not html") == []
    assert html_hrefs(b"<a href='/a'>a</a><a>no href</a><A HREF=/b>b</A>") == ["/a", "/b"]
