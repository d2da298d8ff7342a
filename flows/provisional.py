"""Which outlet an ingested page belongs to when no registry source names its host.

`Attribution` answers for every record of an `ingest-warc` run: the registry source of its
tipwatch header or host; the `--source` outlet for a page of that outlet's own registrable
domain (or for every page with `--pin-all`); else a provisional outlet for the page's
registrable domain, created on first sight (`tipwatch.store.provisional`). A host with no
registrable domain (an IP address, `.example`, `.local`) has no outlet: the caller records an
`ingest:unknown_source` skip.

The provisional outlet's country is voted over the run's pages: the strongest method any page
gave (`tipwatch.crawlers.page_country.METHODS`), then the country most pages gave with it. A
stored inference is replaced only by a strictly stronger method, so ingesting the same WARC again
changes nothing; an adopted outlet is never changed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tipwatch.crawlers.domains import host_of, registrable_domain
from tipwatch.crawlers.page_country import (
    METHODS,
    NO_CLUE,
    CountryClue,
    domain_clue,
    page_clue,
)
from tipwatch.crawlers.source_defs import Source
from tipwatch.records import FetchedPage
from tipwatch.store.db import Store
from tipwatch.store.models import SourceRow
from tipwatch.store.provisional import (
    ProvisionalOutlet,
    create_outlet,
    outlets_by_domain,
    set_country,
)

# Pages per domain read for country clues in one run (the clues repeat on every page).
CLUE_PAGES = 20


def host(url: str) -> str:
    h = host_of(urlsplit(url).hostname or "")
    return h[4:] if h.startswith("www.") else h


@dataclass
class Attribution:
    registry: dict[str, Source]
    store: Store
    pin: Source | None = None
    pin_all: bool = False
    # How many pages each rule attributed, for the run's result.
    counts: Counter[str] = field(default_factory=Counter)
    _by_host: dict[str, str] = field(default_factory=dict)
    _pin_domains: set[str] = field(default_factory=set)
    _rows: dict[str, SourceRow] = field(default_factory=dict)
    _outlets: dict[str, ProvisionalOutlet] = field(default_factory=dict)
    _clues: dict[str, list[CountryClue]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        for src in self.registry.values():
            for url in [src.homepage, *src.start_urls]:
                if h := host(url):
                    self._by_host.setdefault(h, src.id)
        if self.pin is not None:
            self._pin_domains = {
                d
                for url in [self.pin.homepage, *self.pin.start_urls]
                if (d := registrable_domain(host(url)))
            }
        with self.store.session() as s:
            self._rows = outlets_by_domain(s)
            s.expunge_all()

    def _registry_source(self, page: FetchedPage) -> str | None:
        h = host(page.final_url)
        while h:
            if h in self._by_host:
                return self._by_host[h]
            h = h.partition(".")[2] if "." in h else ""
        return None

    def source_for(self, page: FetchedPage) -> str | None:
        """The outlet id of `page`, or None when its host has no registrable domain."""
        if page.source_id and page.source_id in self.registry:
            self.counts["registry"] += 1
            return page.source_id
        domain = registrable_domain(host(page.final_url))
        if self.pin is not None and (self.pin_all or (domain and domain in self._pin_domains)):
            self.counts["pinned"] += 1
            return self.pin.id
        if sid := self._registry_source(page):
            self.counts["registry"] += 1
            return sid
        if domain is None:
            return None
        row = self._rows.get(domain)
        if row is not None and not row.provisional:
            # Adopted, but not in the registry read by this run (another --sources folder).
            self.counts["registry"] += 1
            return row.id
        self.counts["provisional"] += 1
        clues = self._clues[domain]
        if len(clues) < CLUE_PAGES:
            clues.append(domain_clue(domain) or page_clue(page.body))
        if row is None:
            clue = clues[0]
            with self.store.session() as s:
                row = create_outlet(
                    s, domain, country=clue.country, method=clue.method, evidence=clue.evidence
                )
                s.expunge(row)
            self._rows[domain] = row
        return row.id

    def settle(self) -> list[ProvisionalOutlet]:
        """Write each provisional outlet's country as this run's pages vote (see the module
        docstring) and return every provisional outlet the store has."""
        with self.store.session() as s:
            for domain, clues in self._clues.items():
                row = s.get(SourceRow, self._rows[domain].id)
                if row is None or not row.provisional:
                    continue
                best = vote(clues)
                stored = METHODS.index(row.country_method or METHODS[-1])
                if best.rank < stored:
                    set_country(
                        s, row, country=best.country, method=best.method, evidence=best.evidence
                    )
        with self.store.session() as s:
            return [ProvisionalOutlet.of(r) for r in outlets_by_domain(s).values() if r.provisional]


def vote(clues: Sequence[CountryClue]) -> CountryClue:
    """The strongest method's most frequent country (ties: the first seen); without any
    country, the first clue that names what it saw."""
    found = [c for c in clues if c.country]
    if not found:
        # What was seen and not taken (a default locale), for the operator.
        return next((c for c in clues if c.evidence), NO_CLUE)
    rank = min(c.rank for c in found)
    top = [c for c in found if c.rank == rank]
    counts = Counter(c.country for c in top)
    winner = max(counts.values())
    return next(c for c in top if counts[c.country] == winner)
