"""French evidence that a text reports a human-trafficking case: trafficking and smuggling
terms ("traite des êtres humains", "proxénétisme aggravé", "réseau de passeurs"), their
distractors (stupéfiants, armes, espèces protégées), legal steps, policy vocabulary."""

from __future__ import annotations

import re

from tipwatch.nlp.lang.rules import CaseRules, wrap_tolerant

_HT_TERM = (
    r"\b(?:traite\s+(?:des\s+|d['’]\s*)?(?:êtres?\s+humains?|etres?\s+humains?|personnes|humains|"
    r"femmes|enfants|mineur(?:e)?s?|filles|migrants)|traite\s+humaine|"
    r"trafic\s+(?:d['’]\s*)?(?:êtres?\s+humains?|etres?\s+humains?|humains?|personnes|enfants|"
    r"femmes|migrants|bébés|organes)|trafic\s+humain|"
    r"proxénét(?:isme|es?)|proxenet(?:isme|es?)|exploitation\s+sexuelle|"
    r"prostitution\s+(?:forcée|de\s+mineur(?:e)?s?)|travail\s+forcé|travaux\s+forcés|"
    r"servitude|esclavage|esclaves?\s+modernes?|réduction\s+en\s+esclavage|"
    r"réseaux?\s+de\s+passeurs|filières?\s+(?:de\s+passeurs|d['’]immigration\s+clandestine)|"
    # a scare-quoted "passeur" is a figure of speech (drug mules), not a smuggler
    r"(?<![\"“«])(?<![\"“«]\s)passeurs?(?!\s?[\"”»])|trafic\s+de\s+migrants|immigration\s+clandestine|"
    r"fai(?:re|t|saient|sait)\s+passer\s+(?:des\s+|de\s+)?(?:\d+\s+)?(?:migrants|clandestins)|"
    r"prostituer\s+(?:des|de|une|la|les|leurs?)\s+(?:jeunes\s+)?(?:filles?|femmes|adolescentes?|"
    r"mineure?s?|victimes)|(?:forcée?s?|contrainte?s?|obligée?s?|poussée?s?)\s+(?:à|de)\s+se\s+"
    r"prostituer|pour\s+les\s+prostituer|contrai\w+\s+(?:\w+\s+){0,2}?à\s+la\s+prostitution|"
    r"aide\s+à\s+l['’]\s*(?:entrée|séjour)\s+irrégul\w+|"
    r"aide\s+à\s+l['’]\s*entrée\s+(?:et\s+au\s+séjour\s+)?irrégul\w+|"
    r"trafiquants?\s+d['’]\s*êtres?\s+humains?)\b"
)
HT_TERM = re.compile(wrap_tolerant(_HT_TERM), re.I)
GENERIC_TRAFFICKING = re.compile(r"\b(?:trafic|trafiquants?)\b", re.I)
DISTRACTOR = re.compile(
    r"\b(?:drogues?|stupéfiants?|stups|cocaïne|héroïne|cannabis|résine|haschich|shit|"
    r"méthamphétamine|crack|ecstasy|armes?|munitions|faune|ivoire|bois|cigarettes?|tabac|"
    r"carburant|espèces|animaux|pangolins?|véhicules|voitures|influence|contrefaçons?|"
    r"médicaments|faux\s+billets|devises|routier|circulation|ferroviaire|aérien)\b",
    re.I,
)
_LEGAL_WORDS = re.compile(
    r"\b(?:interpell\w*|arrêt(?:é|ée|és|ées)|arrestations?|garde\s+à\s+vue|mis\s+en\s+examen|"
    r"mise\s+en\s+examen|inculp\w+|écrou\w*|détention|déf(?:éré|érés|érée)s?|poursuivi\w*|"
    r"poursuites|jug(?:é|ée|és|ées|ement)|procès|condamn\w+|acquitt\w+|relax\w+|"
    r"coupables?|tribunal|cour|parquet|procureur\w*|juge|peine|prison|réclusion|mandat|"
    r"recherch(?:é|ée|és|ées)|en\s+fuite|extrad\w+|accus(?:é|ée|és|ées)|prévenus?)\b",
    re.I,
)
_EVENT_WORDS = re.compile(
    r"\b(?:interpell(?:é|ée|és|ées)|arrêt(?:é|ée|és|ées)|placé(?:e|s|es)?\s+en\s+garde\s+à\s+vue|"
    r"mis(?:e|es)?\s+en\s+examen|inculp(?:é|ée|és|ées)|écrou(?:é|ée|és|ées)|"
    r"déf(?:éré|érée|érés|érées)|condamn(?:é|ée|és|ées)|acquitt(?:é|ée|és|ées)|"
    r"relax(?:é|ée|és|ées)|reconnu(?:e|s|es)?\s+coupables?|déclaré(?:e|s|es)?\s+coupables?|"
    r"extrad(?:é|ée|és|ées)|écop(?:é|e|ent)|jug(?:é|ée|és|ées)|renvoy(?:é|ée|és|ées)|"
    r"démantel(?:é|ée|és|ées)|libér(?:é|ée|és|ées)|secour(?:u|ue|us|ues)|"
    r"compara(?:ît|it|issent|issait|issaient|îtront|îtra|ssent)|requis|écop(?:é|e|ent)|"
    r"recherché(?:e|s|es)?|avis\s+de\s+recherche|mandat\s+d['’]arrêt|en\s+fuite|"
    r"procès\s+(?:de|d['’]|du|des))\b",
    re.I,
)
_POLICY = re.compile(
    r"\b(?:projet\s+de\s+loi|législation|amendements?|politiques?|sensibilisation|campagne|"
    r"atelier|séminaire|conférence|colloque|sommet|journée\s+mondiale|statistiques|"
    r"rapport|plan\s+d['’]action|convention|ratifi\w+|parlement|assemblée|sénat|"
    r"coopération|bilatérale?|partenariat|formation)\b",
    re.I,
)
_TOPIC_LINE = re.compile(
    r"^(?:\s*(?:title|description|headline|summary|titre|chapô)\s*:|"
    r"\s*\"(?:headline|description)\"\s*:)",
    re.I,
)
_STEP_WORDS = re.compile(
    r"\b(?:interpell(?:é|ée|és|ées)|arrêt(?:é|ée|és|ées)|placé(?:e|s|es)?\s+en\s+garde\s+à\s+vue|"
    r"mis(?:e|es)?\s+en\s+examen|inculp(?:é|ée|és|ées)|écrou(?:é|ée|és|ées)|"
    r"déf(?:éré|érée|érés|érées)|condamn(?:é|ée|és|ées)|reconnu(?:e|s|es)?\s+coupables?|"
    r"extrad(?:é|ée|és|ées))\b",
    re.I,
)
_NOT_TAKEN = re.compile(r"\b(?:pas|jamais|personne|aucun)\s+(?:\w+\s+){0,2}$", re.I)
_PARA_BREAK = re.compile(r"\n[ \t]*\n|(?<=[.!?\"”»])[ \t]*\n")

CASE = CaseRules(
    ht_term=HT_TERM,
    generic_trafficking=GENERIC_TRAFFICKING,
    distractor=DISTRACTOR,
    legal_words=_LEGAL_WORDS,
    event_words=_EVENT_WORDS,
    policy=_POLICY,
    topic_line=_TOPIC_LINE,
    step_words=_STEP_WORDS,
    not_taken=_NOT_TAKEN,
    para_break=_PARA_BREAK,
)
