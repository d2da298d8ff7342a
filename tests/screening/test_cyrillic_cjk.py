"""Korean names in Kontsevich Cyrillic and Chinese names in Palladius Cyrillic meet their Latin,
Hangul and Han forms (issue 13: Russian lists write 강창희 as Кан Чханхи, 洪秀柱 as Хун Сючжу),
and Ukrainian or Belarusian Г is read as h. The names are made up for these tests."""

from __future__ import annotations

import pytest

from tipwatch.domain.cyrillic_cjk import cjk_syllables, palladius
from tipwatch.domain.names import analyse
from tipwatch.screening.names import MATCH_THRESHOLD, name_score


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Park Seong-hee", "Пак Сонхи"),  # final н for ㅇ, a given name written as one word
        ("PARK Sung Hee", "Пак Сонхи"),
        ("박성희", "Пак Сонхи"),
        ("Choi Young-soo", "Чхве Ёнсу"),  # чх for ㅊ, ё for ㅕ
        ("최영수", "Чхве Ёнсу"),
        ("韓明洙", "Хан Мёнсу"),  # Han characters read in Korean, two syllables in one word
        ("Han Myung-soo", "Хан Мёнсу"),
        ("Kim Dong-gyu", "Ким Тонгю"),  # initial т for ㄷ
        ("Liu Jianguo", "Лю Цзяньго"),  # Palladius цзянь for jian, го for guo
        ("Liu Chien-kuo", "Лю Цзяньго"),  # and its Wade-Giles
        ("劉建國", "Лю Цзяньго"),
        ("Chou Hsiao-ming", "Чжоу Сяомин"),
        ("Zhou Xiaoming", "Чжоу Сяо-мин"),
        ("Ma Wenhua", "Ма Вэньхуа"),
        ("Ma Wen-hua", "Ма Веньхуа"),  # е for э, written loosely
        ("Irina Lee", "Ли Ирина"),  # a Russian name beside a Korean family name keeps its match
    ],
)
def test_a_cyrillic_korean_or_chinese_name_meets_its_other_forms(a: str, b: str) -> None:
    assert name_score(a, b) >= MATCH_THRESHOLD, (a, b, name_score(a, b))
    assert name_score(b, a) >= MATCH_THRESHOLD, (b, a, name_score(b, a))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kang Chul-ho", "Кан Чханхи"),  # the family name only
        ("Kim Min-jun", "Ким Мусон"),
        ("Liu Jianming", "Лю Цзяньго"),
        ("Chou Hsiao-lan", "Чжоу Сяомин"),
        ("金敏俊", "Ким Мусон"),
    ],
)
def test_another_given_name_does_not_meet(a: str, b: str) -> None:
    assert name_score(a, b) < MATCH_THRESHOLD, (a, b, name_score(a, b))


def test_only_a_name_with_a_korean_or_chinese_family_name_at_an_edge_is_read() -> None:
    assert cjk_syllables(["Иванов", "Иван", "Петрович"]) is None
    assert cjk_syllables(["Анна", "Сергеевна"]) is None
    assert cjk_syllables(["Ким", "Smith"]) is None  # not all Cyrillic
    assert cjk_syllables(["Ким", "Достоевский"]) is None  # does not cut into syllables
    assert all(not t.variants for t in analyse("Иванов Иван Петрович").tokens)
    korean = cjk_syllables(["Кан", "Чханхи"])
    assert korean is not None
    # Чханхи is two syllables (чхан-хи), the first either 찬 chan or 창 chang
    (syllables,) = korean[1]
    assert len(syllables) == 2 and {"chan", "chang"} <= set(syllables[0])


def test_palladius_spells_pinyin_as_russian_lists_do() -> None:
    assert [palladius(p) for p in ("xiu", "zhu", "guo", "jian", "si", "zhi", "yue", "ju")] == [
        "сю", "чжу", "го", "цзянь", "сы", "чжи", "юэ", "цзюй",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hanna Hrytsenko", "Ганна Гриценко"),
        ("Ihar Huts", "Ігар Гуць"),
    ],
)
def test_ukrainian_and_belarusian_g_is_h(a: str, b: str) -> None:
    assert name_score(a, b) >= MATCH_THRESHOLD, (a, b, name_score(a, b))
