"""Name parts in brackets, initials in Brahmic scripts, Korean titles, kana consonant keys, the
family name of a Chinese or Korean name in its own script, and a leading Muhammad.

Every name here is made up; each case is a kind of name seen in real lists."""

from __future__ import annotations

from tipwatch.screening.gallery import NameGallery
from tipwatch.screening.names import MATCH_THRESHOLD, analyse, blocking_keys, name_score


def test_a_bracketed_nickname_is_a_part_aside_that_costs_little_when_missing() -> None:
    name = analyse("Ramesh Kumar Thapa (Bhola)")
    assert [t.form for t in name.tokens] == ["ramesh", "kumar", "thapa", "bhola"]
    assert [t.aside for t in name.tokens] == [False, False, False, True]
    assert name_score("Ramesh Kumar Thapa (Bhola)", "Ramesh Kumar Thapa") >= 0.95
    # ... and it still finds the person under the nickname's keys.
    assert "t:bhola" in blocking_keys(name)


def test_a_bracketed_alias_finds_its_person() -> None:
    gallery = NameGallery()
    gallery.add("a", "Tran Van Minh (Tran Minh Duc)")
    gallery.add("b", "Tran Van Hung")
    best = gallery.search("Tran Minh Duc")[0]
    # The alias meets the query whole; the name outside the brackets costs little.
    assert best.entry_id == "a" and best.score >= 0.95 > MATCH_THRESHOLD


def test_bracketed_notes_are_no_name_parts() -> None:
    for name in ("Col. Hasan Mahmud (Retd.)", "(Deceased) Hasan Mahmud", "Hasan Mahmud (1961)"):
        assert [t.form for t in analyse(name).tokens] == ["hasan", "mahmud"], name
    assert name_score("Brigadier Hasan Mahmud (Retd.)", "Hasan Mahmud") == 1.0


def test_one_letter_brahmic_words_with_a_stop_are_latin_initials() -> None:
    # Bengali lists write an initial as the letter of the name's first sound (ক. for K.) ...
    name = analyse("মো. ক. ম. করিমুল হাসান")
    assert [t.form for t in name.tokens[:3]] == ["m", "k", "m"]
    assert all(t.is_initial for t in name.tokens[:3])
    assert name_score("মো. ক. ম. করিমুল হাসান", "M. K. M. Karimul Hasan") >= 0.95
    # ... and Devanagari ones as the English letter's name (एस. for S.); मा. is a title.
    assert name_score("मा. एस. पी. थापा", "S. P. Thapa") >= 0.95


def test_korean_titles_are_dropped_before_the_name_is_cut_into_syllables() -> None:
    assert name_score("국회의원 박민호", "PARK Min-ho") == name_score("박민호", "PARK Min-ho")
    assert name_score("국회의원 박민호", "PARK Min-ho") >= 0.95


def test_a_han_family_name_matched_inside_the_other_name_is_another_person() -> None:
    # 鄭 is the family name: the other name writes it first or last, not between given names.
    assert name_score("鄭明浩", "Cheng Ming Ho") >= 0.9
    assert name_score("鄭明浩", "Ming Ho Cheng") >= 0.9
    assert name_score("鄭明浩", "Ho Cheng Ming") <= 0.6
    # A family name marked in capitals must be the one the Han name's family name matches.
    assert name_score("鄭明浩", "CHENG Ming Ho") >= 0.9
    assert name_score("鄭明浩", "MING Ho Cheng") <= 0.6
    assert name_score("MING Ho Cheng", "鄭明浩") <= 0.6


def test_a_leading_muhammad_that_one_list_leaves_out_costs_less() -> None:
    assert name_score("Md. Karimul Hasan", "Karimul Hasan") >= 0.8
    assert name_score("Md. Karimul Hasan", "Karimul Hasan") > name_score(
        "Rafiq Karimul Hasan", "Karimul Hasan"
    )
    # Mhd and Muhd are written for Muhammad too.
    assert name_score("MHD Rizal Siregar", "Muhammad Rizal Siregar") >= 0.95


def test_kana_parts_meet_latin_ones_on_consonant_keys() -> None:
    # ンボ is mbo (Gombo), and katakana's r is also an l (バトトルガ: Battulga).
    kana = blocking_keys("バトトルガ・ゴンボ")
    latin = blocking_keys("Battulga Gombo")
    assert {"c:ptlk", "c:kmp"} <= kana & latin
    gallery = NameGallery()
    gallery.add("a", "Battulga Gombo")
    gallery.add("b", "Gombo Dorj")
    found = gallery.search("バトトルガ・ゴンボ")
    assert found and found[0].entry_id == "a"


def test_sinhala_consonants_carry_their_vowel() -> None:
    # Without the vowel a Sinhala consonant carries, ගුණරත්න was gunrtn: no Latin spelling met it.
    assert [t.form for t in analyse("ගුණරත්න විජේසිංහ").tokens] == ["gunaratna", "vijesinha"]
    assert name_score("ගුණරත්න විජේසිංහ", "Gunaratne Wijesinghe") >= 0.85
    assert name_score("ජෝන් අමරසේකර", "ஜோன் அமரசேகர") >= 0.9  # Sinhala against Tamil
    # A monk's title after the name (හිමි, Thero) is no name part.
    assert [t.form for t in analyse("වැලිගම සුමන හිමි").tokens] == ["vaeligama", "sumana"]
    assert name_score("Ven. Weligama Sumana Thero", "Weligama Sumana") == 1.0


def test_taiwan_romanisations_and_mixed_n_and_ng_in_given_names() -> None:
    # Tongyong Pinyin and Mandarin Phonetic Symbols II, besides pinyin and Wade-Giles.
    assert name_score("鄭志明", "Jheng Jhih-ming") >= 0.9
    assert name_score("徐俊雄", "Shiu Jiun-shiung") >= 0.9
    # Taiwan's given names write -in and -ing, -en and -eng either way ...
    assert name_score("林欣怡", "Lin Hsing-yi") >= 0.9
    assert name_score("陳文彬", "Chen Weng-bin") >= 0.9
    # ... but a family name is its own: 陳 Chen is not Cheng (鄭).
    assert name_score("陳文彬", "Cheng Wen-bin") < MATCH_THRESHOLD


def test_latin_spellings_of_one_bengali_name_meet_on_consonant_classes() -> None:
    # u or o, j or z: one sound class each, spelt as each list pleases.
    assert name_score("Mujibul Karim Mollah", "Mozibul Karim Mollah") >= 0.9
    # ... but only where three classes or more agree and the spellings stay close.
    assert name_score("Majid Karim", "Masud Karim") < MATCH_THRESHOLD
    # Honorifics before the name are no name parts (Alhaj, Begum, Barrister).
    assert name_score("Alhaj Dr. Mozibul Karim", "Mozibul Karim") == 1.0
    assert name_score("Begum Rokshana Akter", "Rokshana Akter") == 1.0


def test_a_latin_chinese_or_korean_name_has_no_middle_name_to_leave_out() -> None:
    # Every part a Chinese or Korean syllable: the missing syllable makes another given name,
    # which costs as much as a Han name's does, more than a left-out middle name ...
    assert name_score("Chan Yoon", "Chan Seong Yoon") == name_score("陳允", "陳成允")
    assert name_score("Chan Yoon", "Chan Seong Yoon") < name_score("Rahul Kumar", "Rahul Dev Kumar")
    # ... while a Vietnamese middle name is left out as other middle names are.
    assert name_score("Nguyen Minh", "Nguyen Van Minh") >= 0.95
