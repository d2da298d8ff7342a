"""A WARC of the demo site's 37 articles (real pipeline input without a crawl), its sources, and
a snapshot of what processing stored, to compare runs."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tipwatch.crawlers.source_defs import Source
from tipwatch.store.db import Store
from tipwatch.store.models import ArticleRow, CaseRow, ExtractionRow, UrlRow

DEMO = Path(__file__).resolve().parents[2] / "tipwatch" / "demo"
KEY: dict[str, Any] = yaml.safe_load((DEMO / "expected.yaml").read_text("utf-8"))
COUNTRIES = {"deccan-ledger": "IN", "lagos-courier": "NG", "visayas-post": "PH"}
SOURCES = [
    Source(
        id=outlet,
        name=outlet,
        country=country,
        languages=["en"],
        homepage=f"https://{outlet}.example/",
    )
    for outlet, country in COUNTRIES.items()
]


def demo_warc(path: Path, copies: int = 1) -> int:
    """Write every demo article (`copies` times, each copy under its own URL with one extra
    line, so none is a duplicate) to a gzip WARC; returns the number of records."""
    n = 0
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "test"}))
        for copy in range(copies):
            for a in KEY["articles"]:
                base = f"https://{a['outlet']}.example"
                body = (DEMO / "site" / a["outlet"] / a["path"].lstrip("/")).read_text("utf-8")
                body = body.replace("{{BASE}}", base)
                url = base + a["path"]
                if copy:
                    # its own URL and a changed last paragraph: a near copy, not a duplicate
                    url = f"{url}?copy={copy}"
                    body = body.replace('rel="canonical"', 'rel="x-canonical"')
                    end = body.rfind("</p>", 0, body.find("</article>"))
                    body = body[:end] + f" Archive copy {copy}." + body[end:]
                http = StatusAndHeaders(
                    "200 OK",
                    [("Content-Type", "text/html; charset=utf-8")],
                    protocol="HTTP/1.1",
                )
                w.write_record(
                    w.create_warc_record(
                        url, "response", payload=BytesIO(body.encode()), http_headers=http
                    )
                )
                n += 1
    return n


def stored_snapshot(store: Store) -> dict[str, Any]:
    """What processing left in the store, independent of order and timing."""
    with store.session() as s:
        articles = {
            a.canonical_url: (a.title, a.language, a.publish_date, a.content_hash, bool(a.text))
            for a in s.scalars(select(ArticleRow))
        }
        extractions = {
            (e.article_id, e.is_case, round(e.case_score, 6), e.skipped)
            for e in s.scalars(select(ExtractionRow))
        }
        cases = {
            (c.article_id, c.country, tuple(sorted(p.name for p in c.perpetrators)))
            for c in s.scalars(select(CaseRow))
        }
        urls = sorted((u.url, u.state) for u in s.scalars(select(UrlRow)))
    return {"articles": articles, "extractions": extractions, "cases": cases, "urls": urls}
