"""French cues for page zones: "related articles" headings and sentence-final punctuation."""

from __future__ import annotations

import re

from tipwatch.nlp.lang.rules import ZoneRules

ZONES = ZoneRules(
    list_markers=re.compile(
        r"^\s*(articles?\s+(?:liés|similaires|connexes|recommandés)|à\s+lire\s+aussi|"
        r"lire\s+(?:aussi|également|la\s+suite)|voir\s+aussi|sur\s+le\s+même\s+sujet|"
        r"dans\s+la\s+même\s+rubrique|les\s+plus\s+lus|plus\s+lus|derniers?\s+articles?|"
        r"dernières\s+(?:infos|actualités|nouvelles)|à\s+la\s+une|vous\s+aimerez\s+aussi|"
        r"partager(?:\s+cet\s+article)?|mots[- ]clés|tags?|catégories|rubriques)\s*:?\s*$",
        re.I,
    ),
    end_punct=re.compile(r"[.!?\"'”’»)]\s*$"),
)
