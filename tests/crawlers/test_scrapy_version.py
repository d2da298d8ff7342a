"""The Scrapy the crawler needs is the Scrapy the package asks for."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import scrapy
from packaging.requirements import Requirement
from packaging.version import Version

from tipwatch.crawlers.scrapy_settings import MIN_SCRAPY, check_scrapy_version

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def _scrapy_requirement() -> Requirement:
    deps = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    return next(Requirement(d) for d in deps if Requirement(d).name == "scrapy")


def test_pyproject_lower_bound_is_the_crawlers_minimum() -> None:
    lower = [s.version for s in _scrapy_requirement().specifier if s.operator == ">="]
    assert lower == [".".join(map(str, MIN_SCRAPY))]
    assert Version(scrapy.__version__) in _scrapy_requirement().specifier


def test_an_older_scrapy_is_refused_with_a_clear_message() -> None:
    check_scrapy_version(scrapy.__version__)
    with pytest.raises(RuntimeError, match=r"needs Scrapy >= 2\.18; installed: 2\.11\.2"):
        check_scrapy_version("2.11.2")
