"""Learned components: small linear models over the features the rule components compute.

`linear` holds the model (weights as JSON, shipped in the package under `nlp/models/`) and
its deterministic fit; `case_features` and `person_features` turn a processed spaCy Doc into
feature rows; `train` fits them on the corpus (`tipwatch train`).
"""
