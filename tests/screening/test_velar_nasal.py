"""The velar nasal in Devanagari and Bengali (ङ, ঙ) is ng, as Latin spellings write it: ICU
writes ṅ, which ASCII folding made a plain n, so गुरुङ (Gurung) had neither the keys nor the
consonants of its Latin spelling and a Devanagari query never found the person.

Every name here is made up; each is a kind of name seen in real lists."""

from __future__ import annotations

from tipwatch.screening.gallery import NameGallery
from tipwatch.screening.names import MATCH_THRESHOLD, analyse


def test_the_velar_nasal_is_ng() -> None:
    # At a word's end (Nepali family names), before a virama, before a vowel sign.
    for written, latin in (
        ("सुरेश गुरुङ", "Suresh Gurung"),
        ("हरि सिङ् थापा", "Hari Singh Thapa"),
        ("রাঙা মিয়া", "Ranga Mia"),
    ):
        ours, theirs = analyse(written), analyse(latin)
        assert [t.consonants for t in ours.tokens] == [t.consonants for t in theirs.tokens], written
    # Before a velar consonant it is already written with one: गङ्गा stays ganga.
    assert analyse("गङ्गा प्रसाद").tokens[0].form == "ganga"


def test_a_devanagari_query_finds_the_latin_name() -> None:
    gallery = NameGallery()
    gallery.add("a", "Parbat Gurung")
    gallery.add("b", "Parbat Guruna Shrestha")
    gallery.add("c", "Tek Bahadur Gurung")
    best = gallery.search("मा. पार्वत गुरुङ")[0]
    assert best.entry_id == "a" and best.score >= MATCH_THRESHOLD
