from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crawlers.sources import Source
from tipwatch.store.db import Store
from tipwatch.store.repository import upsert_sources


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    st = Store(f"sqlite:///{tmp_path}/store.db")
    with st.session() as s:
        upsert_sources(
            s,
            [
                Source(id="in-a", name="A", country="IN", languages=["en", "hi"], homepage="x"),
                Source(id="in-b", name="B", country="IN", languages=["en"], homepage="x"),
                Source(id="ng-a", name="C", country="NG", languages=["en"], homepage="x"),
            ],
        )
    yield st
    st.dispose()
