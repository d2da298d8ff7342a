"""Spanish evidence that a text reports a human-trafficking case: trafficking and smuggling
terms, their distractors (drugs, arms, wildlife, influence, road traffic), legal steps, and
policy or awareness vocabulary."""

from __future__ import annotations

import re

from tipwatch.nlp.lang.rules import CaseRules, wrap_tolerant

_VICTIM_GROUPS = (
    r"(?:personas|blancas|seres humanos|mujeres|niñ[oa]s|niñas, niños y adolescentes|menores|"
    r"menores de edad|una menor|un menor|migrantes|indocumentados|inmigrantes|extranjeros|"
    r"adolescentes|bebés|órganos)"
)
# "trata" alone is also a verb ("se trata de"): only "trata de <people>" and its legal phrases
HT_TERM = re.compile(
    wrap_tolerant(
        rf"\b(?:trata de {_VICTIM_GROUPS}|tr[aá]fico (?:il[ií]cito )?de {_VICTIM_GROUPS}|"
        r"traficantes? de (?:personas|migrantes|indocumentados|seres humanos|menores|órganos)|"
        r"tratantes?|polleros?|materia de trata|delitos? de trata|"
        r"explotaci[oó]n (?:sexual|laboral)|"
        r"explot(?:ad[oa]s?|ar|aba|aban|ó|aron|arla|arlas|arlo|arlos) (?:sexual|laboral)mente|"
        r"trabajos? forzos[oa]s?|trabajos? forzad[oa]s?|"
        r"servidumbre|esclavitud|lenocinio|proxenetismo|proxenetas?|"
        r"prostituci[oó]n (?:forzada|ajena)|"
        r"mendicidad (?:forzada|ajena)|matrimonio forzado|con fines de explotaci[oó]n|"
        r"inmigraci[oó]n (?:ilegal|clandestina|irregular))\b"
    ),
    re.I,
)
# "tráfico" alone: not when the words after it name drugs, arms or goods ("tráfico de drogas",
# in Portuguese as in Spanish), nor road traffic; "traficante(s)" alone is mostly a drug dealer
NOT_HUMAN_AFTER = (
    r"(?!\s+(?:il[ií]cito\s+)?(?:de|del|vehicular|vial|a[eé]reo)\b\s*(?:\w+\s+)?"
    r"(?:drogas|narc[oó]ticos|estupefacientes|sustancias|coca[ií]na|hero[ií]na|marihuana|mariguana|"
    r"metanfetamina|fentanilo|hach[ií]s|cannabis|[eé]xtasis|crack|opio|precursores|armas|municiones|especies|fauna|madera|marfil|oro|combustible|"
    r"hidrocarburos|tabaco|cigarr|influencias|veh[ií]culos|mercanc[ií]as|divisas|datos|"
    r"psicotr[oó]picos)|\s+(?:vehicular|vial|a[eé]reo)\b)"
)
GENERIC_TRAFFICKING = re.compile(rf"\btr[aá]fico\b{NOT_HUMAN_AFTER}", re.I)
DISTRACTOR = re.compile(
    r"\b(?:drogas?|narc[oó]ticos?|narcotr[aá]fico|narcotraficantes?|estupefacientes|"
    r"sustancias|coca[ií]na|hero[ií]na|marihuana|mariguana|metanfetaminas?|fentanilo|cristal|armas?|"
    r"hach[ií]s|cannabis|[eé]xtasis|opio|precursores|"
    r"municiones|especies|fauna|flora|madera|marfil|oro|combustibles?|huachicol|tabaco|"
    r"cigarr(?:os|illos)|influencias|veh[ií]culos|autos|mercanc[ií]as?|contrabando|"
    r"accidentes?|vehicular|vial|carreteras?|atascos?|animales|divisas|datos)\b",
    re.I,
)
_LEGAL_WORDS = re.compile(
    r"\b(?:detenid[oa]s?|detenci[oó]n|detuv\w+|arrest\w*|captur\w*|aprehen\w*|imputad[oa]s?|"
    r"imputaci[oó]n|acusad[oa]s?|acus(?:ó|aron)|vinculad[oa]s? a proceso|vincul(?:ó|aron)|"
    r"proceso penal|juicio|juez|jueza|tribunal|juzgado|fiscal[ií]a|fiscal|sentencia\w*|"
    r"conden\w+|absuel\w+|absoluci[oó]n|absolvi\w+|prisi[oó]n preventiva|"
    r"orden de aprehensi[oó]n|pr[oó]fug[oa]s?|consignad[oa]s?|procesad[oa]s?|culpables?|"
    r"audiencia|c[aá]rcel|extradi\w+|encarcelad[oa]s?)\b",
    re.I,
)
_TAKEN = (
    r"detenid[oa]s|detenid[oa]|detuv(?:o|ieron)|arrestad[oa]s?|arrest(?:ó|aron)|capturad[oa]s?|"
    r"captur(?:ó|aron)|aprehendid[oa]s?|aprehendi(?:ó|eron)|vinculad[oa]s? a proceso|"
    r"vincul(?:ó|aron) a proceso|imputad[oa]s?|imput(?:ó|aron)|acus(?:ó|aron)|procesad[oa]s?|"
    r"consignad[oa]s?|condenad[oa]s?|conden(?:ó|aron)|sentenciad[oa]s?|sentenci(?:ó|aron)|"
    r"declarad[oa]s? culpables?|se declar(?:ó|aron) culpables?|extraditad[oa]s?|"
    r"encarcelad[oa]s?|(?:fue|fueron|ha sido|han sido|est[aá]n?|resultó) acusad[oa]s?|"
    r"(?:dict(?:ó|aron)|impuso|impusieron) (?:auto de formal prisi[oó]n|"
    r"prisi[oó]n preventiva|sentencia)"
)
# a legal step that happened to someone (not "tribunal", "juicio")
_EVENT_WORDS = re.compile(
    rf"\b(?:{_TAKEN}|absuelt[oa]s?|absolvi(?:ó|eron)|rescatad[oa]s?|rescat(?:ó|aron)|"
    r"liberad[oa]s?|prisi[oó]n preventiva|orden de aprehensi[oó]n|pr[oó]fug[oa]s?)\b",
    re.I,
)
_POLICY = re.compile(
    r"\b(?:ley|leyes|reforma|iniciativa|legislaci[oó]n|campañas?|concienciaci[oó]n|"
    r"sensibilizaci[oó]n|prevenci[oó]n|foros?|talleres|taller|seminarios?|conferencias?|"
    r"cumbre|d[ií]a mundial|d[ií]a internacional|estad[ií]sticas|cifras|informe|congreso|"
    r"senado|diputad[oa]s?|senador[ae]s?|comisi[oó]n|protocolos?|convenios?|cooperaci[oó]n|"
    r"plan nacional|pol[ií]ticas? p[uú]blicas?|capacitaci[oó]n|marcha)\b",
    re.I,
)
_TOPIC_LINE = re.compile(
    r"^(?:\s*(?:title|description|headline|summary|t[ií]tulo|descripci[oó]n|resumen)\s*:|"
    r"\s*\"(?:headline|description)\"\s*:)",
    re.I,
)
# a legal step taken against someone (not "rescatadas", "liberadas")
_STEP_WORDS = re.compile(rf"\b(?:{_TAKEN})\b", re.I)
_NOT_TAKEN = re.compile(r"\b(?:no|nunca|nadie|ni)\s+(?:\w+\s+){0,2}$", re.I)
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
