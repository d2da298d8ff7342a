"""Article -> Extraction: the NLP stage's single entry point."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from tipwatch.nlp.components.base import ChargeHit, JurisdictionHit, Person, doc_text
from tipwatch.nlp.components.charges import select_charges
from tipwatch.nlp.components.people import HARD_PROTECTED, norm_name
from tipwatch.nlp.lexicon import WEAK_ROLE_WORDS
from tipwatch.nlp.model import load_pipeline
from tipwatch.records import (
    Article,
    ChargeCategory,
    ChargeMention,
    Extraction,
    Jurisdiction,
    LegalStatus,
    PerpetratorMention,
)

EXTRACTOR_VERSION = "rules-2025.11.5"
MAX_CHARS = 100_000
_SOFT_OK_ROLES = {None, "accused"}


def _is_perpetrator(person: Person) -> bool:
    if person.role in HARD_PROTECTED or person.role == "victim":
        return False
    if person.status is None:
        return False
    if person.role in _SOFT_OK_ROLES:
        return True
    if person.role in WEAK_ROLE_WORDS and person.status_evidence:
        # a job or family word next to the name, but a legal step of their own
        return True
    # an official/relative/speaker is listed only when named as accused
    return bool(person.accused_evidence)


def _plausible_single(doc: Doc, person: Person) -> bool:
    """A one-word name is kept only when used in running text, not as a heading or label."""
    if person.name.lower() in {w.lower() for w in _LABEL_WORDS} or "&" in person.name:
        return False
    in_text = 0
    for start, _end in person.mentions:
        line_start = doc_text(doc).rfind("\n", 0, start) + 1
        if doc_text(doc)[line_start:start].strip():
            in_text += 1
    # a given name used alone, with the age the text gives ("Kuba (23)"), is a person too
    return in_text >= 1 and (len(person.mentions) >= 2 or person.age is not None)


_LABEL_WORDS = {"Sentence", "Date", "Charges", "Defendant", "Niece", "Nephew", "Court"}


def _perpetrators(doc: Doc) -> list[PerpetratorMention]:
    people: list[Person] = doc._.people or []
    victim_keys = {norm_name(n) for n in (doc._.victim_names or [])}
    out: list[PerpetratorMention] = []
    seen: set[str] = set()
    for p in people:
        key = norm_name(p.name)
        if not _is_perpetrator(p) or key in victim_keys or key in seen:
            continue
        if len(p.name.split()) == 1 and not _plausible_single(doc, p):
            continue
        seen.add(key)
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
            )
        )
    return out


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


class CaseExtractor:
    """Rule-based extractor over spaCy's English pipeline (loaded once per instance/process)."""

    version = EXTRACTOR_VERSION

    def __init__(self, nlp: Language | None = None) -> None:
        self.nlp = nlp if nlp is not None else load_pipeline()

    def analyse(self, text: str, publication_country: str | None = None) -> Doc:
        """Run the full pipeline and return the annotated Doc (for debugging and tests)."""
        doc = self.nlp.make_doc(text[:MAX_CHARS])
        doc._.publication_country = publication_country
        for _name, proc in self.nlp.pipeline:
            doc = proc(doc)
        return doc

    def extract_text(
        self,
        text: str,
        *,
        source: str,
        language: str | None = None,
        publication_country: str | None = None,
    ) -> Extraction:
        if language is None:
            from tipwatch.nlp.article import detect_language

            language = detect_language(text)
        if language != "en":
            return Extraction(
                source=source,
                language=language,
                is_case=False,
                case_score=0.0,
                skipped="unsupported_language",
                extractor_version=EXTRACTOR_VERSION,
            )
        if not text.strip():
            return Extraction(
                source=source,
                language=language,
                is_case=False,
                case_score=0.0,
                skipped="no_text",
                extractor_version=EXTRACTOR_VERSION,
            )
        doc = self.analyse(text, publication_country)
        is_case = bool(doc._.is_case)
        charges = _charges(doc)
        return Extraction(
            source=source,
            language=language,
            is_case=is_case,
            case_score=float(doc._.case_score),
            perpetrators=_perpetrators(doc) if is_case else [],
            charges=charges
            if is_case
            else [c for c in charges if c.category is not ChargeCategory.OTHER][:0],
            jurisdiction=_jurisdiction(doc),
            victims_count=doc._.victims_count if is_case else None,
            extractor_version=EXTRACTOR_VERSION,
            redactions=list(doc._.redactions or []),
        )

    def extract_article(self, article: Article) -> Extraction:
        return self.extract_text(
            article.text,
            source=article.canonical_url,
            language=article.language,
            publication_country=article.country_of_publication,
        )
