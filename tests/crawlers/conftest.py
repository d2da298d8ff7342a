"""Fixtures: the tiny two-outlet site of `tests/crawlers/site.py`, served on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.crawlers.site import build_site
from tipwatch.crawlers.run import CrawlResult, crawl
from tipwatch.demo.server import DemoSite, serve_demo
from tipwatch.settings import Settings, get_settings


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "data_dir": data_dir,
        "download_delay": 0.01,
        "download_timeout": 10.0,
        "max_body_bytes": 15_000,
        "user_agent": "tipwatch-test/0.1 (+https://example.invalid/tipwatch)",
    }
    values.update(overrides)
    return get_settings(**values)


@pytest.fixture
def tiny_site(tmp_path: Path) -> Iterator[DemoSite]:
    site_dir, sources_dir = build_site(tmp_path / "demo")
    with serve_demo(site_dir, sources_dir) as site:
        yield site


@pytest.fixture
def fast_settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "var")


@dataclass
class CrawledSite:
    site: DemoSite
    result: CrawlResult
    request_log: list[tuple[str, str]]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrawledSite]:
    """One real crawl of the tiny site, shared by the assertions of a test module."""
    tmp = tmp_path_factory.mktemp("crawled")
    site_dir, sources_dir = build_site(tmp / "demo")
    with serve_demo(site_dir, sources_dir) as site:
        result = crawl(site.sources, tmp / "out", make_settings(tmp / "var"), allow_loopback=True)
        yield CrawledSite(site, result, list(site.request_log))
