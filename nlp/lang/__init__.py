"""Languages tipwatch can read: one `LanguageSupport` per ISO 639-1 code.

As in spaCy's `lang/<code>/`, each language lives in its own folder (`nlp/lang/en/`) holding
its word lists, patterns and grammar hooks; this registry maps the code the language detector
reports to that folder's record. The pipeline asks `for_language(code)` for the model and the
rules of an article's language; a language with no entry is skipped as `unsupported_language`.
Adding a language is a new folder plus one entry in `_LANGUAGES`.
"""

from __future__ import annotations

from tipwatch.domain.language_codes import canonical
from tipwatch.nlp.lang.en import ENGLISH
from tipwatch.nlp.lang.es import SPANISH
from tipwatch.nlp.lang.fr import FRENCH
from tipwatch.nlp.lang.rules import LanguageSupport

__all__ = [
    "LanguageSupport",
    "UnsupportedLanguageError",
    "for_language",
    "register",
    "registered",
    "support_for",
    "unregister",
]

_LANGUAGES: dict[str, LanguageSupport] = {
    ENGLISH.code: ENGLISH,
    SPANISH.code: SPANISH,
    FRENCH.code: FRENCH,
}


class UnsupportedLanguageError(LookupError):
    """A pipeline was asked for a language with no registry entry."""


def for_language(code: str | None) -> LanguageSupport | None:
    """The registered support for `code`, or None when tipwatch cannot read that language."""
    if code is None:
        return None
    return _LANGUAGES.get(canonical(code))


def support_for(code: str) -> LanguageSupport:
    """Like `for_language`, for a component's configured language, which must exist."""
    support = for_language(code)
    if support is None:
        raise UnsupportedLanguageError(
            f"no language support for {code!r}; registered: {', '.join(sorted(_LANGUAGES))}"
        )
    return support


def registered() -> list[LanguageSupport]:
    """Every registered language's support, in registration order."""
    return list(_LANGUAGES.values())


def register(support: LanguageSupport) -> None:
    """Add (or replace) the support for `support.code`, e.g. a language kept outside the package."""
    _LANGUAGES[support.code] = support


def unregister(code: str) -> None:
    """Remove a registered language (tests that register one of their own)."""
    _LANGUAGES.pop(code, None)
