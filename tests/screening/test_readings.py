"""A name in Chinese characters or Hangul meets its Latin spellings in the romanisations people
write names in (pinyin, Wade-Giles, Hong Kong Cantonese, Korean readings of Han characters,
Revised Romanization, McCune-Reischauer and common Korean spellings, Hokkien in Church
romanization and Singapore spellings), and only those. The names are made up for these tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.screening.conftest import person_entity, write_ftm
from tipwatch.domain.names import analyse, skeleton
from tipwatch.domain.readings import (
    cantonese_spellings,
    han_spellings,
    hangul_spellings,
    hokkien_spellings,
)
from tipwatch.screening.defaults import MATCH_THRESHOLD
from tipwatch.screening.ftm_import import import_ftm
from tipwatch.screening.names import name_score
from tipwatch.screening.service import ScreeningQuery, screen
from tipwatch.store.db import Store


def test_cantonese_syllables_are_spelt_as_hong_kong_writes_names() -> None:
    assert {"leung", "leong"} <= cantonese_spellings("loeng4")
    assert "hui" in cantonese_spellings("heoi2")
    assert {"ip", "yip"} <= cantonese_spellings("jip6")
    assert {"cheung", "tseung"} <= cantonese_spellings("zoeng1")
    assert "yuet" in cantonese_spellings("jyut6")
    assert "sze" in cantonese_spellings("si1")
    # Not every spelling: a Cantonese syllable keeps its consonants.
    assert "lam" not in cantonese_spellings("loeng4")


def _skeletons(spellings: set[str]) -> set[str]:
    return {skeleton(s) for s in spellings}


def test_hangul_syllables_are_spelt_in_each_romanisation() -> None:
    assert {"jeong", "chong", "chung", "jung"} <= hangul_spellings("정")
    assert {"lee", "yi", "i"} <= hangul_spellings("이")
    # Rhee is compared as a skeleton (h after a consonant and doubled letters drop).
    assert skeleton("rhee") in _skeletons(hangul_spellings("이"))
    assert {"roh", "noh", "no"} <= hangul_spellings("노")
    assert {"ahn", "an"} <= hangul_spellings("안")
    assert {"seo", "suh", "so"} <= hangul_spellings("서")
    # ㅐ and ㅔ are one sound in Seoul speech: names spell either way (재 Jae, Je; 제 Je, Jae).
    assert {"jae", "je"} <= hangul_spellings("재") & hangul_spellings("제")
    assert hangul_spellings("A") == set()
    assert "kim" not in hangul_spellings("박")


def test_han_characters_carry_mandarin_wade_giles_cantonese_and_korean_spellings() -> None:
    spellings = han_spellings("許")
    assert {"xu", "hsu", "hui", "heo"} <= spellings
    # A simplified character is read as its traditional form in Korean (郑 = 鄭 = 정).
    assert "jeong" in han_spellings("郑")


@pytest.mark.parametrize(
    ("latin", "native"),
    [
        ("Tsai Ing-wen", "蔡英文"),  # Wade-Giles
        ("HUI Chi-fung", "許智峯"),  # Hong Kong Cantonese
        ("Carrie Lam Cheng Yuet-ngor", "林鄭月娥"),  # Cantonese, English name in front
        ("Ban Ki-moon", "潘基文"),  # Korean reading of Han characters
        ("Moon Jae-in", "문재인"),
        ("Moon Jaein", "문재인"),  # syllables written as one word
        ("Lee Jae-myung", "이재명"),
        ("Roh Moo-hyun", "노무현"),
        ("Tân Hok-sūn", "陳福順"),  # Hokkien in Church romanization (Taiwan)
        ("Koa Kiàn-bêng", "柯建明"),
        ("Tan Hock Soon", "陳福順"),  # Hokkien as Singapore and Malaysia spell it
        ("Chua Swee Huat", "蔡瑞發"),
        ("Goh Teck Leng", "吳德龍"),
        ("Lim Guan Hock", "林冠福"),
        ("Trần Văn Minh", "陳文明"),  # Sino-Vietnamese readings
        ("Nguyen Thi Lan", "阮氏蘭"),
    ],
)
def test_a_name_meets_its_native_script_form_in_another_romanisation(
    latin: str, native: str
) -> None:
    assert name_score(latin, native) >= MATCH_THRESHOLD
    assert name_score(native, latin) >= MATCH_THRESHOLD


@pytest.mark.parametrize(
    ("latin", "native"),
    [
        ("Wang Wei", "张伟"),  # another family name
        ("Kim Jae-in", "문재인"),
        ("Lam Chi-fung", "許智峯"),
        ("Moon Jae-ho", "문재인"),  # another given name
        ("Tan Hock Leng", "陳福順"),
        ("Chua Swee Huat", "蔡德發"),
        ("Tran Van Duc", "陳文明"),
    ],
)
def test_other_names_do_not_meet(latin: str, native: str) -> None:
    assert name_score(latin, native) < MATCH_THRESHOLD


def test_hokkien_syllables_are_spelt_in_church_romanization_and_local_habits() -> None:
    # Tai-lo tsh is POJ chh; ua is POJ oa and Singapore's ua; the nasal vowel is dropped or n.
    assert {"tshua", "chhoa", "chhua"} <= hokkien_spellings("tshua")
    assert {"khoo", "kho", "khoh"} <= hokkien_spellings("khoo")  # 許 Khoo
    assert {"tiu", "tiun"} <= hokkien_spellings("tiunn")
    assert {"kuan", "koan", "guan"} <= hokkien_spellings("kuan")  # 冠 Guan
    assert "swee" in hokkien_spellings("sui")  # 瑞 Swee
    assert hokkien_spellings("n̂g") == set()  # a reading with a tone mark left is not read
    # Literary and colloquial readings both: 林 is read lim in names and na in words.
    assert {"lim", "na"} <= han_spellings("林")
    assert {"tan", "tin"} <= han_spellings("陳") and "tan" in han_spellings("陈")


def test_han_characters_carry_their_sino_vietnamese_readings() -> None:
    # Unihan's kVietnamese, unaccented, đ as d; a simplified character read as its
    # traditional form (阮 nguyễn, 邓 = 鄧 đặng).
    assert {"nguyen", "tran", "dinh"} <= han_spellings("阮") | han_spellings("陳") | han_spellings(
        "庭"
    )
    assert "dang" in han_spellings("邓")


def test_a_one_letter_syllable_is_a_name_part_not_an_initial() -> None:
    tokens = analyse("林鄭月娥").tokens
    assert [t.han for t in tokens] == ["林", "郑", "月", "娥"]
    assert not any(t.is_initial for t in tokens)


def test_the_store_finds_a_han_name_from_its_cantonese_spelling(
    store: Store, tmp_path: Path
) -> None:
    path = write_ftm(
        tmp_path / "l.jsonl",
        [person_entity("e-1", ["許智峯"]), person_entity("e-2", ["許志明"])],
        [],
    )
    with store.session() as s:
        import_ftm(s, path, dataset="list")
    with store.session() as s:
        hits = screen(s, ScreeningQuery(name="Hui Chi-fung")).hits
    assert hits and hits[0].subject_id.endswith("e-1")
    assert hits[0].match
    assert all(not h.match for h in hits[1:])


def test_a_latin_name_is_analysed_without_loading_the_han_tables() -> None:
    code = (
        "import sys\n"
        "from tipwatch.screening.names import name_score\n"
        "assert name_score('Ramesh Kumar', 'Kumar Ramesh') > 0.9\n"
        "assert 'pypinyin' not in sys.modules and 'ToJyutping' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
