"""Article -> Extraction: the NLP stage's single entry point.

The article's language (given, or detected) picks its `LanguageSupport` from the registry in
`nlp/lang/`; that record names the spaCy model and configures every component. A language with
no entry is skipped as `unsupported_language`; when the language has a trafficking vocabulary
(`nlp/lang/vocab/`), that skip carries the text's `foreign_relevance` (score and matched terms).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from tipwatch.domain.language_codes import canonical, canonical_or_none
from tipwatch.domain.review_state import ReviewFlag
from tipwatch.domain.status_date import resolve
from tipwatch.nlp.article import detect_language
from tipwatch.nlp.components.base import ChargeHit, JurisdictionHit, Person, doc_text
from tipwatch.nlp.components.case_classifier import DEFAULT_THRESHOLD, case_digest
from tipwatch.nlp.components.charges import select_charges
from tipwatch.nlp.components.introduced import ACCUSED, introduced_in
from tipwatch.nlp.components.people import norm_name
from tipwatch.nlp.foreign_relevance import score as foreign_score
from tipwatch.nlp.fragment import Plain, plain_text
from tipwatch.nlp.lang import LanguageSupport, for_language
from tipwatch.nlp.learned.country import country_model
from tipwatch.nlp.learned.person_features import person_features, person_model
from tipwatch.nlp.model import load_pipeline
from tipwatch.nlp.relevance import SAFE_THRESHOLD, could_be_case
from tipwatch.records import (
    NOT_RELEVANT,
    UNSUPPORTED_LANGUAGE,
    Article,
    ChargeCategory,
    ChargeMention,
    Extraction,
    ForeignRelevance,
    Jurisdiction,
    LegalStatus,
    PerpetratorMention,
    Span,
)
from tipwatch.settings import Settings

# the rules' version, then the learned models' weight digests (`c-` case, `m-` perpetrator and
# country): a retrained model changes the version, so `tipwatch reextract` knows the stored
# extractions are stale. At most 40 characters (the store's column).
# .2: headline evidence, briefs, French (nlp/lang/fr); .3: Spanish (nlp/lang/es); .6: accusers are
# victims, and so are the people a list of victims names; a mixed verdict is convicted; a step on
# the person's apposition; a drug, arms or wildlife ring's release is no case
# .9: a text with HTML markup in it is read as its plain text (nlp/fragment.py); trafficking
# whose object the parse reads as goods ("trafficking sea turtles") is another trade; a step on
# a description of the accused; a headline line ends its sentence before a paragraph
# .10: lists of names a group introduces ("the arrested were identified as A, B and C", "four
# women -- A, B --", "traffickers including A"; `components/introduced.py`), a step worded as
# part of a case told before ("arrested X in this connection"), counts listed after a colon, a
# caption that names the appellant first
# .11: "US" alone is the United States ("a US judge"); held in custody or detention is a step
# ("remains in custody on charges", "taken into custody"); a pronoun after "the appellant" or a
# victim's code ("AAA") is not the last named person's; fleeing an employer is no flight from
# justice; a plaza, mall or motel is no person; the case country chosen by a learned model over
# the places' evidence (`learned/country.py`, `m-` below)
# .12: a relative named beside the accused shares the custody they are held in; a bid against
# one's own detention is being held; a party's or an official's title the NER takes into a name
# is cut and read as the role; the front of an institution's or a law's name, and a law
# report's abbreviation, are no people; smuggling infants and children, jails and being held in
# detention are case wording; hard-wrapped paragraphs are prose; a judgment's parties line and
# the parties of cited cases; "Label : value" header lines are no datelines; a warrant for the
# arrest is wanted, a demanded step ("pressure to charge X", "must be charged") is none;
# released from prison is sentenced; a charged person at large is wanted; a headline participle
# tagged as a past tense ("X charged with ...") is a step done to X; a caption over several
# lines ("X / Vs / The State"); FIRs registered and post-arrest bail are case events; a
# nickname and the given name are one person; "y" joins a Spanish or Filipino name; a photo
# credit ("X/Agency") and a state's abbreviation ("N.H. Man") are no people
RULES_VERSION = "rules-2025.12.13"


def models_digest() -> str:
    """What of the person and country decisions' weights goes into the extractor version: the
    two models' digests combined (8 hex digits)."""
    both = f"{person_model().digest}+{country_model().digest}"
    return hashlib.sha256(both.encode()).hexdigest()[:8]


EXTRACTOR_VERSION = f"{RULES_VERSION}+c-{case_digest()}+m-{models_digest()}"
MAX_CHARS = 100_000
_SOFT_OK_ROLES = {None, "accused"}


def _is_perpetrator(lang: LanguageSupport, person: Person) -> bool:
    if person.role in lang.lexicon.never_perpetrator_roles:
        return False
    if person.status is None:
        return False
    if person.role in _SOFT_OK_ROLES:
        return True
    if person.role in lang.lexicon.weak_role_words and person.status_evidence:
        # a job or family word next to the name, but a legal step of their own
        return True
    # an official/relative/speaker is listed only when named as accused, or when the step is
    # done to them by name ("police officer X was arrested")
    return bool(person.accused_evidence) or person.direct_step


def _may_be_perpetrator(lang: LanguageSupport, person: Person, victim_keys: set[str]) -> bool:
    """The masking rules' guard, which no model overrides: a person the text marks as a
    victim, minor, witness or other protected role is never a perpetrator."""
    return (
        person.role not in lang.lexicon.never_perpetrator_roles
        and norm_name(person.name) not in victim_keys
    )


def person_candidates(lang: LanguageSupport, doc: Doc) -> list[tuple[Person, dict[str, float]]]:
    """Every person who may be a perpetrator (a legal step read for them, and the masking
    guard passed), with the features the person model weighs."""
    people: list[Person] = doc._.people or []
    victim_keys = {norm_name(n) for n in (doc._.victim_names or [])}
    out: list[tuple[Person, dict[str, float]]] = []
    for p in people:
        if p.status is None or not _may_be_perpetrator(lang, p, victim_keys):
            continue
        rule_ok = _is_perpetrator(lang, p) and (
            len(p.name.split()) > 1 or _plausible_single(lang, doc, p)
        )
        out.append((p, person_features(lang, doc, p, rule_ok, len(people))))
    return out


def _plausible_single(lang: LanguageSupport, doc: Doc, person: Person) -> bool:
    """A one-word name is kept only when used in running text, not as a heading or label."""
    if person.name.lower() in lang.lexicon.folded_label_words or "&" in person.name:
        return False
    in_text = 0
    for start, _end in person.mentions:
        line_start = doc_text(doc).rfind("\n", 0, start) + 1
        if doc_text(doc)[line_start:start].strip():
            in_text += 1
    # a given name used alone, with the age the text gives ("Kuba (23)"), is a person too, and
    # so is one a list of the accused names ("the arrested were identified as A, Sandeep and B")
    return in_text >= 1 and (
        len(person.mentions) >= 2
        or person.age is not None
        # a given name a kinship word introduces ("and his brother Tristan")
        or person.role in lang.victims.family_roles
        or any(
            (listed := introduced_in(lang, doc, start)) is not None and listed.kind == ACCUSED
            for start, _ in person.mentions
        )
    )


def _status_date(p: Person, published: date | None) -> tuple[date | None, Span | None]:
    """The first date the status sentences state that resolves against the publication date."""
    if published is None:
        return None, None
    for phrase, span in p.status_dates:
        found = resolve(phrase, published)
        if found is not None:
            return found, span
    return None, None


def _perpetrators(
    lang: LanguageSupport, doc: Doc, published: date | None = None
) -> list[PerpetratorMention]:
    out: list[PerpetratorMention] = []
    seen: set[str] = set()
    model = person_model()
    for p, features in person_candidates(lang, doc):
        key = norm_name(p.name)
        if key in seen or model.probability(features) < model.threshold:
            continue
        seen.add(key)
        status_date, status_date_span = _status_date(p, published)
        evidence = sorted(
            set(
                p.mentions[:3]
                + p.status_evidence[:3]
                + ([p.age_evidence] if p.age_evidence else [])
                + ([p.nationality_evidence] if p.nationality_evidence else [])
            )
        )
        out.append(
            PerpetratorMention(
                name=p.name,
                status=p.status or LegalStatus.CHARGED,
                nationality=p.nationality,
                age=p.age if p.age is not None and 10 <= p.age <= 99 else None,
                evidence=evidence,
                status_date=status_date,
                status_date_evidence=status_date_span,
            )
        )
    return out


def _review_flags(doc: Doc) -> list[ReviewFlag]:
    """`dual_role` when a person the victim guard protects (a victim, minor or witness by role
    cue or apposition) also has a legal step of their own (arrested, charged, tried...; not a
    bare "wanted") or is named as accused. Such a person is masked and never a perpetrator
    (`_perpetrators`); the flag holds the case for an analyst. No name leaves this function."""
    people: list[Person] = doc._.people or []
    victim_keys = {norm_name(n) for n in (doc._.victim_names or [])}
    for p in people:
        if norm_name(p.name) not in victim_keys:
            continue
        if p.accused_evidence or (p.status is not None and p.status is not LegalStatus.WANTED):
            return [ReviewFlag.DUAL_ROLE]
    return []


def _charges(doc: Doc) -> list[ChargeMention]:
    hits: list[ChargeHit] = select_charges(doc._.charges or [])
    return [
        ChargeMention(text=h.text, category=h.category, statute=h.statute, evidence=[h.span])
        for h in hits
    ]


def _jurisdiction(doc: Doc) -> Jurisdiction:
    hit: JurisdictionHit | None = doc._.jurisdiction
    if hit is None:
        return Jurisdiction()
    return Jurisdiction(
        country=hit.country,
        admin1=hit.admin1,
        city=hit.city,
        court_or_agency=hit.court_or_agency,
        evidence=hit.evidence,
    )


def _not_read(
    source: str, language: str | None, reason: str, foreign: ForeignRelevance | None = None
) -> Extraction:
    """The extraction of a text spaCy did not read, and why (`Extraction.skipped`)."""
    return Extraction(
        source=source,
        language=language,
        is_case=False,
        case_score=0.0,
        skipped=reason,
        extractor_version=EXTRACTOR_VERSION,
        foreign_relevance=foreign,
    )


def _unsupported(source: str, language: str | None, text: str) -> Extraction:
    """The `unsupported_language` skip of a text in a language with no pipeline, with its
    trafficking relevance when the language has a vocabulary (`nlp/foreign_relevance.py`):
    the pipeline sends a candidate to the review queue as "not extracted: <language>"."""
    foreign = foreign_score(text[:MAX_CHARS], language) if language and text.strip() else None
    return _not_read(source, language, UNSUPPORTED_LANGUAGE, foreign)


@dataclass(frozen=True)
class Job:
    """One text to extract: its text, its source (URL or id), its language when known (detected
    otherwise) and the country where it was published."""

    text: str
    source: str
    language: str | None = None
    publication_country: str | None = None
    # the publication date, against which dates the text states are resolved
    publish_date: date | None = None


def _metadata_only(article: Article) -> Extraction:
    # The page named no trafficking wording (`nlp/triage.py`): nothing for spaCy.
    language = canonical_or_none(article.language)
    if for_language(language) is None:
        # nothing to score: the page named none of its language's trafficking wording
        return _not_read(article.canonical_url, language, UNSUPPORTED_LANGUAGE)
    return _not_read(article.canonical_url, language, NOT_RELEVANT)


def _extraction(
    support: LanguageSupport,
    doc: Doc,
    source: str,
    language: str | None,
    published: date | None = None,
) -> Extraction:
    """The record of a text the pipeline has annotated (`doc`)."""
    is_case = bool(doc._.is_case)
    charges = _charges(doc)
    return Extraction(
        source=source,
        language=language,
        is_case=is_case,
        case_score=float(doc._.case_score),
        perpetrators=_perpetrators(support, doc, published) if is_case else [],
        charges=charges
        if is_case
        else [c for c in charges if c.category is not ChargeCategory.OTHER][:0],
        jurisdiction=_jurisdiction(doc),
        victims_count=doc._.victims_count if is_case else None,
        extractor_version=EXTRACTOR_VERSION,
        redactions=list(doc._.redactions or []),
        review_flags=_review_flags(doc) if is_case else [],
    )


def _onto_source(extraction: Extraction, plain: Plain) -> Extraction:
    """`extraction` of `plain.text` with every span (evidence, redactions) mapped onto the text
    it was made from: the offsets a consumer holds are into the text it gave."""
    if not plain.changed:
        return extraction
    to = plain.source_span
    return extraction.model_copy(
        update={
            "perpetrators": [
                p.model_copy(
                    update={
                        "evidence": [to(s) for s in p.evidence],
                        "status_date_evidence": None
                        if p.status_date_evidence is None
                        else to(p.status_date_evidence),
                    }
                )
                for p in extraction.perpetrators
            ],
            "charges": [
                c.model_copy(update={"evidence": [to(s) for s in c.evidence]})
                for c in extraction.charges
            ],
            "jurisdiction": extraction.jurisdiction.model_copy(
                update={"evidence": [to(s) for s in extraction.jurisdiction.evidence]}
            ),
            "redactions": [to(s) for s in extraction.redactions],
        }
    )


class CaseExtractor:
    """Rule-based extractor over spaCy pipelines, one per supported language (each loaded once
    per process, on first use).

    `case_threshold` is the case probability from which a text counts as a case report
    (`Settings.case_threshold`; build with `from_settings` where settings are at hand).
    """

    version = EXTRACTOR_VERSION

    def __init__(self, *, case_threshold: float = DEFAULT_THRESHOLD) -> None:
        self.case_threshold = case_threshold

    @classmethod
    def from_settings(cls, settings: Settings) -> CaseExtractor:
        """The extractor the settings describe (`TIPWATCH_CASE_THRESHOLD`)."""
        return cls(case_threshold=settings.case_threshold)

    def pipeline(self, support: LanguageSupport) -> Language:
        """The spaCy pipeline for one language, built with this extractor's threshold."""
        return load_pipeline(support, self.case_threshold)

    def analyse(
        self, text: str, publication_country: str | None = None, language: str = "en"
    ) -> Doc:
        """Run the full pipeline and return the annotated Doc (for debugging and tests). A text
        with markup is read as its plain text (`nlp/fragment.py`), as `extract_many` reads it:
        the Doc's offsets are then into that plain text."""
        support = for_language(language)
        if support is None:
            raise ValueError(f"unsupported language: {language!r}")
        return self._analyse(support, text, publication_country)

    def _analyse(self, support: LanguageSupport, text: str, publication_country: str | None) -> Doc:
        nlp = self.pipeline(support)
        doc = nlp.make_doc(plain_text(text).text[:MAX_CHARS])
        doc._.publication_country = publication_country
        for _name, proc in nlp.pipeline:
            doc = proc(doc)
        return doc

    def extract_text(
        self,
        text: str,
        *,
        source: str,
        language: str | None = None,
        publication_country: str | None = None,
        publish_date: date | None = None,
    ) -> Extraction:
        return self.extract_many([Job(text, source, language, publication_country, publish_date)])[
            0
        ]

    def extract_many(self, jobs: Sequence[Job], batch_size: int = 16) -> list[Extraction]:
        """The extraction of every job, in order. Texts spaCy reads go through the pipeline's
        `pipe` together, per language, `batch_size` at a time: the same annotations as one by
        one (`tests/nlp/test_extract_many.py`), with less overhead per text."""
        out: list[Extraction | None] = []
        read: dict[LanguageSupport, list[tuple[int, Doc, Job, str | None, Plain]]] = {}
        for i, job in enumerate(jobs):
            # a text with HTML markup in it is read as its plain text (`nlp/fragment.py`); every
            # span is mapped back onto the text as given
            plain = plain_text(job.text)
            text = plain.text
            language = (
                canonical(job.language) if job.language is not None else detect_language(text)
            )
            support = for_language(language)
            early: Extraction | None = None
            if support is None:
                early = _unsupported(job.source, language, text)
            elif not text.strip():
                early = _not_read(job.source, language, "no_text")
            elif self.case_threshold > SAFE_THRESHOLD and not could_be_case(
                support, text[:MAX_CHARS]
            ):
                early = _not_read(job.source, language, NOT_RELEVANT)
            out.append(early)
            if early is None and support is not None:
                doc = self.pipeline(support).make_doc(text[:MAX_CHARS])
                doc._.publication_country = job.publication_country
                read.setdefault(support, []).append((i, doc, job, language, plain))
        for support, items in read.items():
            nlp = self.pipeline(support)
            docs = nlp.pipe((item[1] for item in items), batch_size=batch_size)
            for (i, _doc, job, language, plain), doc in zip(items, docs, strict=True):
                found = _extraction(support, doc, job.source, language, job.publish_date)
                out[i] = _onto_source(found, plain)
        return [e for e in out if e is not None]

    def extract_articles(self, articles: Sequence[Article]) -> list[Extraction]:
        """`extract_article` of every article, in order, spaCy's texts batched (`extract_many`)."""
        results: list[Extraction | None] = []
        jobs: list[Job] = []
        slots: list[int] = []
        for article in articles:
            if article.metadata_only:
                results.append(_metadata_only(article))
                continue
            slots.append(len(results))
            results.append(None)
            jobs.append(
                Job(
                    article.text,
                    article.canonical_url,
                    article.language,
                    article.country_of_publication,
                    article.publish_date,
                )
            )
        for slot, extraction in zip(slots, self.extract_many(jobs), strict=True):
            results[slot] = extraction
        return [e for e in results if e is not None]

    def extract_article(self, article: Article) -> Extraction:
        return self.extract_articles([article])[0]
