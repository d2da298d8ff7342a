"""Hand labels of the French and Spanish evaluation sets (read by build_lang_eval.py).

Each entry is one published article, read in full by the annotator (s26) and labelled by
`docs/annotation.md`. `source` is the outlet that wrote the text: posts of La Jornada Zacatecas
(ljzac/ljzac.github.io) that carry the byline of La Jornada (national daily), AFP, DPA or
Notimex are credited to that outlet (`genre` wire for agencies), posts signed "Redacción" to
La Jornada Zacatecas (`ljz`). Splits are assigned by outlet (SPLITS). `topic`: a negative whose
subject is trafficking or smuggling (awareness, policy), labelled `trafficking` in the relevance
sets as `scripts/build_relevance_news.py` does.
"""

# ruff: noqa: E501  (hand labels: article paths, URLs and quoted text are kept on one line)

from __future__ import annotations

LJZ = "ljzac/ljzac.github.io"
CNR = "MauricioAlcala/cnr.tv"
CNR_OLD = "jahbenjah/cnrnoticias.tv"
MK = "masakhane-io/masakhane-news"
CONGO = "espoirMur/congo-news-summarizer"
AKIN = "ketsapiwiq/akinarticle"
ORANGE = "Tixierae/OrangeSum"

REPOS = {
    LJZ: {"commit": "7681abdfbe08a335c2abcd4770c57203e2abde6b", "relevance": "ljz_langeval"},
    CNR: {"commit": "4ad8428cc906f6b5512824f7d0601f19eeef154f", "relevance": "cnr"},
    CNR_OLD: {"commit": "d4982d78c03322418ec15fe1191d81c5b95aa328", "relevance": "cnr"},
    MK: {"commit": "819be052e79e0a600e0ed4a7356594681cb5c4f3", "relevance": "bbcafrique"},
    CONGO: {"commit": "7fe11cee4bbd7f2455ff1ea5ef9aa5b441246dc7", "relevance": "drc"},
    # branch twitter-articles: French articles shared on Twitter, saved as Markdown
    AKIN: {"commit": "9453297f380b29ea511a49d56b6f788600778fb1", "relevance": "france"},
    # OrangeSum (BARThez paper): Orange Actu pages 2011-2020, parsed to title/heading/article
    ORANGE: {"commit": "e6f8a6e3b71006ad62b450bedbb5e88e2236657b", "relevance": "orangesum"},
}

SPLITS = {
    "lajornada": "dev",
    "ljz": "dev",
    "notimex": "dev",
    "afp": "test",
    "dpa": "test",
    "cnr": "test",
    "bbc-afrique": "test",
    "actualite-cd": "dev",
    "mediacongo": "dev",
    "econewsrdc": "dev",
    "lepoint": "dev",
    "lemonde": "dev",
    # Orange Actu (OrangeSum): credited by the page's author meta (data/docs/raw/N.txt):
    # "AFP" -> afp (test, as the Spanish AFP wire); "Orange avec AFP", "Orange avec
    # AFP-Services", "Orange avec Media Services" and signed Orange pages -> orange-actu;
    # "6Medias" -> 6medias (Orange's partner agency)
    "orange-actu": "dev",
    "6medias": "dev",
}

# MauricioAlcala/cnr.tv is ~970 MB (images) and cannot be mirrored here; its one post used was
# read with the search tool's read_file at the commit above. read_file shows LF line ends and
# counts 2,864 characters, 32 more than the LF text: one per line, so the file has CRLF line ends
# and the text is kept with CRLF. Its hash is not verified
# against a git mirror.
FALLBACK_TEXT = {
    (
        CNR,
        "_posts/2022-03-2-obtiene-la-fge-vinculacion-a-proceso-para-dos-sujetos-por-trata-de-personas.md",
    ): (
        '---\nlayout: blog\ntitle: "Obtiene la fge vinculación a proceso para dos sujetos por trata de personas"\n'
        "Date: 2022-03-02\ncategories: tijuana\npermalink: /:categories/:title:output_ext\n"
        "image: /img/cnr/obtiene-la-fge-vinculacion-a-proceso-para-dos-sujetos-por-trata-de-personas.png\n"
        'alt: "Obtiene la fge vinculación a proceso para dos sujetos por trata de personas"\nautor:\n---\n\n'
        "**Tijuana, Baja California; 2 de Marzo 2022.** \n\n"
        "La Fiscalía General del Estado, logró gracias a la investigación del Ministerio Público y los medios de prueba presentados en audiencia, que fueran vinculados a proceso penal, dos personas, hombre y mujer, acusados por el delito de trata de personas en su modalidad de explotación sexual.\n\n"
        "La Fiscalía Especializada en Delitos Contra la Mujer por Razón de Género, explicó que los imputados son: Bardomiano “N”, y María Luisa “N”, quienes además de quedar sujetos a proceso penal, también obtuvieron la medida cautelar de prisión preventiva.\n\n"
        "De acuerdo a la investigación, los hechos sucedieron en el mes de marzo del año 2018, cuando la menor víctima tenía siete años de edad, y la imputada María Luisa “N”, familiar de la menor, la entregó a Bardomiano “N”, para tener encuentros sexuales a cambio de un pago en dinero en efectivo, del cual se beneficiaba directamente la imputada María Luisa “N”, siendo este delito realizado reiteradamente.\n\n"
        "Por tal motivo, una vez que se tuvo conocimiento de los hechos, se realizó la investigación correspondiente con las actuaciones y diligencias requeridas para solicitar orden de aprehensión en contra de ambos imputados, por el delito de trata de personas en su modalidad de explotación sexual, lo que permitió que fueran detenidos por elementos de la Agencia Estatal de Investigación, el pasado 24 de febrero de 2022, y presentados en audiencia de formulación de imputación ante el juez de control.\n\n"
        "Y fue este 1 de marzo de 2022, que se realizó la audiencia de vinculación, donde el juez determinó sujetarlos a proceso penal, dejándolos en prisión preventiva, y señalando un periodo de tres meses para la realización de la investigación complementaria.\n\n"
        "La Fiscalía General del Estado fortalece la labor de persecución del delito, mediante métodos de investigación para esclarecer los hechos, buscando que los responsables, como en este caso, sean procesados ante la justicia y no dejar impune los delitos que laceran la integridad de los bajacalifornianos.\n\n"
        '<div id="carouselExampleSlidesOnly" class="carousel slide" data-ride="carousel">\n'
        '  <div class="carousel-inner">\n'
        '    <div class="carousel-item active">\n'
        '       <img class="d-block w-100" src="/img/cnr/obtiene-la-fge-vinculacion-a-proceso-para-dos-sujetos-por-trata-de-personas.png" loading="lazy"  alt="Obtiene la fge vinculación a proceso para dos sujetos por trata de personas">\n'
        "    </div>\n  </div>\n</div>\n"
    ).replace("\n", "\r\n"),
}

CDMX = "Ciudad de México"
DF = "Distrito Federal"
PGJDF = "Procuraduría General de Justicia del Distrito Federal"


def _ljz(path: str, source: str, **kw) -> dict:
    y, m, d = path.split("/")[1:4]
    art = {
        "repo": LJZ,
        "path": path,
        "source": source,
        "lang": "es",
        "cop": "MX",
        "date": f"{y}-{m}-{d}",
        "genre": "wire" if source in ("afp", "dpa", "notimex") else "news",
    }
    art.update(kw)
    return art


def _cnr(path: str, repo: str = CNR_OLD, **kw) -> dict:
    name = path.rsplit("/", 1)[1]
    art = {
        "repo": repo,
        "path": path,
        "source": "cnr",
        "lang": "es",
        "cop": "MX",
        "date": name[:10],
        "genre": "news",
        "country": "MX",
    }
    art.update(kw)
    return art


def _bbc(split_file: str, row: int, url: str, **kw) -> dict:
    art = {
        "repo": MK,
        "path": f"data/fra/{split_file}.tsv",
        "selector": {"kind": "tsv", "row": row, "fields": ["headline", "text"]},
        "source": "bbc-afrique",
        "lang": "fr",
        "cop": "GB",
        "url": url,
        "genre": "news",
    }
    art.update(kw)
    return art


ES_CASES = [
    _ljz(
        "_posts/2013/06/29/1746-pgjdf-detuvo-a-ochenta.md",
        "lajornada",
        is_case=True,
        borderline=True,
        perpetrators=[],
        charges=[],
        jurisdiction={
            "country": "MX",
            "admin1": DF,
            "city": f"{CDMX} (Anzures)",
            "court_or_agency": [PGJDF, "Fiscalía de Trata de Personas", "Policía Federal"],
        },
        event_date="2013-06-29",
        notes="More than 80 people detained in a bar raid led by the trafficking prosecutor's "
        "office; no charge stated yet (the MP will decide). Borderline: an arrest in a "
        "trafficking operation, the offence not yet named against anyone.",
    ),
    _ljz(
        "_posts/2013/07/01/1417-consignan-a-14-personas.md",
        "lajornada",
        is_case=True,
        perpetrators=[],
        charges=[
            {
                "as_written": "trata de personas con fines de explotación sexual",
                "category": "sex_trafficking",
            }
        ],
        jurisdiction={
            "country": "MX",
            "admin1": DF,
            "city": f"{CDMX} (Verónica Anzures)",
            "court_or_agency": [
                "Procuraduría General de Justicia del Distrito Federal",
                "Fiscalía Central de Investigación para la Atención de Delito de Trata",
                "Policía Federal",
            ],
        },
        victims_count=46,
        event_date="2013-06-28",
        notes="14 unnamed people consigned (charged); 26 released.",
    ),
    _ljz(
        "_posts/2013/09/27/2002-trata-personas.md",
        "lajornada",
        is_case=True,
        perpetrators=[
            {"name": "Roberto Manuel Ortega Mendoza", "status": "arrested"},
            {"name": "Ana Sujey Gómez Macías", "status": "arrested"},
            {"name": "Irving Ariel Solís Mendoza", "status": "arrested"},
        ],
        charges=[
            {
                "as_written": "trata de personas, “en su modalidad de explotación sexual por prostitución”",
                "category": "sex_trafficking",
            }
        ],
        jurisdiction={
            "country": "MX",
            "admin1": DF,
            "city": f"{CDMX} (Obrera, Cuauhtémoc)",
            "court_or_agency": [PGJDF, "Fiscalía de Investigación del Delito de Trata de Personas"],
        },
        victims_count=4,
        notes="Detained in flagrante and placed at the disposal of the MP; the MP will decide "
        "their legal situation, so arrested, not charged. Juana Camila Bautista is the "
        "prosecutor. Their mother, consigned in June for the same offence, is unnamed.",
    ),
    _ljz(
        "_posts/2013/12/28/1709-trata-de-personas.md",
        "lajornada",
        is_case=True,
        perpetrators=[
            {"name": "Luis Hernández Tapia", "status": "charged"},
            {"name": "José Geovanny Cázarez Álvarez", "status": "charged"},
        ],
        charges=[
            {
                "as_written": "trata de personas, en su modalidad de explotación sexual",
                "category": "sex_trafficking",
            }
        ],
        jurisdiction={
            "country": "MX",
            "admin1": DF,
            "city": f"{CDMX} (Santa Martha Acatitla, Iztapalapa)",
            "court_or_agency": [
                "Fiscalía Central de Investigación para la Atención del Delito de Trata de Personas",
                PGJDF,
                "Reclusorio Oriente",
            ],
        },
        victims_count=4,
        notes="Consigned before the criminal judge: charged.",
    ),
    _ljz(
        "_posts/2014/02/21/1428-rescatan.menores.md",
        "lajornada",
        is_case=True,
        perpetrators=[],
        charges=[
            {"as_written": "trata de personas", "category": "sex_trafficking"},
            {"as_written": "pornografía", "category": "other"},
        ],
        jurisdiction={
            "country": "MX",
            "admin1": DF,
            "city": f"{CDMX} (Copilco)",
            "court_or_agency": [
                "Subprocuraduría Especializada en Investigación de Delincuencia Organizada",
                "Procuraduría General de la República",
                "Reclusorio Sur",
            ],
        },
        victims_count=3,
        notes="Father (identity withheld) accused and jailed: charged, unnamed. A second, "
        "unnamed case in the same text: a bar owner detained in Tlahualica (as written), Hidalgo, two minors "
        "rescued. Charge names no minor, facts sexual exploitation: sex_trafficking.",
    ),
    _ljz(
        "_posts/2013/08/26/2011-trata-de-personas.md",
        "lajornada",
        is_case=True,
        perpetrators=[
            {"name": "Amado Romero Cruz", "status": "arrested"},
            {"name": "Fabiola Medina Cruz", "status": "arrested"},
        ],
        charges=[
            {
                "as_written": "trata de personas en la modalidad de explotación sexual y laboral",
                "category": "sex_trafficking",
            },
            {"as_written": "delitos en materia sanitaria", "category": "other"},
        ],
        jurisdiction={
            "country": "MX",
            "admin1": "Chiapas",
            "city": "Pijijiapan",
            "court_or_agency": [
                "Procuraduría General de Justicia del Estado",
                "Instituto Nacional de Migración",
            ],
        },
        related=["HN", "NI"],
        victims_count=15,
        notes="Detained for trafficking; no charge filed reported: arrested. Sexual and labour "
        "exploitation, the facts are sexual: sex_trafficking.",
    ),
    _ljz(
        "_posts/2013/12/21/2244-trafico_personas.md",
        "ljz",
        is_case=True,
        perpetrators=[],
        charges=[{"as_written": "tráfico de personas", "category": "migrant_smuggling"}],
        jurisdiction={
            "country": "MX",
            "court_or_agency": [
                "Procuraduría General de la República",
                "Subprocuraduría Especializada en Investigación de Delincuencia Organizada",
            ],
        },
        related=["BD", "IN", "NP", "US"],
        victims_count=13,
        notes="10 unnamed detainees (3 Bangladeshi, 7 Mexican) of a smuggling network.",
    ),
    _ljz(
        "_posts/2013/04/07/1415-rescatan-a-73-migrantes-en-chiapas.markdown",
        "ljz",
        is_case=True,
        perpetrators=[
            {
                "name": "Marco Antonio Pérez Ortiz",
                "status": "arrested",
                "nationality": "Mexican",
                "age": 31,
            }
        ],
        charges=[{"as_written": "tráfico de indocumentados", "category": "migrant_smuggling"}],
        jurisdiction={
            "country": "MX",
            "admin1": "Chiapas",
            "city": "Ocosingo",
            "court_or_agency": [
                "Instituto Nacional de Migración",
                "Ministerio Público de la Federación",
            ],
        },
        related=["GT", "HN", "SV", "NI", "US"],
        victims_count=73,
        notes="Placed at the disposal of the federal MP as probable perpetrator: arrested. Three "
        "more unnamed smugglers detained. Near-duplicate post of "
        "_posts/2013/04/07/0314-qrescataq-inm-a-73-migrantes-en-dos-operativos-en-chiapas.markdown, "
        "which is in es_ljz.jsonl; this copy is not.",
    ),
    _ljz(
        "_posts/2013/06/29/0308-berlusconi.md",
        "ljz",
        is_case=True,
        perpetrators=[
            {"name": "Lele Mora", "status": "charged"},
            {"name": "Emilio Fede", "status": "charged"},
            {"name": "Nicole Minetti", "status": "charged"},
        ],
        charges=[
            {
                "as_written": "ayudar e inducir a la prostitución de menores",
                "category": "child_trafficking",
            }
        ],
        jurisdiction={
            "country": "IT",
            "admin1": "Lombardy",
            "city": "Milan",
            "court_or_agency": ["corte de Milán"],
        },
        victims=["Karima El Maroug", "Ruby, la Rompecorazones"],
        notes="On trial for aiding and inducing prostitution of minors (pimping counts). "
        "Berlusconi's own conviction for paying for sex with a minor is another case: not a "
        "perpetrator here.",
        borderline=True,
    ),
    _ljz(
        "_posts/2013/07/19/1441-condenan-a-amigos-berlusconi.md",
        "afp",
        is_case=True,
        perpetrators=[
            {"name": "Lele Mora", "status": "sentenced"},
            {"name": "Emilio Fede", "status": "sentenced"},
            {"name": "Nicole Minetti", "status": "sentenced"},
        ],
        charges=[
            {
                "as_written": "inducir y favorecer la prostitución de chicas",
                "category": "sex_trafficking",
            },
            {"as_written": "proxenetismo", "category": "sex_trafficking"},
        ],
        jurisdiction={
            "country": "IT",
            "admin1": "Lombardy",
            "city": "Milan",
            "court_or_agency": ["tribunal de Milán"],
        },
        victims=["Ruby", "Karima el Mahroug", "Imane Fadil"],
        event_date="2013-07-19",
        notes="Sentenced to 7 (Mora, Fede) and 5 years (Minetti) for inducing and aiding "
        "prostitution (pimping counts as sex trafficking). Berlusconi: another case. Imane "
        "Fadil: witness.",
    ),
    _ljz(
        "_posts/2014/02/04/1945-trafico-sexual-supertazon.md",
        "afp",
        is_case=True,
        perpetrators=[],
        charges=[{"as_written": "tráfico sexual de menores", "category": "child_trafficking"}],
        jurisdiction={"country": "US", "court_or_agency": ["FBI"]},
        victims_count=16,
        notes="45 unnamed pimps detained; Ron Hosko is an FBI official.",
    ),
    _ljz(
        "_posts/2013/11/21/1638-liberacion.md",
        "afp",
        is_case=True,
        perpetrators=[],
        charges=[
            {"as_written": "esclavitud y servicio doméstico", "category": "labour_trafficking"}
        ],
        jurisdiction={
            "country": "GB",
            "admin1": "England",
            "city": "London (Lambeth)",
            "court_or_agency": ["Scotland Yard"],
        },
        victims_count=3,
        victims=["Jaycee Lee Dugard", "Natascha Kampusch", "Elisabeth Fritzl", "Maria Monaco"],
        notes="Two unnamed 67-year-olds detained in a slavery and domestic servitude "
        "investigation. Victims named are of other captivity cases recalled in the text; their "
        "captors (Castro, Garrido, Priklopil, Fritzl) are not accused in this case.",
    ),
    _ljz(
        "_posts/2013/07/29/1359-rescata-fbi.md",
        "dpa",
        is_case=True,
        perpetrators=[],
        charges=[{"as_written": "prostitución infantil", "category": "child_trafficking"}],
        jurisdiction={"country": "US", "court_or_agency": ["FBI"]},
        victims_count=105,
        notes="150 unnamed pimps arrested in an operation against child prostitution; the "
        "charge is the operation's target, not a stated count.",
    ),
    {
        "repo": CNR,
        "path": "_posts/2022-03-2-obtiene-la-fge-vinculacion-a-proceso-para-dos-sujetos-por-trata-de-personas.md",
        "source": "cnr",
        "lang": "es",
        "cop": "MX",
        "date": "2022-03-02",
        "genre": "news",
        "is_case": True,
        "perpetrators": [
            {"name": "Bardomiano “N”", "status": "charged"},
            {"name": "María Luisa “N”", "status": "charged"},
        ],
        "charges": [
            {
                "as_written": "trata de personas en su modalidad de explotación sexual",
                "category": "sex_trafficking",
            }
        ],
        "jurisdiction": {
            "country": "MX",
            "admin1": "Baja California",
            "city": "Tijuana",
            "court_or_agency": [
                "Fiscalía General del Estado",
                "Fiscalía Especializada en Delitos Contra la Mujer por Razón de Género",
                "Agencia Estatal de Investigación",
            ],
        },
        "victims_count": 1,
        "event_date": "2018-03",
        "notes": "Bound over for trial (vinculación a proceso) in pre-trial detention: charged. "
        "Names as the outlet writes them (surname withheld as “N”). Victim a 7-year-old girl, "
        "unnamed; charge names no minor: sex_trafficking.",
    },
]

ES_NEG = [
    _ljz(
        "_posts/2013/11/08/1334-secuestrados.md",
        "lajornada",
        is_case=False,
        reason="other_crime",
        country="MX",
        notes="61 kidnapped people (54 foreigners) freed, 4 detained: kidnapping, no trafficking or smuggling charge.",
    ),
    _ljz(
        "_posts/2013/07/20/1806-detienen-a-secuestrador.md",
        "lajornada",
        is_case=False,
        reason="other_crime",
        country="MX",
        borderline=True,
        notes="Leonel Rivera Ayala detained for illegal deprivation of liberty of two migrants; "
        "called a pollero / traficante de personas, but the stated offence is kidnapping.",
    ),
    _ljz(
        "_posts/2014/01/11/1425-pareja-vendia-droga-alvaro-obregon.md",
        "lajornada",
        is_case=False,
        reason="drug",
        country="MX",
    ),
    _ljz(
        "_posts/2014/02/18/2331-cartel_sinaloa.md",
        "lajornada",
        is_case=False,
        reason="drug",
        country="MX",
    ),
    _ljz(
        "_posts/2014/02/12/1324-tunel.md", "lajornada", is_case=False, reason="drug", country="MX"
    ),
    _ljz(
        "_posts/2014/01/31/1715-consignan.md",
        "lajornada",
        is_case=False,
        reason="other_crime",
        country="MX",
        borderline=True,
        notes="Coach charged with 'prostitución infantil, pornografía y corrupción de menores' for "
        "abusing the children he trained; no exploitation for gain by third parties described.",
    ),
    _ljz(
        "_posts/2013/05/20/2302-rescatan-en-tlaxcala-a-35-victimas-de-trata-de-personas.markdown",
        "ljz",
        is_case=False,
        reason="awareness",
        country="MX",
        topic=True,
        notes="Rescue statistics over 24 months; nobody arrested or charged in the text. Also in es_ljz.jsonl.",
    ),
    _ljz(
        "_posts/2013/04/03/2017-recupera-instituto-nacional-de-migracion-a-66-menores-hondurenos.markdown",
        "ljz",
        is_case=False,
        reason="awareness",
        country="MX",
        topic=True,
        notes="Children recovered; the adults held are relatives, no smuggler arrested. Also in es_ljz.jsonl.",
    ),
    _ljz(
        "_posts/2013/04/23/0447-posponen-al-13-de-mayo-juicio-a-berlusconi-por-caso-ruby.markdown",
        "ljz",
        is_case=False,
        reason="other_crime",
        country="IT",
        borderline=True,
        victims=["Karima el Mahroug", "Ruby Rompecorazones"],
        notes="Berlusconi tried for paying for sex with a minor and abuse of office: the buyer, "
        "not a trafficking or pimping charge.",
    ),
    _ljz(
        "_posts/2014/02/11/0203-alcalde_sombrerete.md",
        "ljz",
        is_case=False,
        reason="road",
        country="MX",
        victims=[
            "Juan Ángel Castañeda Lizardo",
            "Ricardo Barajas",
            "Manuel Herrera Estrella",
            "Cecilia Sánchez Luna",
            "Arnoldo Flores Saldívar",
        ],
        notes="Road crash; the dead and injured named count as victims.",
    ),
    _ljz(
        "_posts/2014/02/24/0153-banda_secuestradores.md",
        "ljz",
        is_case=False,
        reason="other_crime",
        country="MX",
    ),
    _ljz(
        "_posts/2014/01/08/1822-detiene-pep-hombre-con-mariguana.md",
        "ljz",
        is_case=False,
        reason="drug",
        country="MX",
    ),
    _ljz(
        "_posts/2013/05/04/2208-desmantelan-red-de-trafico-de-mariguana-entre-espana-y-holanda-21-detenidos.markdown",
        "ljz",
        is_case=False,
        reason="drug",
        country="ES",
    ),
    _ljz(
        "_posts/2013/04/27/1718-mueren-10-musicos-en-accidente-en-la-via-monterrey-nuevo-laredo.markdown",
        "ljz",
        is_case=False,
        reason="road",
        country="MX",
    ),
    _ljz(
        "_posts/2013/04/20/2049-incautan-en-colombia-tres-toneladas-de-cocaina-con-destino-a-mexico.markdown",
        "ljz",
        is_case=False,
        reason="drug",
        country="CO",
    ),
    _ljz(
        "_posts/2013/04/02/1714-detienen-en-zacatecas-a-sujeto-que-resguardaba-bodega-de-armas.markdown",
        "ljz",
        is_case=False,
        reason="arms",
        country="MX",
    ),
    _ljz(
        "_posts/2014/01/10/1859-exportar-armas-a-mexico.md",
        "ljz",
        is_case=False,
        reason="arms",
        country="US",
        notes="Post without byline: credited to La Jornada Zacatecas.",
    ),
    _ljz(
        "_posts/2014/01/22/0021-PEP.md",
        "ljz",
        is_case=False,
        reason="other_crime",
        country="MX",
        victims=["Alberto “N”"],
        notes="Kidnapped 15-year-old freed; six detained for kidnapping.",
    ),
    _ljz(
        "_posts/2013/12/10/2025-sentencia-mexicano.md",
        "notimex",
        is_case=False,
        reason="other_crime",
        country="US",
        borderline=True,
        notes="Three 'traficantes de indocumentados' sentenced for kidnapping migrants for "
        "ransom; the charges are kidnapping, conspiracy and a firearm, not smuggling.",
    ),
    _ljz(
        "_posts/2014/01/25/1242-liberan-secuestrados-tamaulipas.md",
        "notimex",
        is_case=False,
        reason="other_crime",
        country="MX",
    ),
    _ljz(
        "_posts/2014/02/17/1509-cura.md",
        "afp",
        is_case=False,
        reason="other_crime",
        country="PL",
        notes="Priest detained for child sexual abuse; a nuncio suspected of paid sex with minors "
        "is mentioned, no trafficking or pimping charge.",
    ),
    _ljz(
        "_posts/2014/02/15/1412-admite-argentina.md",
        "afp",
        is_case=False,
        reason="drug",
        country="AR",
    ),
    _ljz(
        "_posts/2014/02/15/1347-buque-norcoreano.md",
        "afp",
        is_case=False,
        reason="arms",
        country="PA",
    ),
    _ljz(
        "_posts/2013/11/29/1944-cliente-prostitutas.md",
        "afp",
        is_case=False,
        reason="policy",
        country="FR",
        notes="French law penalising clients of prostitution; names proxenetismo, no case.",
    ),
    _ljz(
        "_posts/2013/08/16/1243-red-de-pornografia-infantil.md",
        "dpa",
        is_case=False,
        reason="other_crime",
        notes="Child-pornography arrests in nine countries.",
    ),
    _ljz(
        "_posts/2014/02/08/1225-protesta-en-india.md",
        "dpa",
        is_case=False,
        reason="other_crime",
        country="IN",
    ),
    _ljz(
        "_posts/2014/01/07/1231-infanta-cristina.md",
        "dpa",
        is_case=False,
        reason="other_crime",
        country="ES",
    ),
]

_CNR_NEG = [
    ("2020-10-21-cumplimenta-fge-orden-de-aprehension.md", "other_crime", [], None),
    ("2020-12-15-continuan-los-decomisos-de-droga-en-paqueterias.md", "drug", [], None),
    (
        "2020-12-11-durante-cateo-se-confiscaron-maquinas-tragamonedas.md",
        "drug",
        ["Danna Sugey"],
        "Drug raids; mentions an operation for corrupción de menores without any trafficking; Danna Sugey is a missing young woman.",
    ),
    (
        "2020-12-18-decomiso-de-cachorros-comercializados-ilegalmente-en-las-garitas.md",
        "other",
        [],
        "Illegal sale of puppies at border crossings.",
    ),
    ("2020-12-11-mujer-muere-despues-de-ser-atropellada.md", "road", [], None),
    ("2020-12-21-fuerte-choque-en-rosarito-zona-centro.md", "road", [], None),
    ("2020-12-21-intento-de-secuestro.md", "other_crime", [], None),
    ("2021-01-05-ejecutan-a-cinco-jovenes.md", "other_crime", ["Alexis Chavez"], None),
    ("2021-01-05-es-hallada-una-narcomanta.md", "drug", [], "Body with a cartel message."),
    (
        "2021-01-18-asesinan-a-juez-de-tijuana-en-rosarito.md",
        "other_crime",
        ["Diana Marlen Montes de Oca Ramos", "Rosa Ramos Méndez"],
        None,
    ),
    ("2021-02-04-detienen-a-hombre-con-droga-y-pistola.md", "drug", [], None),
    ("2021-02-04-capturan-a-ladron-minutos-despues-tras-una-denuncia.md", "other_crime", [], None),
    ("2021-02-08-intentan-violarla-y-fiscalia-omite-la-denuncia.md", "other_crime", [], None),
    ("2020-12-16-operativo-de-la-fiscalia.md", "other", [], None),
    ("2020-12-15-se-da-a-la-fuga-y-es-detenido-en-zona-centro.md", "other_crime", [], None),
    ("2021-02-08-accidente-vehicular-en-santa-anita.md", "road", [], None),
    ("2020-12-24-se-requiere-apoyo-a-migrantes.md", "policy", [], "Support for migrant shelters."),
    ("2021-02-09-primer-caso-covid-19-en-albergue-migrante-de-tijuana.md", "other", [], None),
    ("2020-12-19-persona-es-asesinada-en-colonia-loma-alta.md", "other_crime", [], None),
    ("2021-02-04-disparos-de-arma-de-fuego-en-otay.md", "other_crime", [], None),
    (
        "2021-01-05-setenciada-a-60-años.md",
        "other_crime",
        [],
        "Mother to be tried for killing her two children.",
    ),
]
ES_NEG += [
    _cnr(
        f"_posts/{name}",
        is_case=False,
        reason=reason,
        victims=victims,
        notes=(note + " " if note else "")
        + "Older copy of the CNR Noticias site (jahbenjah/cnrnoticias.tv).",
    )
    for name, reason, victims, note in _CNR_NEG
]

FR = [
    _bbc(
        "test",
        97,
        "https://www.bbc.com/afrique/region-59915419",
        is_case=True,
        perpetrators=[],
        charges=[
            {"as_written": "Trafic d'êtres humains", "category": "child_trafficking"},
            {"as_written": "tenté de vendre son fils", "category": "child_trafficking"},
        ],
        jurisdiction={
            "country": "LR",
            "city": "Monrovia",
            "court_or_agency": ["police libérienne"],
        },
        related=["SL"],
        victims_count=1,
        notes="A 29-year-old Sierra Leonean (unnamed) arrested and charged ('arrêté et inculpé') "
        "for trying to sell his 10-year-old son. The charge is the sale of a child.",
    ),
    _bbc(
        "test",
        49,
        "https://www.bbc.com/afrique/region-48767221",
        is_case=False,
        reason="awareness",
        country="NE",
        topic=True,
        notes="IOM migrant rescues in the desert; Niger's 2015 law against migrant smuggling "
        "mentioned, no case.",
    ),
    _bbc(
        "test",
        29,
        "https://www.bbc.com/afrique/region-48826920",
        is_case=False,
        reason="drug",
        country="SN",
    ),
    _bbc(
        "test",
        22,
        "https://www.bbc.com/afrique/region-49643916",
        is_case=False,
        reason="other",
        country="GH",
    ),
    _bbc(
        "test",
        217,
        "https://www.bbc.com/afrique/region-49821099",
        is_case=False,
        reason="other_crime",
        country="BF",
    ),
    _bbc(
        "dev",
        144,
        "https://www.bbc.com/afrique/region-49915860",
        is_case=False,
        reason="policy",
        country="BF",
        notes="Corruption survey.",
    ),
    _bbc(
        "test",
        265,
        "https://www.bbc.com/afrique/region-50199847",
        is_case=False,
        reason="other_crime",
        country="SN",
        victims=["Abdou Elinkine Diatta"],
    ),
    _bbc("test", 205, "https://www.bbc.com/afrique/region-50383086", is_case=False, reason="other"),
    _bbc(
        "test",
        222,
        "https://www.bbc.com/afrique/region-50455971",
        is_case=False,
        reason="other",
        country="BF",
        notes="Army operation; women held as sexual slaves by armed groups freed. No accused.",
    ),
    _bbc(
        "test",
        405,
        "https://www.bbc.com/afrique/region-50501951",
        is_case=False,
        reason="other_crime",
        country="NG",
    ),
    _bbc(
        "dev",
        30,
        "https://www.bbc.com/afrique/region-50630333",
        is_case=False,
        reason="other_crime",
        country="ZA",
    ),
    _bbc(
        "dev",
        22,
        "https://www.bbc.com/afrique/region-52705447",
        is_case=False,
        reason="other_crime",
        notes="Singer accused of abducting her own child (custody dispute).",
    ),
    _bbc(
        "test",
        128,
        "https://www.bbc.com/afrique/monde-53685685",
        is_case=False,
        reason="other_crime",
        country="MM",
        notes="Pastor sentenced to prison with forced labour ('travaux forcés') for breaking Covid rules: a penalty, not forced labour as an offence.",
    ),
    _bbc(
        "test",
        62,
        "https://www.bbc.com/afrique/monde-54195357",
        is_case=False,
        reason="other_crime",
    ),
    _bbc(
        "test",
        389,
        "https://www.bbc.com/afrique/monde-55362348",
        is_case=False,
        reason="other",
        country="AR",
    ),
    _bbc(
        "test",
        338,
        "https://www.bbc.com/afrique/sports-51768854",
        is_case=False,
        reason="road",
        country="GN",
        victims=["Alfred Kargbo", "Aboubacar Camara", "N'Fa Laye"],
    ),
    _bbc(
        "dev",
        32,
        "https://www.bbc.com/afrique/monde-60054092",
        is_case=False,
        reason="other",
        country="TD",
    ),
    _bbc(
        "dev",
        166,
        "https://www.bbc.com/afrique/articles/c3g4zdgmp1mo",
        is_case=False,
        reason="arms",
        notes="Arms trafficker Viktor Bout's biography and prisoner swap.",
    ),
    _bbc(
        "dev",
        153,
        "https://www.bbc.com/afrique/monde-63630062",
        is_case=False,
        reason="awareness",
        country="IT",
        topic=True,
        borderline=True,
        victims=["Omar Baldeh", "Camara Fantamadi", "Boja", "Issa"],
        notes="Feature on exploitation of African olive pickers under the 'caporalato' gang-master "
        "system in Sicily; no legal step against anyone. Boja and Issa are workers who speak.",
    ),
    _bbc(
        "test",
        299,
        "https://www.bbc.com/afrique/50029921",
        is_case=False,
        reason="other_crime",
        country="BF",
    ),
    _bbc(
        "dev",
        18,
        "https://www.bbc.com/afrique/region-58995750",
        is_case=False,
        reason="other_crime",
        country="ZA",
        notes="Romance-scam gang charged, extradition sought by the US.",
    ),
    _bbc(
        "test",
        400,
        "https://www.bbc.com/afrique/articles/crg9xd42pqlo",
        is_case=False,
        reason="other_crime",
        country="BR",
        notes="Kidnappings through dating apps in São Paulo.",
    ),
    _bbc(
        "dev",
        38,
        "https://www.bbc.com/afrique/region-49266290",
        is_case=False,
        reason="other_crime",
        country="GB",
        notes="Police investigate a racist tweet (hate crime).",
    ),
    _bbc("dev", 109, "https://www.bbc.com/afrique/monde-53571138", is_case=False, reason="other"),
    _bbc(
        "dev",
        66,
        "https://www.bbc.com/afrique/region-52679375",
        is_case=False,
        reason="other_crime",
        country="BF",
        notes="Terror suspects dead in police cells; an earlier case of drug-trafficking detainees recalled.",
    ),
    _bbc(
        "dev",
        91,
        "https://www.bbc.com/afrique/region-49138841",
        is_case=False,
        reason="other",
        country="BF",
    ),
    _bbc(
        "dev",
        137,
        "https://www.bbc.com/afrique/region-49912349",
        is_case=False,
        reason="other_crime",
        country="CD",
        notes="NGO asks prosecutor to investigate illicit enrichment.",
    ),
    _bbc(
        "dev",
        165,
        "https://www.bbc.com/afrique/region-50311742",
        is_case=False,
        reason="other",
        country="NE",
        notes="UNHCR resettlement of refugees from Niger to Italy; no smuggling or trafficking.",
    ),
    _bbc(
        "dev",
        170,
        "https://www.bbc.com/afrique/region-54958383",
        is_case=False,
        reason="other_crime",
        country="ZA",
        notes="Preacher accused of fraud and money laundering fled across the border illegally; extradition requested.",
    ),
    _bbc(
        "test",
        43,
        "https://www.bbc.com/afrique/monde-50429413",
        is_case=False,
        reason="other",
        notes="Artisanal gold mining funds jihadist groups ('exploitation' = mining).",
    ),
    _bbc("test", 353, "https://www.bbc.com/afrique/sports-49021196", is_case=False, reason="other"),
    _bbc(
        "test",
        232,
        "https://www.bbc.com/afrique/region-50714976",
        is_case=False,
        reason="other",
        country="SN",
        victims=["Birame Senghor", "Biram Senghor", "Mbapp Senghor"],
        notes="Son of a soldier killed at Thiaroye in 1944 seeks justice; both spellings of his name appear.",
    ),
    _bbc(
        "test",
        267,
        "https://www.bbc.com/afrique/region-50092660",
        is_case=False,
        reason="other_crime",
        country="GM",
        victims=["Ousman Koro Ceesay"],
        notes="Admission of executions before a truth commission.",
    ),
    _bbc(
        "test",
        206,
        "https://www.bbc.com/afrique/region-51082625",
        is_case=False,
        reason="other",
        country="NE",
    ),
]


def _drc(row: int, source: str, url: str, **kw) -> dict:
    art = {
        "repo": CONGO,
        "path": "data/2024-11-06-news.csv",
        "selector": {"kind": "csv", "row": row, "fields": ["title", "content"]},
        "source": source,
        "lang": "fr",
        "cop": "CD",
        "url": url,
        "date": "2024-11-06",
        "genre": "news",
        "country": "CD",
        "is_case": False,
    }
    art.update(kw)
    return art


# Congolese news scraped on 2024-11-06 (title and content columns of the CSV); actu30.cd rows
# of the same file are left out: their scraped text lost its quotations (truncated).
FR += [
    _drc(
        0,
        "actualite-cd",
        "https://actualite.cd/index.php/2024/11/06/affaire-mike-mukebayi-croyez-moi-nous-sommes-suffisamment-impliques-pour-que-la-bonne",
        reason="other_crime",
        notes="Detained former MP's letter to the justice minister.",
    ),
    _drc(
        17,
        "actualite-cd",
        "https://actualite.cd/2024/11/06/ituri-un-chef-du-village-tue-dans-une-attaque-des-adf-irumu",
        reason="other",
        notes="Armed-group attack; hostages escaped earlier.",
    ),
    _drc(
        72,
        "actualite-cd",
        "https://actualite.cd/index.php/2024/11/06/en-rdc-debut-ce-mercredi-des-etats-generaux-de-la-justice",
        reason="policy",
        notes="Justice reform conference; 'trafic d'influence' named.",
    ),
    _drc(
        44,
        "mediacongo",
        "https://www.mediacongo.net/article-actualite-143947_la_justice_congolaise_malade_son_traitement_debute_aujourd_hui.html",
        reason="policy",
        notes="Justice reform conference ('traitement' = treatment).",
    ),
    _drc(
        49,
        "mediacongo",
        "https://www.mediacongo.net/article-actualite-143950_ituri_un_chef_coutumier_parmi_des_civils_tues_a_walendu_bindi.html",
        reason="other",
        notes="Armed-group attack, hostages taken.",
    ),
    _drc(
        59,
        "mediacongo",
        "https://www.mediacongo.net/article-actualite-143961_bagira_le_vice_president_de_la_societe_civile_prince_centwali_violemment_agresse.html",
        reason="other_crime",
        victims=["Prince Centwali"],
        notes="Assault of a civil-society leader; 'maisons de tolérance' (brothels) blamed for insecurity, no case.",
    ),
    _drc(
        67,
        "econewsrdc",
        "https://econewsrdc.com/proces-des-forages-et-lampadaires-nicolas-kazadi-plus-blanc-que-neige-selon-le-pg-mvonde/",
        reason="other_crime",
        notes="Corruption trial; a former minister granted immunity.",
    ),
]

_TW = "data/articles/twitter_articles/"
FR += [
    {
        "repo": AKIN,
        "path": _TW
        + "monde-frontex-a-t-elle-tire-sur-des-migrants-01-09-2016-2065179-24-php_www-lepoint-fr.md",
        "source": "lepoint",
        "lang": "fr",
        "cop": "FR",
        "url": "http://www.lepoint.fr/monde/frontex-a-t-elle-tire-sur-des-migrants-01-09-2016-2065179_24.php",
        "date": "2016-09-01",
        "genre": "news",
        "is_case": False,
        "reason": "other",
        "country": "GR",
        "notes": "Frontex operations against smugglers ('passeurs') and shootings at migrant boats; charges against a coast guard dropped. No smuggling case against a person.",
    },
    {
        "repo": AKIN,
        "path": _TW
        + "immigration-et-diversite-article-2015-07-30-j-essaie-tous-les-jours-de-passer-en-angleterre-4704575-1654200-html_www-lemonde-fr.md",
        "source": "lemonde",
        "lang": "fr",
        "cop": "FR",
        "url": "http://www.lemonde.fr/immigration-et-diversite/article/2015/07/30/j-essaie-tous-les-jours-de-passer-en-angleterre_4704575_1654200.html",
        "date": "2015-07-30",
        "genre": "news",
        "is_case": False,
        "reason": "other",
        "country": "FR",
        "victims": ["Alam Ahmadzai", "Tarek", "Sadam Matar", "Ahmadi Mahmood Jan"],
        "notes": "Migrants at Calais trying to reach England; no smuggling named. The migrants named are listed as vulnerable people (not crime victims) so that their names are counted if they leak.",
    },
]

# Orange Actu pages of OrangeSum (Tixierae/OrangeSum, data/docs/parsed/N.json: title, heading
# (the abstract, empty on some pages), article). Date and URL: the JSON's date and the page's
# link in data/docs/raw/N.txt. Source by the page's author meta (see SPLITS).
ORANGE_PAGES = {
    10036: (
        "2017-11-17",
        "https://actu.orange.fr/societe/fait-divers/vosges-une-jeune-femme-de-19-ans-enlevee-et-forcee-a-se-prostituer-magic-CNT000000Scvnk.html",
    ),
    10251: (
        "2020-05-23",
        "https://actu.orange.fr/france/ile-de-france-trois-suspects-ecroues-apres-un-coup-de-filet-dans-un-reseau-de-prostitution-magic-CNT000001qnoRt.html",
    ),
    10480: (
        "2017-09-29",
        "https://actu.orange.fr/societe/fait-divers/lyon-un-pasteur-evangeliste-a-la-tete-d-un-reseau-de-prostitution-magic-CNT000000PaEsG.html",
    ),
    11933: (
        "2017-02-26",
        "https://actu.orange.fr/societe/fait-divers/seine-et-marne-un-couple-diabolique-soupconne-de-prostituer-des-adolescentes-fugueuses-magic-CNT000000DFDLG.html",
    ),
    12684: (
        "2016-11-13",
        "https://actu.orange.fr/societe/fait-divers/essonne-un-ex-elu-tombe-dans-le-proxenetisme-a-vecu-un-enfer-magic-CNT000000x8I9b.html",
    ),
    12930: (
        "2016-10-22",
        "https://actu.orange.fr/societe/fait-divers/une-ex-enseignante-devient-mere-maquerelle-a-mulhouse-magic-CNT000000vQsjV.html",
    ),
    13860: (
        "2019-10-26",
        "https://actu.orange.fr/monde/royaume-uni-le-chauffeur-du-camion-transportant-39-corps-inculpe-pour-homicides-involontaires-magic-CNT000001kx1Wp.html",
    ),
    14096: (
        "2019-09-09",
        "https://actu.orange.fr/monde/philippines-une-americaine-tente-de-prendre-l-avion-avec-un-bebe-dissimule-dans-son-sac-magic-CNT000001iHsQV.html",
    ),
    14322: (
        "2019-08-10",
        "https://actu.orange.fr/monde/new-york-le-financier-jeffrey-epstein-s-est-suicide-en-prison-magic-CNT000001hNEyE.html",
    ),
    1499: (
        "2020-05-29",
        "https://actu.orange.fr/societe/fait-divers/camion-charnier-en-angleterre-un-chef-presume-du-reseau-arrete-en-allemagne-apres-les-interpellations-en-france-et-en-belgique-CNT000001qvrz3.html",
    ),
    1502: (
        "2020-05-30",
        "https://actu.orange.fr/france/camion-charnier-en-angleterre-les-13-suspects-interpelles-en-france-mis-en-examen-CNT000001qx9vx.html",
    ),
    1551: (
        "2020-05-29",
        "https://actu.orange.fr/societe/fait-divers/camion-charnier-en-angleterre-les-gardes-a-vue-toujours-en-cours-en-france-CNT000001qvfzb.html",
    ),
    8768: (
        "2020-05-27",
        "https://actu.orange.fr/monde/camion-charnier-coup-de-filet-en-france-et-en-belgique-26-arrestations-CNT000001qslHe.html",
    ),
    15767: (
        "2018-08-08",
        "https://actu.orange.fr/monde/un-reseau-de-trafic-d-etres-humains-entre-la-france-et-l-espagne-demantele-magic-CNT0000015x74I.html",
    ),
    18322: (
        "2016-09-20",
        "https://actu.orange.fr/societe/people/article-6-mois-de-prison-avec-sursis-pour-une-animatrice-de-france-television-CNT000000tUroh.html",
    ),
    21989: (
        "2019-09-22",
        "https://actu.orange.fr/france/a-lyon-quatre-mises-en-examen-pour-trafic-de-personnes-et-travail-illegal-magic-CNT000001joQpm.html",
    ),
    23071: (
        "2019-07-29",
        "https://actu.orange.fr/france/enlevement-d-enfants-a-marseille-une-adolescente-mise-en-examen-et-ecrouee-magic-CNT000001hwwPG.html",
    ),
    23971: (
        "2019-06-24",
        "https://actu.orange.fr/france/hauts-de-france-un-vaste-reseau-de-trafic-d-etres-humains-demantele-magic-CNT000001gIFak.html",
    ),
    2920: (
        "2019-12-15",
        "https://actu.orange.fr/societe/fait-divers/rouen-4-jeunes-mis-en-examen-pour-avoir-prostitue-des-mineures-magic-CNT000001m6RiB.html",
    ),
    32295: (
        "2020-08-28",
        "https://actu.orange.fr/societe/fait-divers/l-accusation-demande-la-perpetuite-pour-le-gourou-d-une-secte-d-esclaves-sexuels-CNT000001sOH8w.html",
    ),
    4228: (
        "2019-07-19",
        "https://actu.orange.fr/societe/fait-divers/gironde-deux-hommes-mis-en-examen-pour-avoir-oblige-une-jeune-femme-partie-avec-eux-en-vacances-a-se-prostituer-magic-CNT000001hjuZM.html",
    ),
    8663: (
        "2020-05-30",
        "https://actu.orange.fr/france/toulouse-une-adolescente-de-17-ans-mise-en-examen-pour-proxenetisme-magic-CNT000001qxajG.html",
    ),
    9682: (
        "2017-12-23",
        "https://actu.orange.fr/societe/fait-divers/isere-un-couple-mis-en-examen-pour-avoir-prostitue-sa-voisine-handicapee-magic-CNT000000UvEnz.html",
    ),
    122: (
        "2020-07-02",
        "https://actu.orange.fr/societe/fait-divers/l-ex-collaboratrice-de-jeffrey-epstein-arretee-et-inculpee-de-trafic-de-mineures-CNT000001riTpO.html",
    ),
    11: (
        "2020-07-02",
        "https://actu.orange.fr/monde/ghislaine-maxwell-l-ex-compagne-de-jeffrey-epstein-rattrapee-par-la-justice-CNT000001rj72A.html",
    ),
    12590: (
        "2020-05-04",
        "https://actu.orange.fr/monde/allemagne-ouverture-du-proces-de-la-veuve-d-un-rappeur-jihadiste-tue-en-syrie-CNT000001pUBqG.html",
    ),
    11980: (
        "2020-05-13",
        "https://actu.orange.fr/france/aide-aux-migrants-la-relaxe-de-cedric-herrou-consacre-le-principe-de-fraternite-CNT000001q8kJk.html",
    ),
    7604: (
        "2018-08-07",
        "https://actu.orange.fr/societe/fait-divers/manche-des-passeurs-de-migrants-voulaient-utiliser-des-jet-skis-magic-CNT0000015v11a.html",
    ),
    21146: (
        "2019-11-02",
        "https://actu.orange.fr/france/alpes-maritimes-31-migrants-pakistanais-decouverts-dans-un-camion-sur-l-a8-magic-CNT000001kFYrT.html",
    ),
    33043: (
        "2020-07-31",
        "https://actu.orange.fr/societe/fait-divers/affaire-epstein-son-ex-collaboratrice-a-maintenu-le-contact-jusqu-en-2015-au-moins-CNT000001s6gRh.html",
    ),
    220: (
        "2020-07-02",
        "https://actu.orange.fr/societe/fait-divers/affaire-epstein-son-ex-collaboratrice-ghislaine-maxwell-arretee-aux-etats-unis-CNT000001riTfR.html",
    ),
    12095: (
        "2017-04-03",
        "https://actu.orange.fr/societe/insolite/montpellier-juge-pour-avoir-place-une-bombe-dans-un-sauna-echangiste-magic-CNT000000FOTmz.html",
    ),
    24431: (
        "2017-07-28",
        "https://actu.orange.fr/politique/nord-des-images-pedopornographiques-retrouvees-dans-l-ordinateur-d-un-medecin-magic-CNT000000Ltq91.html",
    ),
    6195: (
        "2018-12-23",
        "https://actu.orange.fr/societe/fait-divers/avignon-un-homme-abattu-dans-sa-voiture-magic-CNT000001bkTR6.html",
    ),
    29773: (
        "2018-06-09",
        "https://actu.orange.fr/france/orly-les-douanes-depassees-par-la-cocaine-en-provenance-de-guyane-magic-CNT0000013TtDc.html",
    ),
    1052: (
        "2020-06-13",
        "https://actu.orange.fr/societe/fait-divers/nice-un-policier-soupconne-de-renseigner-des-dealers-place-en-detention-CNT000001qQADo.html",
    ),
    1180: (
        "2020-06-09",
        "https://actu.orange.fr/societe/fait-divers/italie-un-trafiquant-de-drogue-cachait-15-millions-d-euros-derriere-un-faux-mur-CNT000001qKlfS.html",
    ),
    12490: (
        "2016-11-28",
        "https://actu.orange.fr/societe/fait-divers/enquete-sur-un-trafic-de-cannabis-au-sein-de-disneyland-paris-magic-CNT000000y2CA6.html",
    ),
    1873: (
        "2020-05-14",
        "https://actu.orange.fr/societe/fait-divers/lyon-645-kg-de-cannabis-saisis-au-milieu-de-salades-avariees-en-plein-confinement-CNT000001q9kBW.html",
    ),
    36110: (
        "2020-08-16",
        "https://actu.orange.fr/france/un-maire-guyanais-arrete-avec-2-5-kilos-de-stupefiants-magic-CNT000001sw6uz.html",
    ),
    36982: (
        "2020-07-04",
        "https://actu.orange.fr/france/neuf-interpellations-a-villeurbanne-dans-une-operation-de-lutte-contre-le-trafic-de-stupefiants-magic-CNT000001rmywF.html",
    ),
    20660: (
        "2019-11-23",
        "https://actu.orange.fr/france/adolescent-enleve-a-saint-brieuc-six-hommes-ecroues-magic-CNT000001lzXFl.html",
    ),
    2527: (
        "2020-06-23",
        "https://actu.orange.fr/france/la-loi-prostitution-souffre-dans-son-application-d-un-manque-de-volonte-politique-selon-un-rapport-CNT000001r4bDN.html",
    ),
    32383: (
        "2020-08-14",
        "https://actu.orange.fr/societe/people/le-manager-de-r-kelly-accuse-d-avoir-menace-un-cinema-de-fusillade-pour-empecher-la-diffusion-d-un-documentaire-CNT000001stvuk.html",
    ),
    13685: (
        "2017-07-18",
        "https://actu.orange.fr/societe/people/r-kelly-accuse-d-etre-a-la-tete-d-une-secte-sexuelle-magic-CNT000000L1d2o.html",
    ),
    10971: (
        "2017-07-31",
        "https://actu.orange.fr/societe/fait-divers/tours-un-sdf-reduit-en-esclavage-pendant-cinq-ans-magic-CNT000000Lzdg9.html",
    ),
    18504: (
        "2020-01-28",
        "https://actu.orange.fr/france/haute-saone-500-euros-d-amende-pour-avoir-cueilli-illegalement-266-kilos-de-champignons-magic-CNT000001ne7K6.html",
    ),
    9628: (
        "2020-05-26",
        "https://actu.orange.fr/france/dans-son-pavillon-12-appartements-insalubres-un-marchand-de-sommeil-en-proces-CNT000001qqFTz.html",
    ),
    13782: (
        "2019-11-16",
        "https://actu.orange.fr/monde/affaire-epstein-le-prince-andrew-affirme-ne-pas-se-souvenir-de-son-accusatrice-magic-CNT000001ljXzs.html",
    ),
    4469: (
        "2020-06-11",
        "https://actu.orange.fr/societe/media/en-egypte-les-vedettes-de-tiktok-derniere-cible-des-autorites-CNT000001qN9Nu.html",
    ),
    33796: (
        "2020-09-13",
        "https://actu.orange.fr/monde/les-philippines-expulsent-un-marine-americain-gracie-pour-le-meutre-d-une-transgenre-CNT000001tf3Kd.html",
    ),
    1500: (
        "2020-05-30",
        "https://actu.orange.fr/france/camion-charnier-en-angleterre-les-13-suspects-interpelles-en-france-inculpes-CNT000001qx8Mn.html",
    ),
    1506: (
        "2020-05-30",
        "https://actu.orange.fr/societe/fait-divers/camion-charnier-en-angleterre-les-13-suspects-interpelles-en-france-mis-en-examen-CNT000001qx8Ij.html",
    ),
}

_ORANGE_SEL = {"kind": "json", "pointer": "", "fields": ["title", "heading", "article"]}


def _orange(num: int, source: str, **kw) -> dict:
    date, url = ORANGE_PAGES[num]
    art = {
        "repo": ORANGE,
        "path": f"data/docs/parsed/{num}.json",
        "selector": _ORANGE_SEL,
        "source": source,
        "lang": "fr",
        "cop": "FR",
        "url": url,
        "date": date,
        "genre": "wire" if source == "afp" else "news",
    }
    art.update(kw)
    return art


_PROX = "proxénétisme"
_CAMION_NOTE = (
    "39 Vietnamese migrants found dead in a lorry at Grays (Essex), October 2019. Maurice "
    "Robinson, the driver, pleaded guilty to manslaughter in the same (British) case: convicted. "
    "'Duc le Chauve' is only a nickname (arrested in Germany on a French European arrest "
    "warrant). Belgian 'trafic d'êtres humains' is migrant smuggling in Belgian law (traite is "
    "trafficking): migrant_smuggling."
)

FR_ORANGE = [
    # ---- case reports, orange-actu / 6medias (dev) ----
    _orange(
        10036,
        "orange-actu",
        is_case=True,
        perpetrators=[],
        charges=[{"as_written": "proxénétisme avec contrainte", "category": "sex_trafficking"}],
        jurisdiction={
            "country": "FR",
            "admin1": "Grand Est",
            "city": "Epinal",
            "court_or_agency": ["police d'Epinal", "parquet d'Epinal"],
        },
        related=[],
        victims_count=1,
        notes="Two men and a woman (20-29, unnamed) held in garde à vue, to be brought before the "
        "prosecutor: arrested. The prosecutor calls the facts 'proxénétisme avec contrainte'.",
    ),
    _orange(
        10251,
        "orange-actu",
        is_case=True,
        perpetrators=[],
        charges=[
            {
                "as_written": "proxénétisme aggravé en bande organisée",
                "category": "sex_trafficking",
            },
            {"as_written": "association de malfaiteurs", "category": "other"},
            {"as_written": "traite d'êtres humains", "category": "sex_trafficking"},
        ],
        jurisdiction={
            "country": "FR",
            "admin1": "Île-de-France",
            "city": None,
            "court_or_agency": ["service départemental de la police judiciaire du 93"],
        },
        victims_count=11,
        notes="Three unnamed men mis en examen and remanded (charged); arrested in Seine-Saint-Denis "
        "and Val-d'Oise. Traite of girls for prostitution: sex_trafficking. Page credited 'Orange "
        "avec Media Services'.",
    ),
    _orange(
        10480,
        "orange-actu",
        is_case=True,
        perpetrators=[],
        charges=[{"as_written": _PROX, "category": "sex_trafficking"}],
        jurisdiction={
            "country": "FR",
            "admin1": "Auvergne-Rhône-Alpes",
            "city": "Lyon (Gerland)",
            "court_or_agency": ["Office central pour la répression de la traite des êtres humains"],
        },
        related=["IT", "PT", "NG"],
        notes="18 unnamed members (a 33-year-old pastor at the head) mis en examen for "
        "proxénétisme: charged. Nigerian women from Edo State.",
    ),
    _orange(
        11933,
        "orange-actu",
        is_case=True,
        perpetrators=[],
        charges=[{"as_written": "proxénétisme aggravé", "category": "sex_trafficking"}],
        jurisdiction={
            "country": "FR",
            "admin1": "Île-de-France",
            "city": "Pontault-Combault",
            "court_or_agency": [
                "sûreté départementale de Seine-et-Marne",
                "juge des enfants de Nanterre",
            ],
        },
        notes="A man of 21 and a girl of 17 (unnamed) arrested and accused of proxénétisme aggravé; "
        "he will be tried in Meaux, she was brought before a juvenile judge: charged.",
    ),
    _orange(
        12684,
        "6medias",
        is_case=True,
        perpetrators=[
            {"name": "Pierre", "status": "charged"},
            {"name": "Joël", "status": "charged"},
        ],
        charges=[{"as_written": _PROX, "category": "sex_trafficking"}],
        jurisdiction={
            "country": "FR",
            "admin1": "Île-de-France",
            "city": "Paris (17e arrondissement)",
            "court_or_agency": ["brigade de répression du proxénétisme"],
        },
        notes="Only first names. 'Pierre' (ex-elected official) mis en examen; 'Joël', a landlord, "
        "remanded in custody (détention provisoire follows a mise en examen): charged. 'Karen' "
        "(also called Carlos) is called a head of the network by the police but no step against "
        "her is reported, so she is not listed (named in the text as an accused, not a victim). "
        "Page credited '6Medias'.",
    ),
    _orange(
        12930,
        "orange-actu",
        is_case=True,
        perpetrators=[],
        charges=[{"as_written": "proxénétisme aggravé", "category": "sex_trafficking"}],
        jurisdiction={
            "country": "FR",
            "admin1": "Grand Est",
            "city": "Mulhouse",
            "court_or_agency": ["procureur de la République de Mulhouse"],
        },
        notes="A retired teacher of 73 called only 'Madame N' (an initial, not a name) and two others "
        "mis en examen for proxénétisme aggravé (charged); nine arrested.",
    ),
    _orange(
        13860,
        "orange-actu",
        is_case=True,
        perpetrators=[],
        charges=[
            {"as_written": "homicides involontaires", "category": "other"},
            {"as_written": "trafic d'êtres humains", "category": "other"},
            {"as_written": "aide à l'immigration illégale", "category": "migrant_smuggling"},
            {"as_written": "blanchiment d'argent", "category": "other"},
        ],
        jurisdiction={
            "country": "GB",
            "admin1": "England",
            "city": "Grays (Essex)",
            "court_or_agency": ["police de l'Essex"],
        },
        victims_count=39,
        notes="The lorry driver (25, from Northern Ireland, unnamed here) charged. 'Trafic d'êtres "
        "humains' with no kind of exploitation stated (smuggled migrants): other. Three others "
        "still in custody. Page credited 'Orange avec AFP-Services'.",
    ),
    _orange(
        14096,
        "orange-actu",
        is_case=True,
        perpetrators=[
            {"name": "Jennifer Talbot", "status": "charged", "nationality": "American", "age": 42}
        ],
        charges=[{"as_written": "trafic d'êtres humains", "category": "other"}],
        jurisdiction={
            "country": "PH",
            "admin1": "Metro Manila",
            "city": "Manille",
            "court_or_agency": [],
        },
        related=["US"],
        victims_count=1,
        notes="Charged with 'trafic d'êtres humains' for trying to fly a six-day-old baby out of "
        "Manila; the charge does not name a child and no exploitation is stated: other.",
    ),
    _orange(
        14322,
        "orange-actu",
        is_case=True,
        borderline=True,
        perpetrators=[{"name": "Jeffrey Epstein", "status": "charged", "age": 66}],
        charges=[
            {"as_written": "exploitation sexuelle de mineures", "category": "child_trafficking"},
            {
                "as_written": "association de malfaiteurs en vue d'exploiter sexuellement des mineures",
                "category": "child_trafficking",
            },
        ],
        jurisdiction={
            "country": "US",
            "admin1": "New York",
            "city": "New York",
            "court_or_agency": ["FBI", "Metropolitan Correctional Center"],
        },
        notes="Reports the death in custody of the accused awaiting trial (charged in July 2019 with "
        "sexual exploitation of minors, the French rendering of the US sex-trafficking count). "
        "Borderline: the new event is a death, not a legal step.",
    ),
    _orange(
        15767,
        "6medias",
        is_case=True,
        perpetrators=[],
        charges=[{"as_written": "trafic d'êtres humains", "category": "labour_trafficking"}],
        jurisdiction={
            "country": "ES",
            "admin1": "Pays basque",
            "city": "San Sebastian",
            "court_or_agency": [
                "police espagnole",
                "Europol",
                "unité centrale de lutte contre l'immigration illégale",
            ],
        },
        related=["FR"],
        victims_count=350,
        notes="Seven unnamed people arrested, suspected of trafficking (migrants sold to beg or work "
        "in stables: labour). Page credited '6Medias'.",
    ),
    _orange(
        18322,
        "orange-actu",
        genre="news",
        is_case=True,
        borderline=True,
        perpetrators=[{"name": "Carinne Teyssandier", "status": "sentenced"}],
        charges=[
            {"as_written": "emploi d'étranger sans titre de travail", "category": "other"},
            {"as_written": "travail dissimulé par dissimulation de salarié", "category": "other"},
            {
                "as_written": "aide au séjour irrégulier d'un étranger en France",
                "category": "migrant_smuggling",
            },
        ],
        jurisdiction={"country": "FR", "admin1": None, "city": None, "court_or_agency": []},
        victims=["Joanne Dimba"],
        notes="TV presenter and her (unnamed) husband sentenced to six months suspended for employing "
        "a Mauritian housekeeper illegally; 'aide au séjour irrégulier' is the smuggling offence, "
        "and the housekeeper's side spoke of modern slavery. Borderline: an employment case more "
        "than trafficking. Page signed Florian Lautre (Orange people section), credited to "
        "orange-actu.",
    ),
    _orange(
        21989,
        "orange-actu",
        is_case=True,
        perpetrators=[],
        charges=[
            {"as_written": "travail illégal en bande organisée", "category": "other"},
            {
                "as_written": "traite des êtres humains aux fins d'exploitation par le travail en bande organisée",
                "category": "labour_trafficking",
            },
            {"as_written": "association de malfaiteurs", "category": "other"},
        ],
        jurisdiction={
            "country": "FR",
            "admin1": "Auvergne-Rhône-Alpes",
            "city": "Lyon",
            "court_or_agency": [
                "office central de lutte contre le travail illégal (OCLTI)",
                "Juridiction Inter Régionale Spécialisée (JIRS) de Lyon",
                "Eurojust",
                "Europol",
            ],
        },
        related=["BG"],
        victims_count=167,
        notes="Three Bulgarians and a Frenchman (unnamed) mis en examen and under judicial control "
        "(charged); grape pickers exploited.",
    ),
    _orange(
        23071,
        "orange-actu",
        is_case=True,
        borderline=True,
        perpetrators=[],
        charges=[{"as_written": _PROX, "category": "sex_trafficking"}],
        jurisdiction={
            "country": "FR",
            "admin1": "Provence-Alpes-Côte d'Azur",
            "city": "Marseille",
            "court_or_agency": ["DDSP"],
        },
        notes="Main story: a 15-year-old girl charged with abducting three children (other crime). "
        "The children's mother's pimp (unnamed) was mis en examen and jailed for proxénétisme: a "
        "pimping charge inside the story. Borderline.",
    ),
    _orange(
        23971,
        "orange-actu",
        is_case=True,
        perpetrators=[],
        charges=[{"as_written": "trafic d'êtres humains", "category": "migrant_smuggling"}],
        jurisdiction={
            "country": "FR",
            "admin1": "Hauts-de-France",
            "city": "Lille",
            "court_or_agency": [
                "police aux frontières du Pas-de-Calais",
                "police judiciaire de Lille",
                "juridiction inter-régionale spécialisée du tribunal de grande instance de Lille",
                "Europol",
                "Eurojust",
            ],
        },
        related=["GB", "RO", "BE", "NL"],
        notes="17 unnamed people arrested in a smuggling network (lorry drivers moving migrants to "
        "England); the text calls it 'trafic d'êtres humains' and a 'réseau de passeurs': "
        "migrant_smuggling.",
    ),
    _orange(
        2920,
        "orange-actu",
        is_case=True,
        perpetrators=[],
        charges=[{"as_written": "proxénétisme en bande organisée", "category": "sex_trafficking"}],
        jurisdiction={
            "country": "FR",
            "admin1": "Normandie",
            "city": "Rouen",
            "court_or_agency": ["procureur de la République de Rouen"],
        },
        notes="Four young men (16-22, unnamed) mis en examen: charged. Victims minors, but the charge "
        "does not name them: sex_trafficking.",
    ),
    _orange(
        4228,
        "orange-actu",
        is_case=True,
        perpetrators=[],
        charges=[
            {"as_written": "proxénétisme aggravé", "category": "sex_trafficking"},
            {"as_written": "séquestration", "category": "other"},
        ],
        jurisdiction={
            "country": "FR",
            "admin1": "Nouvelle-Aquitaine",
            "city": "Lormont",
            "court_or_agency": [],
        },
        victims_count=1,
        notes="Two unnamed men (24 and 25) mis en examen and remanded: charged.",
    ),
    _orange(
        8663,
        "orange-actu",
        is_case=True,
        perpetrators=[],
        charges=[{"as_written": "proxénétisme aggravé", "category": "sex_trafficking"}],
        jurisdiction={
            "country": "FR",
            "admin1": "Occitanie",
            "city": "Toulouse",
            "court_or_agency": ["parquet de Toulouse"],
        },
        victims_count=5,
        notes="An unnamed girl of 17 mis en examen and jailed: charged. Page credited 'Orange avec "
        "Media Services'.",
    ),
    _orange(
        9682,
        "orange-actu",
        is_case=True,
        perpetrators=[],
        charges=[{"as_written": _PROX, "category": "sex_trafficking"}],
        jurisdiction={
            "country": "FR",
            "admin1": "Auvergne-Rhône-Alpes",
            "city": "Vienne",
            "court_or_agency": ["procureur de la République de Vienne"],
        },
        victims_count=1,
        notes="An unnamed couple (19 and 23) mis en examen for proxénétisme and detained: charged.",
    ),
    _orange(
        7604,
        "orange-actu",
        is_case=True,
        perpetrators=[],
        charges=[
            {
                "as_written": "fait passer des migrants de la France vers l'Angleterre par la mer",
                "category": "migrant_smuggling",
            }
        ],
        jurisdiction={
            "country": "GB",
            "admin1": "England",
            "city": "Londres",
            "court_or_agency": ["tribunal londonien"],
        },
        related=["FR"],
        notes="Six unnamed British and Albanian men found guilty of smuggling migrants across the "
        "Channel: convicted (no sentence reported). No offence name is given; the conduct found is "
        "kept as the charge.",
    ),
    _orange(
        21146,
        "orange-actu",
        is_case=True,
        perpetrators=[],
        charges=[
            {
                "as_written": "aide aggravée à l'entrée et au séjour d'étrangers en situation irrégulière",
                "category": "migrant_smuggling",
            }
        ],
        jurisdiction={
            "country": "FR",
            "admin1": "Provence-Alpes-Côte d'Azur",
            "city": "La Turbie",
            "court_or_agency": ["parquet de Nice", "police aux frontières (PAF)"],
        },
        related=["IT"],
        victims_count=31,
        notes="The unnamed Pakistani driver of a lorry carrying 31 migrants held in garde à vue: "
        "arrested; the charge is the one he would face in immediate trial.",
    ),
    # ---- case reports, AFP wire on Orange Actu (test) ----
    _orange(
        1499,
        "afp",
        is_case=True,
        perpetrators=[
            {"name": "Duc le Chauve", "status": "arrested", "age": 29},
            {"name": "Maurice Robinson", "status": "convicted", "age": 25},
        ],
        charges=[
            {
                "as_written": "trafic d'êtres humains avec circonstances aggravantes",
                "category": "migrant_smuggling",
            },
            {"as_written": "appartenance à une organisation criminelle", "category": "other"},
            {"as_written": "faux et usages de faux", "category": "other"},
            {"as_written": "homicides involontaires", "category": "other"},
        ],
        jurisdiction={
            "country": "BE",
            "admin1": "Flandre-Occidentale",
            "city": "Bruges",
            "court_or_agency": ["juge d'instruction de Bruges", "parquet fédéral belge"],
        },
        related=["FR", "DE", "GB", "IE"],
        victims=["Pham Thi Tra My", "My"],
        victims_count=39,
        notes=_CAMION_NOTE
        + " Jurisdiction Belgium: the charges reported are Belgian; the French suspects were still being brought before a judge. About 30 arrests in France, Belgium and Germany; the 13 Belgian "
        "suspects (unnamed) charged.",
    ),
    _orange(
        1502,
        "afp",
        is_case=True,
        perpetrators=[
            {"name": "Duc le Chauve", "status": "arrested", "age": 29},
            {"name": "Maurice Robinson", "status": "convicted", "age": 25},
        ],
        charges=[
            {"as_written": "traite des êtres humains en bande organisée", "category": "other"},
            {
                "as_written": "aide à l'entrée ou au séjour en bande organisée",
                "category": "migrant_smuggling",
            },
            {"as_written": "association de malfaiteurs", "category": "other"},
            {"as_written": "homicide involontaire", "category": "other"},
        ],
        jurisdiction={
            "country": "FR",
            "admin1": "Île-de-France",
            "city": None,
            "court_or_agency": ["Eurojust"],
        },
        related=["BE", "DE", "GB", "IE"],
        victims=["Pham Thi Tra My", "My"],
        victims_count=39,
        notes=_CAMION_NOTE + " The 13 suspects in France (unnamed) mis en examen for traite des "
        "êtres humains with no kind of exploitation stated: other.",
    ),
    _orange(
        1551,
        "afp",
        is_case=True,
        perpetrators=[{"name": "Maurice Robinson", "status": "convicted", "age": 25}],
        charges=[
            {
                "as_written": "trafic d'êtres humains avec circonstances aggravantes",
                "category": "migrant_smuggling",
            },
            {"as_written": "appartenance à une organisation criminelle", "category": "other"},
            {"as_written": "faux et usages de faux", "category": "other"},
        ],
        jurisdiction={
            "country": "BE",
            "admin1": "Flandre-Occidentale",
            "city": "Bruges",
            "court_or_agency": ["juge d'instruction de Bruges", "parquet fédéral belge"],
        },
        related=["FR", "GB", "IE"],
        victims_count=39,
        notes=_CAMION_NOTE
        + " 13 Belgian suspects charged (unnamed); 13 in France still in garde à vue.",
    ),
    _orange(
        8768,
        "afp",
        is_case=True,
        perpetrators=[{"name": "Maurice Robinson", "status": "convicted", "age": 25}],
        charges=[
            {
                "as_written": "trafic d'êtres humains avec circonstances aggravantes",
                "category": "migrant_smuggling",
            },
            {"as_written": "appartenance à une organisation criminelle", "category": "other"},
            {"as_written": "faux et usages de faux", "category": "other"},
        ],
        jurisdiction={
            "country": "BE",
            "admin1": "Flandre-Occidentale",
            "city": "Bruges",
            "court_or_agency": ["parquet fédéral belge", "parquet de Paris", "Eurojust"],
        },
        related=["FR", "GB", "IE"],
        victims_count=39,
        notes=_CAMION_NOTE
        + " 26 arrests in France and Belgium; five Belgian suspects charged (unnamed).",
    ),
    _orange(
        32295,
        "afp",
        is_case=True,
        perpetrators=[
            {"name": "Keith Raniere", "status": "convicted", "age": 60},
            {"name": "Clare Bronfman", "status": "convicted"},
            {"name": "Allison Mack", "status": "convicted"},
        ],
        charges=[
            {"as_written": "trafic sexuel", "category": "sex_trafficking"},
            {
                "as_written": "exploitation sexuelle d'une adolescente de 15 ans",
                "category": "child_trafficking",
            },
            {"as_written": "extorsion", "category": "other"},
            {"as_written": "association de malfaiteurs", "category": "other"},
        ],
        jurisdiction={
            "country": "US",
            "admin1": "New York",
            "city": "New York (Brooklyn)",
            "court_or_agency": ["tribunal fédéral de Brooklyn"],
        },
        notes="Prosecutors ask life for Raniere (convicted 2019, sentencing set): convicted. His five "
        "co-accused pleaded guilty; two are named, with sentencing pending: convicted. Raniere's "
        "alias 'Vanguard'.",
    ),
    _orange(
        122,
        "afp",
        is_case=True,
        perpetrators=[{"name": "Ghislaine Maxwell", "status": "charged", "age": 58}],
        charges=[
            {"as_written": "trafic de mineures", "category": "child_trafficking"},
            {"as_written": "incitation à des actes sexuels illégaux", "category": "other"},
        ],
        jurisdiction={
            "country": "US",
            "admin1": "New Hampshire",
            "city": "Bradford",
            "court_or_agency": ["FBI", "juge fédérale du New Hampshire"],
        },
        related=["GB"],
        victims=["Virginia Roberts"],
        notes="Arrested and indicted (six counts). Jeffrey Epstein (dead) is not an accused of this "
        "step. Virginia Roberts, who accused Prince Andrew, is listed as a victim.",
    ),
    _orange(
        11,
        "afp",
        is_case=True,
        perpetrators=[{"name": "Ghislaine Maxwell", "status": "charged", "age": 58}],
        charges=[{"as_written": "trafic de mineures", "category": "child_trafficking"}],
        jurisdiction={
            "country": "US",
            "admin1": "New Hampshire",
            "city": "Bradford",
            "court_or_agency": ["FBI"],
        },
        victims=["Virginia Giuffre-Roberts"],
        notes="Portrait after her arrest and first appearance; indictment ('acte d'accusation') "
        "described: charged. Ian and Kevin Maxwell (acquitted in 1996 of fraud) are another case.",
    ),
    _orange(
        33043,
        "afp",
        is_case=True,
        borderline=True,
        perpetrators=[{"name": "Ghislaine Maxwell", "status": "charged"}],
        charges=[],
        jurisdiction={
            "country": "US",
            "admin1": "New York",
            "city": "New York (Manhattan)",
            "court_or_agency": [],
        },
        victims=["Virginia Roberts Giuffre"],
        notes="Documents unsealed before her trial; she pleaded not guilty to six counts (not named "
        "here), accused of recruiting girls, some minors, for Epstein. Borderline: a procedural "
        "step; no charge named.",
    ),
    _orange(
        220,
        "afp",
        is_case=True,
        borderline=True,
        perpetrators=[{"name": "Ghislaine Maxwell", "status": "arrested", "age": 58}],
        charges=[],
        jurisdiction={
            "country": "US",
            "admin1": "New Hampshire",
            "city": None,
            "court_or_agency": ["FBI"],
        },
        notes="Short flash: arrested, charges to be announced; accused by Epstein's victims of "
        "recruiting them. Borderline: the trafficking charge is not yet stated.",
    ),
    _orange(
        12590,
        "afp",
        is_case=True,
        perpetrators=[
            {"name": "Omaima A.", "status": "charged", "nationality": "German-Tunisian", "age": 35}
        ],
        charges=[
            {"as_written": "appartenance à un groupe terroriste étranger", "category": "other"},
            {"as_written": "traite d'êtres humains", "category": "other"},
            {"as_written": "crimes contre l'humanité", "category": "other"},
        ],
        jurisdiction={
            "country": "DE",
            "admin1": "Hambourg",
            "city": "Hambourg",
            "court_or_agency": ["parquet fédéral"],
        },
        related=["SY"],
        notes="Trial opened (charged). The trafficking charge concerns a 13-year-old Yazidi girl held "
        "as a slave; no kind of exploitation stated: other. Denis Cuspert and Nadar H. (dead) are "
        "not accused.",
    ),
    _orange(
        11980,
        "afp",
        is_case=True,
        borderline=True,
        perpetrators=[{"name": "Cédric Herrou", "status": "acquitted"}],
        charges=[
            {
                "as_written": "aide à l'entrée, à la circulation et au séjour irrégulier d'étrangers en France",
                "category": "migrant_smuggling",
            }
        ],
        jurisdiction={
            "country": "FR",
            "admin1": "Auvergne-Rhône-Alpes",
            "city": "Lyon",
            "court_or_agency": [
                "cour d'appel de Lyon",
                "Conseil constitutionnel",
                "Cour de cassation",
            ],
        },
        related=["IT"],
        notes="Acquittal of a farmer prosecuted for helping migrants (the 'délit de solidarité'), "
        "the French smuggling offence. Borderline: humanitarian aid, not a smuggling ring.",
    ),
    _orange(
        1500,
        "afp",
        is_case=True,
        perpetrators=[{"name": "Maurice Robinson", "status": "convicted", "age": 25}],
        charges=[
            {"as_written": "traite des êtres humains en bande organisée", "category": "other"},
            {
                "as_written": "aide à l'entrée ou au séjour en bande organisée",
                "category": "migrant_smuggling",
            },
            {"as_written": "association de malfaiteurs", "category": "other"},
            {"as_written": "homicide involontaire", "category": "other"},
            {
                "as_written": "trafic d'êtres humains avec circonstances aggravantes",
                "category": "migrant_smuggling",
            },
        ],
        jurisdiction={
            "country": "FR",
            "admin1": "Île-de-France",
            "city": None,
            "court_or_agency": ["Eurojust", "parquet fédéral belge"],
        },
        related=["BE", "DE", "GB", "IE"],
        victims_count=39,
        notes=_CAMION_NOTE + " Shorter AFP version of 1502 ('inculpées' for mis en examen); the "
        "13 suspects in France and 13 in Belgium charged, unnamed; the German arrest is unnamed here.",
    ),
    _orange(
        1506,
        "afp",
        is_case=True,
        perpetrators=[{"name": "Maurice Robinson", "status": "convicted", "age": 25}],
        charges=[
            {"as_written": "traite des êtres humains en bande organisée", "category": "other"},
            {
                "as_written": "aide à l'entrée ou au séjour en bande organisée",
                "category": "migrant_smuggling",
            },
            {"as_written": "association de malfaiteurs", "category": "other"},
            {"as_written": "homicide involontaire", "category": "other"},
            {
                "as_written": "trafic d'êtres humains avec circonstances aggravantes",
                "category": "migrant_smuggling",
            },
        ],
        jurisdiction={
            "country": "FR",
            "admin1": "Île-de-France",
            "city": None,
            "court_or_agency": ["Eurojust", "parquet fédéral belge"],
        },
        related=["BE", "DE", "GB", "IE"],
        victims_count=39,
        notes=_CAMION_NOTE + " Another AFP version (text differs from 1500 and 1502); the 13 "
        "suspects in France and 13 in Belgium charged, unnamed; the German arrest is unnamed here.",
    ),
    # ---- negatives ----
    _orange(
        12095,
        "orange-actu",
        is_case=False,
        reason="other_crime",
        country="FR",
        notes="Trial of a sauna owner for planting a bomb in a rival's sauna; his 1980s convictions "
        "for proxénétisme are mentioned in passing.",
    ),
    _orange(
        24431,
        "orange-actu",
        is_case=False,
        reason="other_crime",
        country="FR",
        notes="Doctor arrested for child sexual abuse images; 'exploitation sexuelle des enfants' "
        "only in the name of a US centre.",
    ),
    _orange(
        6195,
        "orange-actu",
        is_case=False,
        reason="other_crime",
        country="FR",
        notes="Homicide; the victim was known for drug trafficking and pimping.",
    ),
    _orange(
        29773,
        "orange-actu",
        is_case=False,
        reason="drug",
        country="FR",
        notes="Cocaine mules ('passeurs') from French Guiana at Orly.",
    ),
    _orange(
        1052,
        "afp",
        is_case=False,
        reason="drug",
        country="FR",
        notes="Police officer charged with corruption and complicity in drug trafficking.",
    ),
    _orange(
        1180,
        "afp",
        is_case=False,
        reason="drug",
        country="IT",
        notes="Drug trafficker's hidden cash; a named trafficker jailed.",
    ),
    _orange(
        12490,
        "orange-actu",
        is_case=False,
        reason="drug",
        country="FR",
        notes="Cannabis sales at Disneyland Paris; two arrested.",
    ),
    _orange(
        1873,
        "afp",
        is_case=False,
        reason="drug",
        country="FR",
        notes="Cannabis seizure; driver charged with drug trafficking.",
    ),
    _orange(
        36110,
        "orange-actu",
        is_case=False,
        reason="drug",
        country="FR",
        notes="A mayor arrested with drugs at Orly. Page credited 'Orange avec Media Services'.",
    ),
    _orange(
        36982,
        "orange-actu",
        is_case=False,
        reason="drug",
        country="FR",
        notes="Drug-dealing raid, nine arrests. Page credited 'Orange avec Media Services'.",
    ),
    _orange(
        20660,
        "orange-actu",
        is_case=False,
        reason="other_crime",
        country="FR",
        notes="Kidnapping of a teenager linked to drug trafficking; six charged.",
    ),
    _orange(
        2527,
        "afp",
        is_case=False,
        reason="policy",
        topic=True,
        country="FR",
        notes="Inspection report on the 2016 prostitution law.",
    ),
    _orange(
        32383,
        "afp",
        is_case=False,
        reason="other_crime",
        country="US",
        notes="R. Kelly's manager charged with threats; R. Kelly's own cases are called sexual abuse of minors, not trafficking.",
    ),
    _orange(
        13685,
        "orange-actu",
        is_case=False,
        reason="other",
        country="US",
        victims=["Jocelyn Savage", "Cheryl Mack", "Kitti Jones", "Asante McGee"],
        notes="Allegations that R. Kelly holds young women in a 'sect'; no police action. Jocelyn Savage (one of the young women or her quoted mother; the sentence is ambiguous) and the three former associates who accuse him (witnesses) are listed.",
    ),
    _orange(
        10971,
        "orange-actu",
        is_case=True,
        perpetrators=[],
        charges=[{"as_written": "traite d'être humain", "category": "labour_trafficking"}],
        jurisdiction={
            "country": "FR",
            "admin1": "Centre-Val de Loire",
            "city": "Tours",
            "court_or_agency": [],
        },
        victims_count=1,
        notes="An unnamed couple arrested for traite (a homeless man held five years doing unpaid "
        "chores) and mis en examen under judicial control: charged.",
    ),
    _orange(
        18504,
        "orange-actu",
        is_case=False,
        reason="other_crime",
        topic=True,
        country="FR",
        notes="Two Romanians fined for illegal mushroom picking with some forty pickers; a judicial "
        "investigation for traite d'êtres humains is open against unnamed organisers (no step "
        "against anyone): negative, trafficking-related in the relevance set.",
    ),
    _orange(
        9628,
        "afp",
        is_case=False,
        reason="other_crime",
        country="FR",
        notes="Trial of a slum landlord (Ilyas Ide) and his wife for housing 25 tenants in unfit "
        "conditions; no trafficking charge.",
    ),
    _orange(
        13782,
        "orange-actu",
        is_case=False,
        reason="other",
        country="GB",
        victims=["Virginia Roberts"],
        notes="Prince Andrew's interview on the Epstein case; no legal step against him; Epstein "
        "dead. Jean-Luc Brunel mentioned as of interest to French investigators (rape accusations), "
        "no step against him.",
    ),
    _orange(
        4469,
        "afp",
        is_case=False,
        reason="other_crime",
        country="EG",
        victims=["Menna Abdel-Aziz"],
        notes="TikTok influencers arrested for 'attacking family values' (morality charges, not "
        "trafficking). Menna Abdel-Aziz, 17, a rape victim, is listed.",
    ),
    _orange(
        33796,
        "afp",
        is_case=False,
        reason="other_crime",
        country="PH",
        victims=["Jennifer Laude", "Jeffrey"],
        notes="A US Marine pardoned and deported after a murder conviction.",
    ),
]


ARTICLES = FR + ES_CASES + ES_NEG + FR_ORANGE
