"""Is this text a report of a human-trafficking case against people?

Evidence is read only from article prose (zones): a legal step (arrest, charge, trial,
conviction, sentence, acquittal, warrant) in the same or the next sentence as a
human-trafficking or migrant-smuggling term; failing that, a weaker link when the step and the
term share a paragraph, or when the title/standfirst names the trafficking topic and the body
reports a step taken (blog-style pieces that paraphrase across sentences). Drug, arms and
wildlife "trafficking", road traffic, awareness and policy pieces and menus/related-posts lists
are distractors.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Mapping

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from tipwatch.nlp.components.base import ChargeHit, Person, doc_text, headline_span
from tipwatch.nlp.components.charges import not_an_offence
from tipwatch.nlp.components.trade import trade_objects
from tipwatch.nlp.components.zones import PROSE
from tipwatch.nlp.lang import LanguageSupport, support_for
from tipwatch.nlp.lang.rules import CaseRules
from tipwatch.nlp.learned.linear import LinearModel
from tipwatch.nlp.models import MODELS
from tipwatch.records import ChargeCategory

# the default share of case probability above which a text counts as a case report
# (`Settings.case_threshold` overrides it through the pipeline's component config)
DEFAULT_THRESHOLD = 0.5


def _took_step(rules: CaseRules, sentence: str) -> bool:
    """A legal step reported as taken ("will not be arrested" is not one)."""
    return any(
        not rules.not_taken.search(sentence[max(0, m.start() - 30) : m.start()])
        for m in rules.step_words.finditer(sentence)
    )


_LINK_WEIGHT = 1.3


# how many sentences back a step worded as part of a told case looks for its trafficking term
_ANAPHORA_REACH = 6


def _refers_back(rules: CaseRules, text: str, ht_flags: list[bool], i: int) -> bool:
    """A legal step worded as part of a case told before ("Police have arrested X in this
    connection", "were arrested on charges of being involved in the crime"), with a trafficking
    term in one of the sentences before it."""
    if rules.case_anaphora is None or not rules.case_anaphora.search(text):
        return False
    return any(ht_flags[max(0, i - _ANAPHORA_REACH) : i])


def _join_enumerations(rules: CaseRules, sents: list[SpacySpan], para_of: list[int]) -> None:
    """The enumerated items a colon opens ("you pleaded guilty to:-" over "(a) ...", "(c)
    Trafficking within the United Kingdom ...", "was charged with three counts:" over "Count
    1: Trafficking in persons ... Particulars being that ...") belong to the opening line's
    paragraph: a judgment or an indictment lists one count a line (or a paragraph), each
    ending with a stop, its particulars in sentences of their own on the item's line."""
    if rules.list_item is None or rules.list_opener is None or not sents:
        return
    text = doc_text(sents[0].doc)
    open_list = joined = False
    for i, s in enumerate(sents):
        item = bool(rules.list_item.match(s.text))
        line_start = i == 0 or "\n" in text[sents[i - 1].end_char - 1 : s.start_char + 1]
        if i > 0 and open_list and (item or (joined and not line_start)):
            para_of[i] = para_of[i - 1]
            joined = True
        elif not item and line_start:
            open_list = joined = False
        if rules.list_opener.search(s.text):
            open_list = True


def _beside_trade(
    rules: CaseRules, text: str, m: re.Match[str], goods: frozenset[int] = frozenset(), at: int = 0
) -> bool:
    """Is a generic "trafficking" word beside a drug, arms or wildlife word, or is what it
    trafficks goods by the parse (`trade_objects`; `at` is the text's offset in the doc)?"""
    return at + m.start() in goods or bool(
        rules.distractor.search(text[max(0, m.start() - 40) : m.end() + 30])
    )


def _trade_before(rules: CaseRules, text: str, m: re.Match[str]) -> bool:
    """Is a human-trafficking term preceded by a drug, arms or wildlife word ("drug
    smugglers", "cigarettes smuggled into")?"""
    return bool(rules.distractor.search(text[max(0, m.start() - 25) : m.start()]))


def _ht_in(rules: CaseRules, text: str, goods: frozenset[int] = frozenset(), at: int = 0) -> bool:
    if any(
        not _trade_before(rules, text, m) and not _bare_goods(rules, m, goods, at)
        for m in rules.ht_term.finditer(text)
    ):
        return True
    return any(
        not _beside_trade(rules, text, m, goods, at)
        for m in rules.generic_trafficking.finditer(text)
    )


def _bare_goods(rules: CaseRules, m: re.Match[str], goods: frozenset[int], at: int) -> bool:
    """A trafficking term that names no trade ("traffickers", "smuggling ring") whose object
    the parse reads as goods ("traffickers of ivory")."""
    return (
        at + m.start() in goods
        and rules.bare_term is not None
        and rules.bare_term.fullmatch(m.group(0)) is not None
    )


def _topic_lines(text: str, rules: CaseRules) -> list[tuple[int, str]]:
    """The title and standfirst, each with its offset: the first line, front-matter and
    JSON-LD topic lines."""
    head = headline_span(text)
    out = [(head[0], text[head[0] : head[1]])] if head else [(0, "")]
    pos = 0
    for line in text.splitlines(keepends=True):
        if rules.topic_line.match(line):
            out.append((pos, line.rstrip("\r\n")))
        pos += len(line)
    return out


def topic_is_trafficking(rules: CaseRules, text: str, goods: frozenset[int] = frozenset()) -> bool:
    """Does the title or standfirst (first line, front matter, JSON-LD headline) name a
    human-trafficking or smuggling topic?"""
    return any(_ht_in(rules, ln, goods, at) for at, ln in _topic_lines(text, rules))


def _topic_is_other_trade(rules: CaseRules, text: str, goods: frozenset[int] = frozenset()) -> bool:
    """Does the title or standfirst name trafficking in something else (drugs, arms,
    wildlife, goods by the parse)? The caller checks it names no human trafficking."""
    return any(
        any(_beside_trade(rules, ln, m, goods, at) for m in rules.generic_trafficking.finditer(ln))
        or any(_bare_goods(rules, m, goods, at) for m in rules.ht_term.finditer(ln))
        for at, ln in _topic_lines(text, rules)
    )


def _only_other_trades(rules: CaseRules, text: str, goods: frozenset[int]) -> bool:
    """Does the text name trafficking in another trade (drugs, arms, wildlife, goods by the
    parse) and no human trafficking but bare terms ("traffickers", "smuggling ring")?"""
    assert rules.bare_term is not None
    # (or drugs, arms or wildlife named twice: "a suspected drug dealer ... 2.55kg of cocaine
    # ... hidden by a trafficker")
    other = (
        bool(goods)
        or any(
            _beside_trade(rules, text, m, goods) for m in rules.generic_trafficking.finditer(text)
        )
        or len(rules.distractor.findall(text)) >= 2
    )
    if not other:
        return False
    for m in rules.ht_term.finditer(text):
        if rules.bare_term.fullmatch(m.group(0)):
            continue
        if not _trade_before(rules, text, m):
            return False
    return True


def case_features(
    *,
    strong: int,
    n_case_sents: int,
    n_accused: int,
    n_charges: int,
    n_ht: int,
    n_dis: int,
    n_policy: int,
    near_event: int,
    linked: bool,
    topic: bool,
    n_trafficking_charges: int,
    n_sents: int,
) -> dict[str, float]:
    """The case decision's features: counts of the evidence the rules find, capped, and the
    indicators of how a legal step and a trafficking term are linked."""
    no_event = not near_event
    return {
        "strong_links": min(strong, 3),
        "weak_case_sentences": min(max(n_case_sents - strong, 0), 3),
        "accused": float(n_accused > 0),
        "accused_count": min(n_accused, 5),
        "charges": float(n_charges > 0),
        "trafficking_charges": min(n_trafficking_charges, 4),
        "trafficking_terms": min(n_ht, 6),
        "distractor_terms": min(n_dis, 6),
        "policy_terms_no_accused": min(n_policy, 6) if not n_accused else 0.0,
        "policy_terms": min(n_policy, 6),
        "linked_no_event": float(no_event and linked),
        "unlinked_no_event": float(no_event and not linked),
        "no_trafficking_term": float(n_ht == 0),
        "no_case_sentence_unlinked": float(not n_case_sents and not linked),
        "topic_in_title": float(topic),
        "short_text": float(n_sents <= 6),
    }


# The hand-set weights of rules-2025.11 (the model used when no trained one is shipped).
HAND_MODEL = LinearModel(
    name="case-hand",
    bias=-2.2,
    weights={
        "strong_links": 1.3,
        "weak_case_sentences": 0.4,
        "accused": 0.6,
        "charges": 0.5,
        "trafficking_terms": 0.25,
        "distractor_terms": -0.5,
        "policy_terms_no_accused": -0.35,
        "linked_no_event": _LINK_WEIGHT,
        "unlinked_no_event": -1.5,
        "no_trafficking_term": -3.0,
        "no_case_sentence_unlinked": -2.0,
    },
)


def case_model() -> LinearModel:
    """The trained model shipped in `nlp/models/case.json`, else the hand-set one."""
    path = MODELS / "case.json"
    return LinearModel.load(path) if path.is_file() else HAND_MODEL


def brief_model() -> LinearModel | None:
    """The trained model for briefs shipped in `nlp/models/case_brief.json`, if any."""
    path = MODELS / "case_brief.json"
    return LinearModel.load(path) if path.is_file() else None


def is_brief(features: Mapping[str, float]) -> bool:
    """A brief: a short text (a feed entry, a headline and a paragraph or two) that names a
    trafficking term. The hand weights were set on full articles, where a legal step and the
    trafficking term meet in the body; a brief states its case in the headline and has little
    body to link them in, so it gets its own model when one is shipped. A text with no
    trafficking term is never a brief, so it keeps the rules' score (at most ~0.0005), which the
    relevance filter (`nlp/relevance.py`) relies on."""
    return bool(features.get("short_text")) and not features.get("no_trafficking_term")


def case_digest() -> str:
    """What of the case decision's weights goes into the extractor version: the case model's
    digest, combined with the brief model's when one is shipped (8 hex digits either way)."""
    case, brief = case_model(), brief_model()
    if brief is None:
        return case.digest
    return hashlib.sha256(f"{case.digest}+{brief.digest}".encode()).hexdigest()[:8]


@Language.factory(
    "tipwatch_case",
    requires=["doc._.prose_mask", "doc._.people", "doc._.charges"],
    assigns=["doc._.is_case", "doc._.case_score", "doc._.case_sentences"],
    default_config={"threshold": DEFAULT_THRESHOLD, "language": "en"},
)
def make_case(nlp: Language, name: str, threshold: float, language: str) -> CaseClassifier:
    return CaseClassifier(support_for(language), threshold)


class CaseClassifier:
    def __init__(
        self,
        lang: LanguageSupport,
        threshold: float,
        model: LinearModel | None = None,
        brief: LinearModel | None = None,
    ) -> None:
        self.lang = lang
        self.threshold = threshold
        self.model = model or case_model()
        self.brief = brief if brief is not None else brief_model()

    def __call__(self, doc: Doc) -> Doc:
        rules = self.lang.case
        charge_rules = self.lang.charges
        mask = doc._.prose_mask or [PROSE] * len(doc)
        # the headline is evidence too: a feed entry or brief states the case in it ("X found
        # guilty in sex trafficking trial") and its one sentence of body may not repeat it
        head = headline_span(doc_text(doc))
        headline = doc.char_span(head[0], head[1], alignment_mode="contract") if head else None
        sents = [s for s in doc.sents if sum(mask[t.i] == PROSE for t in s) * 2 >= len(s)]
        if (
            headline is not None
            and len(headline)
            and not any(s.start < headline.end and headline.start < s.end for s in sents)
        ):
            sents.insert(0, headline)
        ht_flags: list[bool] = []
        legal_flags: list[bool] = []
        event_flags: list[bool] = []
        charge_hits: list[ChargeHit] = doc._.charges or []
        n_ht = n_dis = n_policy = 0
        # trafficking words whose object is goods ("trafficking American eels")
        goods = trade_objects(rules, doc, self.lang.lexicon.demonyms)
        topic = topic_is_trafficking(rules, doc_text(doc), goods)
        other_trade = not topic and _topic_is_other_trade(rules, doc_text(doc), goods)
        if rules.bare_term is not None and _only_other_trades(rules, doc_text(doc), goods):
            # "traffickers charged" over a body about smuggling fentanyl: the only trade the
            # text names is another one, so its bare "traffickers" is that trade's
            topic = False
            other_trade = True
        for s in sents:
            text = s.text
            at = s.start_char
            ht: list[re.Match[str]] = []
            for m in rules.ht_term.finditer(text):
                if _trade_before(rules, text, m) or not_an_offence(
                    charge_rules, text, m.start(), m.end()
                ):
                    continue
                if _bare_goods(rules, m, goods, at):
                    n_dis += 1  # a word that names no trade, whose object is goods: that trade's
                else:
                    ht.append(m)
            generic = [
                m
                for m in rules.generic_trafficking.finditer(text)
                if not _beside_trade(rules, text, m, goods, at)
                and not not_an_offence(charge_rules, text, m.start(), m.end())
            ]
            if other_trade and rules.bare_term is not None:
                # "operating as a major trafficker" under "Heroin Trafficking Ring": a word that
                # names no trade is the title's, counted as a distractor
                bare = [m for m in ht if rules.bare_term.fullmatch(m.group(0))]
                ht = [m for m in ht if m not in bare]
                n_dis += len(bare) + len(generic)
                generic = []
            dis = [
                m
                for m in rules.generic_trafficking.finditer(text)
                if _beside_trade(rules, text, m, goods, at)
            ]
            statute = [
                c
                for c in charge_hits
                if c.category is not ChargeCategory.OTHER and s.start_char <= c.span[0] < s.end_char
            ]
            n_ht += len(ht) + len(generic) + len(statute)
            n_dis += len(dis)
            ht_flags.append(bool(ht or generic or statute))
            legal_flags.append(bool(rules.legal_words.search(text)))
            event_flags.append(bool(rules.event_words.search(text)))
            n_policy += len(rules.policy.findall(text))
        case_sents: list[tuple[int, int]] = []
        for i, s in enumerate(sents):
            if legal_flags[i] and (
                ht_flags[i]
                or (i > 0 and ht_flags[i - 1])
                or (i + 1 < len(sents) and ht_flags[i + 1])
                or _refers_back(rules, s.text, ht_flags, i)
            ):
                case_sents.append((s.start_char, s.end_char))
        strong = sum(1 for ev, ht in zip(event_flags, ht_flags, strict=True) if ev and ht)
        near_event = sum(
            1
            for i, ev in enumerate(event_flags)
            if ev
            and (
                ht_flags[i]
                or (i > 0 and ht_flags[i - 1])
                or (i + 1 < len(sents) and ht_flags[i + 1])
            )
        )
        # paragraph-level and document-level links: the trafficking term and the legal step in
        # the same paragraph, or the title/standfirst naming the topic and the body the step
        breaks = [m.end() for m in rules.para_break.finditer(doc_text(doc))]
        para_of = [bisect.bisect_right(breaks, s.start_char) for s in sents]
        _join_enumerations(rules, sents, para_of)
        ht_paras = {para_of[i] for i, ht in enumerate(ht_flags) if ht}
        steps = [_took_step(rules, s.text) for s in sents]
        para_event = sum(1 for i, st in enumerate(steps) if st and para_of[i] in ht_paras)
        doc_link = any(steps) and n_dis == 0 and topic
        linked = bool(para_event or doc_link)
        people: list[Person] = doc._.people or []
        accused = [p for p in people if p.status is not None and p.role in {None, "accused"}]
        charges: list[ChargeHit] = doc._.charges or []
        features = case_features(
            strong=strong,
            n_case_sents=len(case_sents),
            n_accused=len(accused),
            n_charges=len(charges),
            n_ht=n_ht,
            n_dis=n_dis,
            n_policy=n_policy,
            near_event=near_event,
            linked=linked,
            topic=topic,
            n_trafficking_charges=sum(c.category is not ChargeCategory.OTHER for c in charges),
            n_sents=len(sents),
        )
        # the rules' own judgement, as the learned model's starting point
        features["rules_logit"] = HAND_MODEL.logit(features)
        doc._.case_features = features
        model = self.brief if self.brief is not None and is_brief(features) else self.model
        score = model.probability(features)
        doc._.case_score = score
        doc._.is_case = score >= self.threshold
        doc._.case_sentences = case_sents
        return doc
