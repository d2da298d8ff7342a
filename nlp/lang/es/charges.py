# ruff: noqa: E501  (regex lexicon lines are kept whole for readability)
"""Spanish charge wording: trafficking and smuggling offences as Spanish-language courts and
prosecutors name them, the statutes of Mexico, Spain and other Spanish-reporting jurisdictions,
and the cues that place a wording in a charge statement.

Mexico's federal law names the offence "trata de personas" and its forms ("en su modalidad de
explotación sexual"); Spain's Código Penal has "trata de seres humanos" (art. 177 bis) apart from
"delitos contra los derechos de los ciudadanos extranjeros" (art. 318 bis, migrant smuggling).
"Tráfico de personas" is migrant smuggling (Mexico's Ley de Migración art. 159). `child_trafficking`
only when the charge wording itself names a child or minor.
"""

from __future__ import annotations

import re

from tipwatch.nlp.lang.es.case import NOT_HUMAN_AFTER
from tipwatch.nlp.lang.rules import ChargeRules
from tipwatch.records import ChargeCategory as C

_MINOR = (
    r"(?:una?\s+|dos\s+|tres\s+|\d+\s+)?(?:menor(?:es)?(?:\s+de\s+edad)?|niñ[oa]s?|"
    r"niñas,? niños y adolescentes|adolescentes?|bebés?)"
)
_TRATA = r"trata\s+de\s+(?:personas|seres\s+humanos)"
_PATTERNS: list[tuple[str, C | None, str | None]] = [
    # child trafficking: the charge itself names a child or minor
    (rf"(?:trata|tr[aá]fico)\s+de\s+{_MINOR}", C.CHILD_TRAFFICKING, None),
    (
        rf"{_TRATA}\s+(?:\w+\s+){{0,4}}?(?:en\s+agravio\s+de|contra)\s+{_MINOR}",
        C.CHILD_TRAFFICKING,
        None,
    ),
    (
        rf"explotaci[oó]n\s+sexual\s+(?:comercial\s+)?(?:infantil|de\s+{_MINOR})",
        C.CHILD_TRAFFICKING,
        None,
    ),
    (rf"venta\s+de\s+{_MINOR}", C.CHILD_TRAFFICKING, None),
    # sex trafficking
    (
        rf"(?:{_TRATA}|trata)\s+(?:\w+\s+){{0,4}}?(?:con\s+fines\s+de|en\s+su\s+modalidad\s+de|para)\s+(?:la\s+)?(?:explotaci[oó]n\s+sexual|prostituci[oó]n)",
        C.SEX_TRAFFICKING,
        None,
    ),
    (r"trata\s+de\s+blancas", C.SEX_TRAFFICKING, None),
    (r"explotaci[oó]n\s+sexual", C.SEX_TRAFFICKING, None),
    (r"lenocinio", C.SEX_TRAFFICKING, None),
    (r"proxenetismo", C.SEX_TRAFFICKING, None),
    (r"prostituci[oó]n\s+(?:forzada|ajena)", C.SEX_TRAFFICKING, None),
    (r"determinaci[oó]n\s+coactiva\s+a\s+la\s+prostituci[oó]n", C.SEX_TRAFFICKING, None),
    # labour trafficking
    (
        rf"(?:{_TRATA}|trata)\s+(?:\w+\s+){{0,4}}?(?:con\s+fines\s+de|en\s+su\s+modalidad\s+de|para)\s+(?:la\s+)?(?:explotaci[oó]n\s+laboral|trabajos?\s+forz\w+|servidumbre|mendicidad)",
        C.LABOUR_TRAFFICKING,
        None,
    ),
    (r"trabajos?\s+forz(?:os|ad)[oa]s?", C.LABOUR_TRAFFICKING, None),
    (r"explotaci[oó]n\s+laboral", C.LABOUR_TRAFFICKING, None),
    (r"servidumbre(?:\s+por\s+deudas)?", C.LABOUR_TRAFFICKING, None),
    (r"esclavitud", C.LABOUR_TRAFFICKING, None),
    (r"mendicidad\s+(?:forzada|ajena)", C.LABOUR_TRAFFICKING, None),
    # organ trafficking
    (
        rf"tr[aá]fico\s+(?:il[ií]cito\s+)?de\s+[oó]rganos|(?:{_TRATA}|trata)\s+(?:\w+\s+){{0,4}}?(?:con\s+fines\s+de|para)\s+(?:la\s+)?extracci[oó]n\s+de\s+[oó]rganos",
        C.ORGAN_TRAFFICKING,
        None,
    ),
    # migrant smuggling
    (
        r"tr[aá]fico\s+(?:il[ií]cito\s+)?de\s+(?:personas|migrantes|indocumentados|inmigrantes|extranjeros|seres\s+humanos)",
        C.MIGRANT_SMUGGLING,
        None,
    ),
    (
        r"(?:favorecimiento|promoci[oó]n)\s+de\s+la\s+inmigraci[oó]n\s+(?:ilegal|clandestina)",
        C.MIGRANT_SMUGGLING,
        None,
    ),
    (
        r"delitos?\s+contra\s+los\s+derechos\s+de\s+los\s+ciudadanos\s+extranjeros",
        C.MIGRANT_SMUGGLING,
        None,
    ),
    # trafficking in persons: category inferred from context
    (_TRATA, None, None),
    (r"(?:delitos?\s+en\s+materia\s+de\s+trata(?:\s+de\s+personas)?)", None, None),
    (r"(?<=delito de )trata|(?<=delitos de )trata|(?<=cargos de )trata", None, None),
]

_STATUTES: list[tuple[str, C | None, str]] = [
    (
        r"Ley\s+General\s+para\s+Prevenir,?\s+Sancionar\s+y\s+Erradicar\s+los\s+Delitos\s+en\s+Materia\s+de\s+Trata\s+de\s+Personas",
        None,
        "Ley General en Materia de Trata de Personas (MX)",
    ),
    (r"art(?:[ií]culo|\.)\s*177\s*bis", None, "Código Penal art. 177 bis (ES)"),
    (
        r"art(?:[ií]culo|\.)\s*318\s*bis",
        C.MIGRANT_SMUGGLING,
        "Código Penal art. 318 bis (ES)",
    ),
    (r"art(?:[ií]culo|\.)\s*188\s*-?\s*A\b", None, "Código Penal art. 188A (CO)"),
    (
        r"Ley\s+(?:N[°º.]?\s*)?26\.?842|Ley\s+(?:N[°º.]?\s*)?26\.?364",
        None,
        "Ley 26.364 / 26.842 (AR)",
    ),
    (
        r"Ley\s+contra\s+la\s+Violencia\s+Sexual,?\s+Explotaci[oó]n\s+y\s+Trata\s+de\s+Personas",
        None,
        "Ley VET (GT)",
    ),
]

_DRUGS = (
    r"drogas?|narc[oó]ticos?|estupefacientes|sustancias|coca[ií]na|hero[ií]na|marihuana|mariguana|"
    r"metanfetaminas?|fentanilo|hach[ií]s|cannabis|[eé]xtasis|opio|precursores|armas|armas de fuego|municiones|especies|fauna|madera|marfil|"
    r"oro|combustibles?|hidrocarburos|tabaco|cigarr(?:os|illos)|influencias|veh[ií]culos|"
    r"mercanc[ií]as?|divisas|datos|psicotr[oó]picos"
)
_DISTRACTOR_BEFORE = re.compile(rf"\b(?:narco|{_DRUGS})\s*(?:y\s+\w+\s+)?$", re.I)
_DISTRACTOR_AFTER = re.compile(
    rf"^\s*(?:il[ií]cito\s+)?(?:de|del)\s+(?:\w+\s+)?(?:{_DRUGS})\b", re.I
)
_SEX_CONTEXT = re.compile(
    r"\b(?:prostituci[oó]n|prostitu\w+|explotaci[oó]n sexual|explotad[oa]s? sexualmente|"
    r"burdel(?:es)?|prost[ií]bulos?|table dance|centros? nocturnos?|bares?|"
    r"servicios sexuales|sexoservicio|lenocinio|proxenet\w+|comercio sexual|"
    r"obligad[oa]s? a prostituirse|esclavas? sexuales?)\b",
    re.I,
)
_LABOUR_CONTEXT = re.compile(
    r"\b(?:trabajos? forz\w+|explotaci[oó]n laboral|servidumbre|esclav\w+|"
    r"campos? agr[ií]colas?|jornaleros?|f[aá]bricas?|talleres?|maquilas?|construcci[oó]n|"
    r"trabajo dom[eé]stico|trabajadoras? del hogar|sin (?:pago|salario|sueldo)|"
    r"obligad[oa]s? a trabajar|mendicidad|fincas?|plantaciones?)\b",
    re.I,
)
_MINOR_IN_GLOSS = re.compile(r"\b(?:menor(?:es)?|niñ[oa]s?|infantil|adolescentes?)\b", re.I)
_ORGAN_CONTEXT = re.compile(r"\b(?:riñ(?:ón|ones)|[oó]rganos|trasplantes?)\b", re.I)
# a statute's own gloss: "..., que sanciona la trata de personas"
_GLOSS_AFTER = re.compile(
    r"^,?\s+(?:que|el cual|la cual)\s+(?:sanciona|castiga|tipifica|regula|penaliza)\s+[^,.;()]{0,80}",
    re.I,
)
_MINOR_IN_CHARGE = re.compile(r"\b(?:menor(?:es)?|niñ[oa]s?|infantil|adolescentes?|bebés?)\b", re.I)
_CHARGE_STATEMENT = re.compile(
    r"\b(?:acusad[oa]s?|acusaci[oó]n|cargos?|imputad[oa]s?|imputaci[oó]n|imput(?:ó|aron)|"
    r"vinculad[oa]s?|vincul(?:ó|aron)|procesad[oa]s?|condenad[oa]s?|conden(?:ó|aron)|"
    r"sentenciad[oa]s?|culpables?|delitos?|consignad[oa]s?|absuelt[oa]s?|"
    r"probables? responsables?|presunt[oa]s? responsables?|responsabilidad)\b",
    re.I,
)
_CASE_PROSE = re.compile(
    r"\b(?:detenid[oa]s?|detuv\w+|arrest\w*|juicio|tribunal|juzgado|fiscal\w*|prisi[oó]n|"
    r"juez|jueza|proceso|aprehen\w*|captur\w*|extradi\w*)\b",
    re.I,
)
_LIST_HEAD = re.compile(r"(?:cargos|delitos|acusaciones|imputaciones)\s*:\s*$", re.I)
_LIST_STOP = re.compile(r"^\s*(?:v[ií]ctimas?|antecedentes|fianza|penas?|condena)\b", re.I)
_SENT_END = re.compile(r"[.!?](?=\s+[\"'“‘«(¿¡]?[A-ZÁÉÍÓÚÑ0-9])|\n(?![ \t]*[a-záéíóúñ])")
# an agent or group noun describes a person, not the offence charged ("red de trata")
_AGENT_NOUN = re.compile(
    r"(?:tratantes?|traficantes?|polleros?|proxenetas?)$|"
    r"^\s*(?:red|redes|banda|bandas|organizaci[oó]n|c[aá]rtel)\b",
    re.I,
)
_LETTERS = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]")
_BARE_TRAFFICKING = re.compile(rf"\btr[aá]fico\b{NOT_HUMAN_AFTER}", re.I)
_OFFENCE_LIST_LEAD = re.compile(
    r"\b(?:culpables?|condenad[oa]s?|acusad[oa]s?|cargos?|delitos|imputad[oa]s?)\b[^.;:!?]{0,200}$",
    re.I,
)
# a trafficking wording naming a unit, campaign or law ("Fiscalía Especializada en Trata",
# "la lucha contra la trata", "zonas de trata")
_ORG_AFTER = re.compile(
    r"^[\s)]*(?:\(\w+\)\s*)?(?:,\s*)?(?:unidad|fiscal[ií]a|comisi[oó]n|campaña|"
    r"d[ií]a|semana|ley|leyes|protocolo|programa|prevenci[oó]n|estad[ií]sticas|informe|"
    r"zonas?|rutas?)\b",
    re.I,
)
_NOT_OFFENCE_BEFORE = re.compile(
    r"(?:\b(?:contra|anti|combate\s+(?:a|de)|lucha\s+contra|prevenir|prevenci[oó]n\s+de|"
    r"especializad[oa]\s+en|conocid[oa]\s+por)\s+(?:la\s+|el\s+)?)$"
    # the name of an institution, law or campaign that ends with the offence ("... Delitos de
    # Violencia contra las Mujeres y Trata de Personas"): capitalised words and particles
    r"|(?-i:[A-ZÁÉÍÓÚÑ]\w+(?:\s+(?:de|del|la|las|los|el|y|e|para|contra|en))*"
    r"(?:\s+[A-ZÁÉÍÓÚÑ]\w+(?:\s+(?:de|del|la|las|los|el|y|e|para|contra|en))*)+"
    r"\s+(?:de|y|e|en|contra|para)\s+)$",
    re.I,
)

CHARGES = ChargeRules(
    patterns=tuple((re.compile(p, re.I), c, s) for p, c, s in _PATTERNS),
    statutes=tuple((re.compile(p, re.I), c, s) for p, c, s in _STATUTES),
    other_statutes=frozenset(),
    distractor_before=_DISTRACTOR_BEFORE,
    distractor_after=_DISTRACTOR_AFTER,
    sex_context=_SEX_CONTEXT,
    labour_context=_LABOUR_CONTEXT,
    organ_context=_ORGAN_CONTEXT,
    minor_in_gloss=_MINOR_IN_GLOSS,
    minor_in_charge=_MINOR_IN_CHARGE,
    gloss_after=_GLOSS_AFTER,
    gloss_inner=re.compile(r"\(([^)]*[A-Za-zÁÉÍÓÚÑáéíóúñ][^)]*)\)"),
    charge_statement=_CHARGE_STATEMENT,
    case_prose=_CASE_PROSE,
    list_head=_LIST_HEAD,
    list_stop=_LIST_STOP,
    sent_end=_SENT_END,
    agent_noun=_AGENT_NOUN,
    letters=_LETTERS,
    bare_trafficking=_BARE_TRAFFICKING,
    offence_list_lead=_OFFENCE_LIST_LEAD,
    list_joiner=re.compile(r"(?:,|\by|\bde|\bpor)\s*$"),
    org_after=_ORG_AFTER,
    not_offence_before=_NOT_OFFENCE_BEFORE,
    headline_minor_words=frozenset(
        {
            "de",
            "del",
            "en",
            "a",
            "al",
            "y",
            "e",
            "o",
            "la",
            "el",
            "los",
            "las",
            "por",
            "para",
            "con",
        }
    ),
)
