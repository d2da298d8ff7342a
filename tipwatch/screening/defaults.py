"""Screening's defaults, importable without loading the name analysis (the CLI reads them)."""

# The score from which a candidate is a match (screening's default threshold), set on the dev
# split of the real name pairs (`tipwatch eval-names --split dev`): when it was chosen, at 0.75 a
# different person with a close name reached it in 2.9% of queries (at 0.7: 4.8%) while true
# matches fell from 65.7% to 64.5%.
MATCH_THRESHOLD = 0.75
