"""Fixtures for the review UI tests: a real SQLite store in tmp_path, cases inserted through the
repository functions, users created through `tipwatch.accounts.create_user`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tipwatch.accounts import create_user
from tipwatch.records import (
    Article,
    ChargeCategory,
    ChargeMention,
    Extraction,
    Jurisdiction,
    LegalStatus,
    PerpetratorMention,
    content_hash,
)
from tipwatch.review_ui.app import create_app
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import SourceRow
from tipwatch.store.repository import save_article, save_extraction

PASSWORD = "correct horse battery"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Perp:
    name: str
    status: str = "charged"
    evidence: str | None = None  # substring of the text to cite; defaults to the name
    nationality: str | None = None
    age: int | None = None


@dataclass
class CaseSpec:
    title: str = "Two charged with trafficking in Lagos"
    text: str = "Police in Lagos charged Ada Obi with sex trafficking on Monday."
    perps: list[Perp] = field(default_factory=lambda: [Perp("Ada Obi")])
    source_id: str = "lagos-daily"
    pub_country: str = "NG"
    country: str | None = "NG"
    score: float = 0.9
    url: str | None = None
    redactions: list[tuple[int, int]] = field(default_factory=list)
    publish_date: date | None = date(2024, 5, 6)
    # The fixture's cases are separate stories even where their short test texts are equal;
    # True keeps the near-duplicate cluster `save_article` finds (a syndicated copy).
    syndicated: bool = False


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(f"sqlite:///{tmp_path}/t.db")
    yield s
    s.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, secret_key="test-secret-" + "k" * 40)


@pytest.fixture
def client(settings: Settings, store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store), follow_redirects=False) as c:
        yield c


@pytest.fixture
def add_case(store: Store) -> Callable[..., str]:
    """`add_case(**CaseSpec fields)` stores an article and its extraction; returns the case id.

    `perps` may be given as dicts with Perp's fields, e.g. `{"name": "X", "status": "convicted"}`.
    """
    counter = iter(range(1, 10_000))

    def _add(**fields: object) -> str:
        raw_perps = fields.pop("perps", None)
        spec = CaseSpec(**fields)  # type: ignore[arg-type]
        if raw_perps is not None:
            assert isinstance(raw_perps, list)
            spec.perps = [p if isinstance(p, Perp) else Perp(**p) for p in raw_perps]
        n = next(counter)
        url = spec.url or f"https://news.example/{n}"
        perps = []
        for p in spec.perps:
            cite = p.evidence or p.name
            start = spec.text.index(cite)
            perps.append(
                PerpetratorMention(
                    name=p.name,
                    status=LegalStatus(p.status),
                    nationality=p.nationality,
                    age=p.age,
                    evidence=[(start, start + len(cite))],
                )
            )
        article = Article(
            canonical_url=url,
            url=url,
            title=spec.title,
            text=spec.text,
            publish_date=spec.publish_date,
            language="en",
            source_id=spec.source_id,
            country_of_publication=spec.pub_country,
            content_hash=content_hash(spec.text),
            fetched_at=datetime(2024, 5, 7, tzinfo=UTC),
        )
        extraction = Extraction(
            source="test",
            language="en",
            is_case=True,
            case_score=spec.score,
            perpetrators=perps,
            charges=[
                ChargeMention(text="sex trafficking", category=ChargeCategory.SEX_TRAFFICKING)
            ],
            jurisdiction=Jurisdiction(
                country=spec.country, admin1="Lagos", city="Ikeja", court_or_agency=["NAPTIP"]
            ),
            victims_count=3,
            redactions=list(spec.redactions),
        )
        with store.session() as s:
            if s.get(SourceRow, spec.source_id) is None:
                # Inserted directly: the Source model would refuse an unusual id (XSS tests).
                s.add(
                    SourceRow(
                        id=spec.source_id,
                        name=spec.source_id,
                        country=spec.pub_country,
                        languages=["en"],
                        homepage="https://news.example/",
                    )
                )
                s.flush()
            row, _ = save_article(s, article, extraction)
            if not spec.syndicated:
                row.cluster_id = row.id
            case_id = save_extraction(s, row, extraction)
        assert case_id is not None
        return case_id

    return _add


@pytest.fixture
def add_user(store: Store) -> Callable[..., str]:
    def _add(username: str, role: str, password: str = PASSWORD) -> str:
        with store.session() as s:
            create_user(s, username, password, role)
        return username

    return _add


def csrf_from(html: str) -> str:
    m = CSRF_RE.search(html)
    assert m, "no CSRF token in page"
    return m.group(1)


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def page_csrf() -> Callable[[str], str]:
    return csrf_from


@pytest.fixture
def login(client: TestClient) -> Callable[..., str]:
    """Log `username` in; returns the session's CSRF token (read from a logged-in page)."""

    def _login(username: str, password: str = PASSWORD) -> str:
        page = client.get("/login")
        r = client.post(
            "/login",
            data={"username": username, "password": password, "csrf_token": csrf_from(page.text)},
        )
        assert r.status_code == 303, r.text
        home = client.get("/")
        assert home.status_code == 200
        return csrf_from(home.text)

    return _login
