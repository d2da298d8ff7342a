"""The annotated extraction corpus (issue 12): labels and provenance only, never the texts.

`schema` is the record, `texts` rebuilds a record's text from a git mirror of its public
repository, `checks` validates a labels file against those texts, `materialize` writes the texts
out for evaluation and training. The data sits beside this code: `extraction/labels.jsonl`,
and the older evaluation sets of issue 16 (`langid/`, `relevance/`).
"""
