"""How a person's name is analysed and keyed: the rule that the store's screening keys and the
screening matcher share.

A name is analysed once into tokens (`rigour.names.analyze_names`: honorifics removed, tokens
casefolded, transliterated to ASCII, metaphone, and Wikidata name symbols that tie spellings of
one name together across scripts and romanisations, as yente does), each with a transliteration
skeleton and tipwatch's romanisation groups. `blocking_keys` gives the keys a store or search
index uses to find candidates before scoring them (`tipwatch.screening.names.name_score`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from normality import ascii_text
from rigour.names import NameTypeTag, analyze_names
from rigour.names.symbol import SymbolCategory
from rigour.text.phonetics import metaphone

# Romanisation groups that name symbols miss (abbreviations and common spellings). Each line is
# one name written several ways in English-language news; extend with care: a wrong group merges
# two different people's names.
ROMANISATION_GROUPS: tuple[frozenset[str], ...] = tuple(
    frozenset(line.split())
    for line in (
        "muhammad mohammed mohammad mohamed muhammed mohamad mohammod mohd md muhamad mahomed",
        "ahmed ahmad ahmet ahamed",
        "hussain hussein husain hossain husein hossein hosain",
        "abdul abdel abdoul abd",
        "yusuf yousef youssef yusef yousuf yousif yussuf",
        "ibrahim ebrahim ibrahima",
        "chaudhary chaudhry choudhary chowdhury choudhury chaudhari",
        "srivastava shrivastava",
        "mustafa mostafa moustafa mustapha",
        "osman usman uthman othman",
        "oleksandr aleksandr alexander aleksander alexandr",
        "sergei sergey serhiy serhii",
        "yuri yury yuriy iouri",
        "dmitri dmitry dmytro",
        "mikhail mykhailo michail",
    )
)
_GROUP_OF: dict[str, int] = {
    token: number for number, group in enumerate(ROMANISATION_GROUPS) for token in group
}
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


# Spelling differences that transliteration into and out of other scripts introduces
# (Джоши -> dzhoshi for Joshi, Иер -> ier for Iyer, Уалид -> ualid for Walid): compared on a
# skeleton where these collapse.
_SKELETON_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"dzh|dj"), "j"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck|c(?=[aou])|q"), "k"),
    (re.compile(r"w"), "v"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"y"), "i"),
    (re.compile(r"(?<=[bcdfgjklmnprstvz])h"), ""),
    (re.compile(r"([a-z])\1+"), r"\1"),
    (re.compile(r"ee"), "i"),
)


def skeleton(form: str) -> str:
    out = form
    for pattern, repl in _SKELETON_RULES:
        out = pattern.sub(repl, out)
    return out


@dataclass(frozen=True)
class Token:
    """One part of a name: its ASCII form, transliteration skeleton, metaphone and symbols."""

    form: str
    phonetic: str
    symbols: frozenset[str]
    skeleton: str = ""

    @property
    def is_initial(self) -> bool:
        return len(self.form) == 1


@dataclass(frozen=True)
class AnalysedName:
    original: str
    tokens: tuple[Token, ...]

    @property
    def comparable(self) -> str:
        return " ".join(t.form for t in self.tokens)


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("", folded.casefold())


@lru_cache(maxsize=200_000)
def analyse(name: str) -> AnalysedName:
    """Analyse a person's name ("KUMAR, Ramesh", "Dr. Nguyễn Văn Ánh", "Мухаммед Али")."""
    cleaned = " ".join(name.replace(",", " ").split())
    names = analyze_names(NameTypeTag.PER, [cleaned], infer_initials=True, consolidate=False)
    if not names:
        return AnalysedName(original=name, tokens=())
    parsed = max(names, key=lambda n: len(n.parts))
    symbols: dict[int, set[str]] = {}
    for span in parsed.spans:
        if span.symbol.category is not SymbolCategory.NAME:
            continue
        for part in span.parts:
            symbols.setdefault(part.index, set()).add(str(span.symbol.id))
    # The name's own words, when rigour kept one part per word: transliterated from them, a part
    # keeps the vowel signs rigour's normalisation strips (Devanagari, Bengali matras).
    words = cleaned.split()
    own_words = len(words) == len(parsed.parts)
    tokens: list[Token] = []
    for part in parsed.parts:
        syms = set(symbols.get(part.index, set()))
        form = _ascii(part.ascii or "")
        if form:
            forms = [form]
        else:
            # No ASCII form from rigour (Arabic, Han, Devanagari, Thai, Ge'ez, Hebrew ...):
            # ICU's transliteration, a word per token ("张伟" -> zhang, wei), so the name has
            # tokens to find and compare; its cross-script name symbols stay with it.
            source = words[part.index] if own_words else (part.form or "")
            forms = [f for f in (_ascii(w) for w in ascii_text(source).split()) if f]
            if not forms and syms:
                forms = [(part.form or "").casefold()]
        for form in forms:
            group = _GROUP_OF.get(form)
            token_syms = set(syms) if len(forms) == 1 else set()
            if group is not None:
                token_syms.add(f"g{group}")
            tokens.append(
                Token(
                    form=form,
                    phonetic=(part.metaphone if part.ascii else None) or metaphone(form),
                    symbols=frozenset(token_syms),
                    skeleton=skeleton(form),
                )
            )
    return AnalysedName(original=name, tokens=tuple(tokens))


def blocking_keys(name: AnalysedName | str) -> set[str]:
    """Keys under which a candidate name is stored so that a query finds it: token forms,
    metaphones and name symbols (initials are skipped: too broad)."""
    n = analyse(name) if isinstance(name, str) else name
    keys: set[str] = set()
    for t in n.tokens:
        if t.is_initial:
            continue
        keys.add("t:" + t.form)
        keys.add("k:" + t.skeleton)
        if t.phonetic:
            keys.add("p:" + t.phonetic)
        keys.update("s:" + s for s in t.symbols)
    return keys
