"""Jurisdiction: where the proceedings happen (country, admin1, city, courts/agencies).

Votes come from the dateline, place names in sentences that report the legal step, courts and
police forces named with a demonym or place, and the outlet's country of publication as a weak
prior. The publication country loses whenever the text places the case elsewhere. Datelines,
court names and demonyms are the language's (`LanguageSupport.jurisdiction` and `.lexicon`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from tipwatch.nlp.components.base import JurisdictionHit, doc_text, headline_span
from tipwatch.nlp.components.zones import LISTED
from tipwatch.nlp.gazetteer import (
    admin1_name,
    country_names,
    lookup_city,
    lookup_country,
    subdivisions,
    us_states,
)
from tipwatch.nlp.lang import LanguageSupport, support_for
from tipwatch.nlp.learned.country import candidate_features, choose_country

_ENTITY_CAP = 8.0
# a text shorter than this is a brief (a headline and a paragraph or two): the learned country
# model weighs its evidence apart
_BRIEF_CHARS = 1200


@Language.factory(
    "tipwatch_jurisdiction",
    requires=["doc.ents", "doc._.prose_mask", "doc._.case_sentences", "doc._.redactions"],
    assigns=["doc._.jurisdiction", "doc._.country_candidates"],
    default_config={"language": "en"},
)
def make_jurisdiction(nlp: Language, name: str, language: str) -> JurisdictionFinder:
    return JurisdictionFinder(support_for(language))


class JurisdictionFinder:
    def __init__(self, lang: LanguageSupport) -> None:
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        doc._.jurisdiction = resolve(self.lang, doc)
        return doc


# A country's name counts for less than a city's (it is as often a nationality's or a route's
# country), but where it is strong evidence (weight 2 or more: a sentence that reports the legal
# step, a dateline, a court's seat, an extradition) it beats the publication country's prior
# (1.5) on its own: a brief names the country once ("Police in Malawi have charged ...") and was
# otherwise placed in the outlet's country.
_COUNTRY_NAME = 0.6
_COUNTRY_NAME_IN_CASE_SENTENCE = 0.8


@lru_cache(maxsize=1)
def _country_name_pattern() -> re.Pattern[str]:
    names = sorted((n for n in country_names() if len(n) > 3), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b", re.I)


def _untagged_country_names(doc: Doc, text: str) -> list[tuple[int, int]]:
    """Capitalised country names no place entity covers, and that are not part of a longer
    entity ("Chad Smith", "Jersey Shore Hospital")."""
    tagged = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    out: list[tuple[int, int]] = []
    for m in _country_name_pattern().finditer(text):
        start, end = m.span()
        if not text[start].isupper():
            continue
        covering = [(s, e, label) for s, e, label in tagged if s < end and start < e]
        if any(label in {"GPE", "LOC", "NORP", "FAC"} for _s, _e, label in covering):
            continue
        if any(s < start or e > end for s, e, _label in covering):
            continue
        out.append((start, end))
    return out


_REGION_WITH_KIND = re.compile(
    r"\b(?P<name>[A-Z][\w'’-]+(?:[ \t][A-Z][\w'’-]+){0,2})[ \t]+(?:[Pp]rovince|[Ss]tate|"
    r"[Dd]istrict|[Rr]egion|[Dd]ivision)\b"
)


def _in_any(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


_REGION_AFTER = re.compile(
    r",\s*(?P<name>[A-Z][\w'-]+(?:[ \t]+[A-Z][\w'-]+){0,2}?)"
    r"(?:[ \t]+(?:State|Province|Region|County|District|Division))?\b"
)


def _region_after(text: str, end: int) -> tuple[str, str] | None:
    """The first-level region named right after a place ("Benin, Edo State"), when only one
    country has a region of that name: (country, region)."""
    m = _REGION_AFTER.match(text, end, min(len(text), end + 60))
    if m is None:
        return None
    subs = subdivisions().get(m.group("name").lower())
    if not subs or len({c for c, _ in subs}) != 1:
        return None
    return subs[0]


def resolve(lang: LanguageSupport, doc: Doc) -> JurisdictionHit:
    rules = lang.jurisdiction
    text = doc_text(doc)
    pub: str | None = doc._.publication_country
    mask = doc._.prose_mask or [2] * len(doc)
    case_sents: list[tuple[int, int]] = doc._.case_sentences or []
    votes: dict[str, float] = defaultdict(float)
    city_votes: dict[tuple[str, str], float] = defaultdict(float)  # (country, city name)
    admin_votes: dict[tuple[str, str], float] = defaultdict(float)
    evidence: dict[str, list[tuple[int, int]]] = {}
    # per country, what voted for it (kind -> weight): the learned model's features
    kinds: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))

    head = headline_span(text)

    # what place entities gave each country so far (`capped` votes)
    entity_votes: dict[str, float] = defaultdict(float)

    def vote(
        code: str, kind: str, weight: float, at: int | None = None, capped: bool = False
    ) -> None:
        if capped and weight > 0:
            # a place entity's vote, capped per country: a route through many towns of one
            # country ("flew them out of Delhi and Mumbai") must not outvote the court's seat
            weight = min(weight, max(0.0, _ENTITY_CAP - entity_votes[code]))
            entity_votes[code] += weight
        votes[code] += weight
        kinds[code][kind] += weight
        if at is not None and head is not None and head[0] <= at < head[1]:
            kinds[code]["headline"] = 1.0  # named in the headline

    if pub:
        vote(pub, "pub", 1.5)
    states = us_states()

    def mask_at(pos: int) -> int:
        span = doc.char_span(pos, pos + 1, alignment_mode="expand")
        return mask[span.start] if span is not None else 2

    dem = lang.lexicon.demonyms
    # a protected person's name is no place ("the child, Amara, 9": not Ethiopia's Amhara)
    redacted: list[tuple[int, int]] = doc._.redactions or []

    def vote_city(name: str, start: int, weight: float, kind: str, capped: bool = False) -> bool:
        if any(s < start + len(name) and start < e for s, e in redacted):
            return False
        st = states.get(name.lower())
        if st is not None and name.lower() not in rules.ambiguous_states:
            vote("US", f"{kind}:state", weight, start, capped)
            admin_votes[("US", st)] += weight
            evidence.setdefault("US", []).append((start, start + len(name)))
            return True
        country = (
            rules.country_names.get(name.lower().strip())
            or lookup_country(name)
            # the abbreviation the gazetteer leaves out for the pronoun's sake ("a US judge")
            or ("US" if name.strip() == "US" else None)
        )
        region = _region_after(text, start + len(name)) if country else None
        if region is not None and region[0] != country:
            # a town named like a country, placed by its region: "Benin, Edo State"
            vote(region[0], f"{kind}:region", weight, start, capped)
            admin_votes[region] += weight
            evidence.setdefault(region[0], []).append((start, start + len(name)))
            return True
        if country:
            factor = _COUNTRY_NAME_IN_CASE_SENTENCE if weight >= 2.0 else _COUNTRY_NAME
            vote(country, f"{kind}:country", weight * factor, start, capped)
            evidence.setdefault(country, []).append((start, start + len(name)))
            return True
        subs = subdivisions().get(name.lower())
        if subs:
            chosen = next((s for s in subs if s[0] == pub), subs[0] if len(subs) == 1 else None)
            if chosen:
                vote(chosen[0], f"{kind}:subdivision", weight * 0.8, start, capped)
                admin_votes[chosen] += weight
                evidence.setdefault(chosen[0], []).append((start, start + len(name)))
                return True
        city = lookup_city(name, prefer=pub)
        if city is not None:
            vote(city.country, f"{kind}:city", weight, start, capped)
            city_votes[(city.country, city.name)] += weight
            evidence.setdefault(city.country, []).append((start, start + len(name)))
            return True
        return False

    # dateline in the first lines of the article
    for m in rules.dateline.finditer(text[:3000]):
        place, region = m.group(1).strip(), (m.group(2) or "").strip()
        if len(place.split()) > 4:
            continue
        if vote_city(place, m.start(1), 4.0, "dateline"):
            if region:
                vote_city(region, m.start(2), 2.0, "dateline")
            break
    colon_lines = list(rules.colon_dateline.finditer(text[:1500]))
    if len(colon_lines) >= 3:
        # a block of "Label : value" lines (a judgment's "Coram :", "Parties :", "Case
        # Number :"), no dateline: a label may be spelt like a town
        colon_lines = []
    for m in colon_lines:
        place = m.group(1).strip()
        if len(place.split()) <= 3 and vote_city(place, m.start(1), 4.0, "dateline"):
            break
    # the court's seat beats the outlet's country (a Nepali court reported from India)
    seats = sorted(
        (m.start(1), m.group(1))
        for rx in rules.court_place
        for m in rx.finditer(text)
        if mask_at(m.start(1)) != LISTED
    )
    # each seat at the offset of its name once the article ("the") is cut off
    seats = [
        (pos + place.find(stripped), stripped)
        for pos, place in seats
        for stripped in [rules.court_seat_article.sub("", place)]
    ]
    for i, (seat, place) in enumerate(seats):
        weight = 8.0 if i == 0 else 2.0
        words = place.split()
        for cand, pos in (
            (place, seat),
            (words[-1], seat + place.rfind(words[-1])),
            (words[0], seat + place.find(words[0])),
        ):
            local = lookup_city(cand, prefer=pub) if pub else None
            if local is not None and local.country == pub:
                # a court town of the outlet's own country beats a same-named region abroad
                vote(pub, "court_seat:local", weight)
                city_votes[(pub, local.name)] += weight
                evidence.setdefault(pub, []).append((pos, pos + len(cand)))
                break
            if vote_city(cand, pos, weight, "court_seat"):
                break
    for ent in doc.ents:
        if ent.label_ not in {"GPE", "LOC", "FAC", "NORP"} or mask[ent.start] == LISTED:
            continue
        in_case = _in_any(ent.start_char, case_sents)
        weight = 2.0 if in_case else 0.6
        prev = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        kind = "entity_case" if in_case else "entity"
        if prev in rules.route_words:
            weight *= 0.35
            kind = "route"
        nxt = doc[ent.end].lower_ if ent.end < len(doc) else ""
        if nxt in rules.possessives or ent.text.endswith(rules.possessives):
            # "Moscow's war", "Kenya's record": the place as an actor, not where the case is
            weight *= 0.35
            kind = "possessive"
        name = ent.text.strip()
        if name.lower().startswith(rules.article_prefix):
            name = name[len(rules.article_prefix) :]
        if ent.label_ == "NORP":
            code = dem.get(name.lower())
            if code and doc[ent.end : ent.end + 1].text.lower() in rules.authority_words:
                vote(code, "norp_authority", 2.5)
                evidence.setdefault(code, []).append((ent.start_char, ent.end_char))
            continue
        vote_city(name, ent.start_char, weight, kind, capped=True)
    # a country's name the small model did not tag as a place ("Police in Malawi have
    # charged": Malawi tagged PERSON), counted as an entity would be
    for start, end in _untagged_country_names(doc, text):
        if mask_at(start) == LISTED:
            continue
        in_case = _in_any(start, case_sents)
        vote_city(
            text[start:end],
            start,
            2.0 if in_case else 0.6,
            "entity_case" if in_case else "entity",
            capped=True,
        )
    # a region named with its kind ("police in Nghe An province"), which the small model
    # seldom tags when the name is foreign to it: counted as a place entity would be
    for m in _REGION_WITH_KIND.finditer(text):
        name = m.group("name")
        subs = subdivisions().get(name.lower())
        if not subs or mask_at(m.start()) == LISTED:
            continue
        if any(
            e.label_ in {"GPE", "LOC"} and e.start_char <= m.start() < e.end_char for e in doc.ents
        ):
            continue  # voted as an entity already
        in_case = _in_any(m.start(), case_sents)
        vote_city(
            name,
            m.start("name"),
            2.0 if in_case else 0.6,
            "entity_case" if in_case else "entity",
            capped=True,
        )
    # extradition takes the accused to the prosecuting country: "extradited from Thailand",
    # "eligible for extradition to Australia"
    for m in rules.extradited_to.finditer(text):
        if mask_at(m.start()) != LISTED:
            vote_city(m.group(1), m.start(1), 3.0, "extradited_to")
    for m in rules.extradited_from.finditer(text):
        code = rules.country_names.get(m.group(1).lower()) or lookup_country(m.group(1))
        if code and mask_at(m.start()) != LISTED:
            vote(code, "extradited_from", -1.5)
    for rx, code in rules.court_country:
        n = len(rx.findall(text))
        if n:
            vote(code, "court_country", min(n, 3) * 1.0)
    for m in rules.demonym_auth.finditer(text):
        code = dem.get(m.group(1).lower()) or lookup_country(m.group(1))
        if code:
            in_case = _in_any(m.start(), case_sents)
            vote(code, "demonym_auth_case" if in_case else "demonym_auth", 1.5 if in_case else 0.7)
    hit = JurisdictionHit()
    if not votes:
        return hit
    brief = len(text) < _BRIEF_CHARS
    candidates = {code: candidate_features(code, votes, kinds, pub, brief) for code in votes}
    doc._.country_candidates = candidates
    country = choose_country(candidates)
    hit.country = country
    hit.evidence = evidence.get(country, [])[:5]
    cities = [
        (n, v) for (c, n), v in sorted(city_votes.items(), key=lambda kv: -kv[1]) if c == country
    ]
    admins = [
        (n, v) for (c, n), v in sorted(admin_votes.items(), key=lambda kv: -kv[1]) if c == country
    ]
    if cities:
        hit.city = cities[0][0]
        city = lookup_city(hit.city, prefer=country)
        if city is not None:
            hit.admin1 = admin1_name(city)
    if hit.admin1 is None and admins:
        hit.admin1 = admins[0][0]
    orgs: list[str] = []
    for ent in doc.ents:
        if (
            ent.label_ in {"ORG", "FAC"}
            and mask[ent.start] != LISTED
            and rules.org_keywords.search(ent.text)
            and not any(s < ent.end_char and ent.start_char < e for s, e in redacted)
        ):
            name = rules.org_article.sub("", ent.text.strip())
            if name not in orgs and len(name) < 80 and "\n" not in name:
                orgs.append(name)
    hit.court_or_agency = orgs[:6]
    return hit
