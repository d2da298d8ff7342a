"""English cues for victims: how reporters count them and introduce protected people."""

from __future__ import annotations

import re

from tipwatch.nlp.lang.en.lexicon import NUMBER_WORDS
from tipwatch.nlp.lang.rules import RoleCue, VictimRules

_COUNT = re.compile(
    r"\b(\d{1,5}|" + "|".join(NUMBER_WORDS) + r")\s+(?:\w+\s+){0,2}?"
    r"(?:victims|survivors|women and girls|women|girls|children|minors|boys|workers|migrants|"
    r"people|persons|men)\b(?=[^.]{0,80}\b(?:rescued|trafficked|freed|exploited|victims?|"
    r"smuggled|forced|recovered|identified)\b)",
    re.I,
)
_COUNT_VICTIMS = re.compile(
    r"\b(\d{1,5}|" + "|".join(NUMBER_WORDS) + r")\s+(?:\w+\s+){0,2}?(?:victims|survivors)\b", re.I
)

# family ties: masked too, unless the text links the person to a legal step of their own
FAMILY_ROLES = {"daughter", "son", "niece", "nephew", "mother", "father", "sister", "brother"}

_NAME_WORD = r"(?:[A-Z][a-z\u00e0-\u00ff]+(?:[-'’][A-Za-z\u00e0-\u00ff]+)*|[A-Z]\.)"
_NAME = rf"(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}})"
_Q = r"[\"'“‘]?"
# cues that introduce a protected person's (often substitute) name: always protective
_CUE_ALWAYS = re.compile(
    r"\b(?:identified\s+(?:\w+\s+){0,5}?only\s+as|"
    r"(?:referred\s+to|known|named|described|called)\s+(?:\w+\s+){0,5}?only\s+as|"
    r"referred\s+to\s+(?:\w+\s+){0,5}?as|"
    r"testif(?:ied|ying|ies)\s+(?:\w+\s+){0,3}?(?:as|under\s+the\s+(?:name|pseudonym))|"
    r"(?:gave|gives|give|giving)\s+(?:her|his|their)\s+(?:first\s+)?names?\s+(?:only\s+)?as|"
    r"under\s+the\s+pseudonym|given\s+the\s+pseudonym|(?:a|the)\s+pseudonym|"
    r"whom\s+(?:we|the\s+\w+)\s+(?:are\s+)?call(?:ing)?)\s+" + _Q + _NAME
)
# "identified/named as X": protective when the nearest role word before it is a victim word
_CUE_CONTEXT = re.compile(
    r"\b(?:identified|named|listed|described)\s+(?:\w+\s+){0,5}?as\s+" + _Q + _NAME
)
_AFTER_NAME = re.compile(
    r"(?<![\w.])" + _NAME + r"[\"'”’]?\s*(?:\(|,\s*)(?:not\s+(?:her|his|their)\s+real\s+names?|"
    r"names?\s+(?:has\s+been\s+|have\s+been\s+|was\s+|were\s+)?changed|a\s+pseudonym|"
    r"pseudonym|whose\s+names?\s+(?:has|have)\s+been\s+changed)"
)
_VICTIM_WORDS = re.compile(
    r"\b(?:victims?|survivors?|rescued|complainants?|accusers?|witness(?:es)?|girls?|boys?|"
    r"child(?:ren)?|"
    r"minors?|teenagers?|teens?|daughters?|sons?|donors?|women|mothers?|neighbou?rs?|"
    r"workers|migrants|recruits|trafficked|exploited|abused)\b",
    re.I,
)
_ACCUSED_WORDS = re.compile(
    r"\b(?:suspects?|accused|defendants?|traffickers?|smugglers?|arrested|charged|convicted|"
    r"sentenced|jailed|detained|recruiters?|agents?|owners?|ringleaders?|perpetrators?|"
    r"offenders?|wanted|fugitives?|man\s+held|arraigned|convicts?|culprits?|detainees?|"
    r"appellants?|absconding|chargesheeted|booked)\b",
    re.I,
)

# Role cues: a protected person introduced by role, whatever the NER saw (issue 14, E1).
# A name word: letters of any script, inner hyphen or apostrophe ("Thi", "N'Dri", "Al-Amin").
_CUE_WORD = r"[^\W\d_]+(?:[-'’][^\W\d_]+)*"
_CUE_NAME = rf"(?P<name>{_CUE_WORD}(?:[ \t]+{_CUE_WORD}){{0,3}})"
# roles that protect a person whatever the text says next ("woman", "man" do not: the accused
# are introduced the same way)
_CUE_ROLE = (
    r"(?P<role>victims?|survivors?|complainants?|accusers?|witness(?:es)?|girls?|boys?|"
    r"child(?:ren)?|"
    r"minors?|teen(?:ager)?s?|schoolgirls?|schoolboys?|youngsters?|juveniles?)(?![\w'’])"
)
_MINOR_AGE = r"(?:1[0-7]|[1-9])"
# ", 15," / ", aged 15," / " (15)": an age, closed by punctuation or "and"/"years"
_CUE_AGE = (
    r"(?:[ \t]*,[ \t]*(?:aged[ \t]+)?(?P<age>\d{1,2})(?![\w.,]?\d)"
    r"(?=[ \t]*(?:[,.;:)]|and\b|years?\b))|"
    r"[ \t]*\([ \t]*(?:aged[ \t]+)?(?P<age_p>\d{1,2})[ \t]*\))"
)
_CUE_CLOSE = r"(?=[ \t]*(?:[,;:)]|[.!?](?:\s|$)|[-–—][ \t]|$))"
# words between an article and the role ("a 15-year-old Thai victim"): no preposition, so
# "a trafficker of children" is no cue
_CUE_ADJ = r"(?:(?!(?:of|for|to|with|and|or|by|from|in|on|at|who|which|whose)\b)[\w'’-]+[ \t]+)"
# what may follow the role in "X, a victim ...": punctuation or a word that continues an
# apposition ("of", "who", "was"), not a noun ("a child trafficker", "a victim support worker")
_CUE_ROLE_END = (
    r"(?=[ \t]*(?:[,.;:)!?\n]|$)|[ \t]+(?:of|in|at|from|for|to|who|whom|whose|and|now|"
    r"when|herself|himself|aged)\b)"
)
_LEAD = r"(?<![\w'’.-])"
_ROLE_CUES = (
    # "the victim, Maria, 15," / "the victim, bui thi lan, 15" / "survivor Thandiwe, 19,"
    RoleCue(
        re.compile(rf"\b{_CUE_ROLE}[ \t]*,[ \t]*{_CUE_NAME}{_CUE_AGE}", re.I),
        name_before=False,
        lower_ok=True,
        bounded=True,
    ),
    RoleCue(re.compile(rf"\b{_CUE_ROLE}[ \t]+{_CUE_NAME}{_CUE_AGE}", re.I), name_before=False),
    # "the victim, Maria, told" / "the witness, Lwazi." (the apposition closes)
    RoleCue(
        re.compile(rf"\b{_CUE_ROLE}[ \t]*,[ \t]*{_CUE_NAME}{_CUE_CLOSE}", re.I),
        name_before=False,
        lower_ok=True,
        bounded=True,
    ),
    # "Aisha, a victim of ...", "Nguyen, 16, a survivor", "Linh, one of the girls,"
    RoleCue(
        re.compile(
            rf"{_LEAD}{_CUE_NAME}(?:{_CUE_AGE})?[ \t]*,[ \t]*"
            rf"(?:a|an|the|one[ \t]+of[ \t]+the|another|herself[ \t]+a|himself[ \t]+a)[ \t]+"
            rf"{_CUE_ADJ}{{0,3}}?{_CUE_ROLE}{_CUE_ROLE_END}",
            re.I,
        ),
        name_before=True,
        lower_ok=True,
    ),
    # "Maria, 15, was rescued", "Chipo, 13, who had been trafficked" (a minor's age)
    RoleCue(
        re.compile(
            rf"{_LEAD}{_CUE_NAME}[ \t]*(?:,[ \t]*(?:aged[ \t]+)?{_MINOR_AGE}|"
            rf"\([ \t]*{_MINOR_AGE}[ \t]*\))[ \t]*,?[ \t]*(?:who[ \t]+)?"
            r"(?:was|were|had[ \t]+been|has[ \t]+been|is)[ \t]+(?:\w+ly[ \t]+)?"
            r"(?:rescued|trafficked|sold|abducted|kidnapped|exploited|abused|raped|groomed|"
            r"enslaved)\b",
            re.I,
        ),
        name_before=True,
        lower_ok=True,
    ),
    # "a minor identified as Chipo", "the girl, who was known as Lan", "a 14-year-old girl
    # referred to as X"
    RoleCue(
        re.compile(
            rf"\b(?:{_MINOR_AGE}-year-old[ \t]+)?{_CUE_ROLE}[ \t]*,?[ \t]*"
            r"(?:(?:who|whom)[ \t]+(?:was|is|has[ \t]+been|had[ \t]+been)[ \t]+)?"
            r"(?:identified|named|known|referred[ \t]+to|described|listed)[ \t]+"
            rf"(?:(?:only|simply)[ \t]+)?as[ \t]+[\"'“‘]?{_CUE_NAME}",
            re.I,
        ),
        name_before=False,
        lower_ok=True,
    ),
    # "a girl named Bui Thi Lan", "a 15-year-old boy called Sipho" (an indefinite article:
    # "the victim named X" may be the victim naming the accused)
    RoleCue(
        re.compile(
            rf"\b(?:a|an|one)[ \t]+{_CUE_ADJ}{{0,2}}?"
            rf"(?:{_MINOR_AGE}-year-old[ \t]+)?{_CUE_ROLE}[ \t]*,?[ \t]*"
            rf"(?:named|called|nicknamed)[ \t]+[\"'“‘]?{_CUE_NAME}",
            re.I,
        ),
        name_before=False,
        lower_ok=True,
    ),
    # "farida (not her real name)" in lower-case text (capitalised names: `after_name`)
    RoleCue(
        re.compile(
            rf"{_LEAD}(?P<name>{_CUE_WORD})[\"'”’]?[ \t]*\([ \t]*(?:not[ \t]+(?:her|his|their)"
            r"[ \t]+real[ \t]+names?|names?[ \t]+(?:has[ \t]+been[ \t]+)?changed|"
            r"a[ \t]+pseudonym|pseudonym)",
            re.I,
        ),
        name_before=True,
        lower_ok=True,
        bounded=True,
    ),
)
# never a name in a cue (beside the people rules' non-name words and the model's stop words)
_CUE_NOT_NAMES = {
    "aged",
    "age",
    "ages",
    "said",
    "says",
    "told",
    "including",
    "later",
    "today",
    "yesterday",
    "tonight",
    "earlier",
    "aunt",
    "uncle",
    "mother",
    "father",
    "mum",
    "dad",
    "sister",
    "brother",
    "daughter",
    "son",
    "cousin",
    "wife",
    "husband",
    "friend",
    "girlfriend",
    "boyfriend",
    "victim",
    "survivor",
    "accuser",
    "witness",
    "girl",
    "boy",
    "child",
    "minor",
    "teenager",
    "man",
    "woman",
    "men",
    "women",
    "people",
    "persons",
    "person",
    "family",
    "parents",
    "relatives",
    "year",
    "years",
    "old",
}

_SKIP_TOKENS = {"the", "and", "of", "ma", "mr", "mrs", "ms", "miss", "dr", "st", "jr", "sr"}


VICTIMS = VictimRules(
    count=_COUNT,
    count_victims=_COUNT_VICTIMS,
    family_roles=frozenset(FAMILY_ROLES),
    cue_always=_CUE_ALWAYS,
    cue_context=_CUE_CONTEXT,
    after_name=_AFTER_NAME,
    victim_words=_VICTIM_WORDS,
    accused_words=_ACCUSED_WORDS,
    skip_tokens=frozenset(_SKIP_TOKENS),
    # "victim Jane Roe", "the victim, Jane Roe, said"
    role_before=re.compile(
        r"\b(?:victims?|survivors?|complainants?|accusers?|witness|girl|boy|daughter|minor)"
        r"[ \t]*(,?)[ \t]*\Z",
        re.I,
    ),
    # after a comma-introduced role: the apposition closes ("the victim, Roe, said")
    apposition_tail=re.compile(r"^\s*(?:[,;:)(]|$|\.\s)"),
    # "Jane Roe, a victim", "Jane Roe, 16, one of the victims"
    role_after=re.compile(
        r"^\s*(?:,\s*(?:\d{1,2}\s*,\s*)?)(?:a|an|the|one of the)\s+(?:\w+\s+){0,2}?"
        r"(?:victims?|survivors?|complainant|accusers?|witness|girl|boy)\b",
        re.I,
    ),
    testify_lemmas=frozenset({"testify", "depose"}),
    role_cues=_ROLE_CUES,
    cue_not_names=frozenset(_CUE_NOT_NAMES),
    cue_reject_after=re.compile(r"^[\"'”’]?[ \t]+as\b", re.I),
    cue_joiners=frozenset({"and", "&"}),
    # "Other victims included A, 29, B, and C", "among the survivors were A and B", "her
    # accusers, including A": the verb names the members, so the list is of protected people
    victim_list=re.compile(
        r"\b(?:(?:victims|survivors|complainants|accusers|witnesses)[ \t]*,?[ \t]+"
        r"(?:who[ \t]+)?(?:included|include|including|such[ \t]+as|were[ \t]+named[ \t]+as)"
        r"|among[ \t]+(?:the|his|her|their)[ \t]+(?:\w+[ \t]+)?"
        r"(?:victims|survivors|complainants|accusers|witnesses)[ \t]+(?:were|are|was|is))"
        r"[ \t]*:?[ \t]+(?P<list>[^.;!?\n]+)",
        re.I,
    ),
)
