"""The real search engine the index tests talk to (`make test` starts one:
scripts/search-node; TIPWATCH_TEST_SEARCH_URL)."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def search_url() -> str:
    url = os.environ.get("TIPWATCH_TEST_SEARCH_URL", "")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must start a search node (make test: scripts/search-node start)")
        pytest.skip("no search engine: set TIPWATCH_TEST_SEARCH_URL (scripts/search-node start)")
    return url.rstrip("/")
