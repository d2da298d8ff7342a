"""English cues for page zones: "related posts" headings and sentence-final punctuation."""

from __future__ import annotations

import re

from tipwatch.nlp.lang.rules import ZoneRules

ZONES = ZoneRules(
    list_markers=re.compile(
        r"^\s*(related( posts| articles| stories| news| content)?|latest( posts| news| stories)?|"
        r"recent( posts| news)?|you may also like|read (more|also|next)|more (from|stories|news)|"
        r"trending|popular( posts)?|most read|see also|also read|share this|"
        r"tags?:?|categories)\s*:?\s*$",
        re.I,
    ),
    # a sentence that opens a list ends with a colon ("was charged with three counts:")
    end_punct=re.compile(r"(?:[.!?\"'”’)]|:[-—–]?)\s*$"),
)
