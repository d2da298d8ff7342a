"""Domain rules written once: the legal-status table and the review states.

The bottom layer with `tipwatch.records` and `tipwatch.settings`: it imports nothing of tipwatch,
and every other layer (NLP, store, index, exports, screening, review UI) reads its rules here.
"""
