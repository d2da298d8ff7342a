"""Language coverage per country: which share of the population speaks a monitored language,
and how many articles were skipped because their language is not supported.

Population shares come from CLDR's territory-language data (through Babel): for each language
spoken in a territory, the percentage of the population that speaks it (first or second
language). The percentages overlap (multilingual people are counted under each of their
languages), so the share covered is given as a range: the upper figure sums the monitored
languages' percentages, capped at 100; the lower figure is the largest single monitored
language's percentage (at least that many people are reached). Definitions and caveats:
docs/metrics-effort.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from babel.languages import get_territory_language_info
from pydantic import BaseModel, ConfigDict
from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from tipwatch.coverage import country_name
from tipwatch.domain.language_codes import canonical
from tipwatch.domain.review_state import ReviewFlag
from tipwatch.metrics.effort import UNKNOWN, SourceFact, load_sources
from tipwatch.records import UNSUPPORTED_LANGUAGE
from tipwatch.store.models import ArticleRow, CaseRow, ExtractionRow, SourceRow
from tipwatch.store.provisional import counted_outlet

TOP_UNMONITORED = 5


@dataclass(frozen=True)
class UnsupportedSkip:
    country: str
    language: str
    articles: int
    # of them, likely case reports by their language's vocabulary, held in the review queue as
    # "not extracted: <language>" (`ReviewFlag.NOT_EXTRACTED`)
    candidates: int = 0


@dataclass(frozen=True)
class LanguageShare:
    upper_pct: float
    lower_pct: float
    monitored_found: tuple[str, ...]
    largest_unmonitored: tuple[tuple[str, float], ...]


def base_language(tag: str) -> str:
    """ "hi_Latn", "pt-BR", "EN", "tl" -> "hi", "pt", "en", "fil": CLDR's tags, the registry's
    codes and the detector's answers in one convention (`tipwatch.domain.language_codes.canonical`),
    so that Tagalog articles and `tl` outlets count against CLDR's Filipino (`fil`)."""
    return canonical(tag)


def territory_language_shares(country: str) -> dict[str, float]:
    """CLDR population percentage per base language in a territory ({} when CLDR has none).

    Script and region variants of one language (CLDR lists e.g. "hi" and "hi_Latn") are
    merged by taking the larger percentage: they are largely the same speakers.
    """
    shares: dict[str, float] = {}
    for tag, info in get_territory_language_info(country.upper()).items():
        pct = float(info.get("population_percent") or 0.0)
        lang = base_language(tag)
        shares[lang] = max(shares.get(lang, 0.0), pct)
    return shares


def language_population_share(
    shares: Mapping[str, float], monitored: Iterable[str]
) -> LanguageShare:
    """Share of a population reached by the monitored languages, as a (lower, upper) range."""
    wanted = {base_language(m) for m in monitored}
    found = sorted(lang for lang in wanted if lang in shares)
    pcts = [shares[lang] for lang in found]
    unmonitored = sorted(
        ((lang, pct) for lang, pct in shares.items() if lang not in wanted and pct > 0),
        key=lambda lp: (-lp[1], lp[0]),
    )
    return LanguageShare(
        upper_pct=round(min(100.0, sum(pcts)), 4),
        lower_pct=round(max(pcts, default=0.0), 4),
        monitored_found=tuple(found),
        largest_unmonitored=tuple(unmonitored[:TOP_UNMONITORED]),
    )


class LanguageCoverageRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    country: str
    country_name: str
    monitored_languages: list[str]
    cldr_data: bool
    # None when CLDR has no language data for the territory (not 0: unknown is not none).
    population_share_pct: float | None
    population_share_lower_pct: float | None
    largest_unmonitored_languages: dict[str, float]
    skipped_unsupported_language: int
    skipped_by_language: dict[str, int]
    # of the skipped articles, those sent to the review queue as "not extracted: <language>"
    not_extracted_candidates: int = 0


def load_unsupported_skips(session: Session) -> list[UnsupportedSkip]:
    """Articles skipped as unsupported_language, per outlet country and article language.

    An article counts once however many extractor versions skipped it.
    """
    stmt = (
        select(SourceRow.country, ArticleRow.language, func.count(distinct(ArticleRow.id)))
        .join(ArticleRow, ArticleRow.source_id == SourceRow.id)
        .join(ExtractionRow, ExtractionRow.article_id == ArticleRow.id)
        .where(ExtractionRow.skipped == UNSUPPORTED_LANGUAGE, counted_outlet())
        .group_by(SourceRow.country, ArticleRow.language)
    )
    merged: dict[tuple[str, str], int] = {}
    for country, lang, n in session.execute(stmt).all():
        key = (country, base_language(lang) if lang else UNKNOWN)
        merged[key] = merged.get(key, 0) + int(n)
    held = (
        select(SourceRow.country, ArticleRow.language, func.count(distinct(ArticleRow.id)))
        .join(ArticleRow, ArticleRow.source_id == SourceRow.id)
        .join(CaseRow, CaseRow.article_id == ArticleRow.id)
        .where(CaseRow.review_flags.contains(ReviewFlag.NOT_EXTRACTED.value), counted_outlet())
        .group_by(SourceRow.country, ArticleRow.language)
    )
    candidates: dict[tuple[str, str], int] = {}
    for country, lang, n in session.execute(held).all():
        key = (country, base_language(lang) if lang else UNKNOWN)
        candidates[key] = candidates.get(key, 0) + int(n)
    return [
        UnsupportedSkip(c, lang, n, candidates.get((c, lang), 0))
        for (c, lang), n in sorted(merged.items())
    ]


def language_table(
    sources: Sequence[SourceFact],
    skips: Sequence[UnsupportedSkip],
    *,
    shares_for: Callable[[str], Mapping[str, float]] = territory_language_shares,
) -> list[LanguageCoverageRow]:
    """One row per country with a monitored outlet or a skip, sorted by country."""
    langs: dict[str, set[str]] = {}
    for s in sources:
        langs.setdefault(s.country, set()).update(base_language(lang) for lang in s.languages)
    skipped: dict[str, dict[str, int]] = {}
    held: dict[str, int] = {}
    for sk in skips:
        held[sk.country] = held.get(sk.country, 0) + sk.candidates
        per = skipped.setdefault(sk.country, {})
        lang = sk.language if sk.language == UNKNOWN else base_language(sk.language)
        per[lang] = per.get(lang, 0) + sk.articles
    rows: list[LanguageCoverageRow] = []
    for country in sorted(set(langs) | set(skipped)):
        monitored = sorted(langs.get(country, set()))
        shares = shares_for(country)
        share = language_population_share(shares, monitored)
        by_lang = dict(sorted(skipped.get(country, {}).items()))
        rows.append(
            LanguageCoverageRow(
                country=country,
                country_name=country_name(country),
                monitored_languages=monitored,
                cldr_data=bool(shares),
                population_share_pct=share.upper_pct if shares else None,
                population_share_lower_pct=share.lower_pct if shares else None,
                largest_unmonitored_languages=dict(share.largest_unmonitored),
                skipped_unsupported_language=sum(by_lang.values()),
                skipped_by_language=by_lang,
                not_extracted_candidates=held.get(country, 0),
            )
        )
    return rows


def language_coverage(session: Session) -> list[LanguageCoverageRow]:
    return language_table(load_sources(session), load_unsupported_skips(session))
