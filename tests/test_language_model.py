"""The call's language model, spoken forms and generated pronunciations (no audio)."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from rehearse.speech.recognition.language_model import (
    CountModel,
    MixWeights,
    build_language_model,
    call_sentences,
    mix,
)
from rehearse.speech.recognition.pronounce import ipa_to_arpabet, letter_pronunciation, pronunciations
from rehearse.speech.recognition.spoken_forms import date_phrases, profile_phrases, time_phrases
from tests.core_fixtures import JORDAN

PROFILE = JORDAN
PHRASES = ("hi this is jordan lee", "i'm still very interested in the role")
ARPABET = set(
    "AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH "
    "UH UW V W Y Z ZH".split()
)


def test_profile_phrases_cover_names_date_and_time() -> None:
    phrases = profile_phrases(PROFILE)
    for expected in (
        "jordan lee",
        "jordan",
        "maria lopez",
        "northwind analytics",
        "data analyst",
        "november seventeenth",
        "the seventeenth",
        "seventeenth of november",
        "tuesday",
        "last tuesday",
        "eleven seventeen",
        "two pm",
        "two o'clock",
        "two in the afternoon",
    ):
        assert expected in phrases
    assert all(p == p.lower() and "," not in p for p in phrases)
    assert len(phrases) == len(set(phrases))


def test_date_and_time_forms_for_other_values() -> None:
    assert "march the twenty first" in date_phrases(dt.date(2027, 3, 21))
    assert "three oh five" in time_phrases(dt.time(15, 5))
    assert "half past nine" in time_phrases(dt.time(9, 30))
    assert "noon" in time_phrases(dt.time(12, 0))


def test_call_sentences_put_facts_in_carriers() -> None:
    sentences = call_sentences(PHRASES, PROFILE)
    assert "my interview was on november seventeenth" in sentences
    assert "my name is jordan lee" in sentences
    assert sentences[:2] == list(PHRASES)


def test_carriers_are_few_and_well_formed() -> None:
    """Every carrier adds weight to its words: a carrier per spoken form of every fact made
    the recognizer hear "on tuesday", "two" and "lee" in any unclear speech."""
    sentences = call_sentences(PHRASES, PROFILE)
    assert "on november seventeenth at two" in sentences
    assert "i had an interview on november seventeenth" in sentences
    assert not [s for s in sentences if "on on " in s or "at at " in s or "on last " in s]
    assert sum("jordan" in s for s in sentences) <= 5
    assert sum("seventeenth" in s for s in sentences) <= 16
    assert len(sentences) <= 50


def test_mixture_is_a_distribution() -> None:
    """Every context's probabilities, explicit plus backed off, add up to one."""
    call = CountModel(["a b c", "a b d", "b c"], 0.5)
    everyday = CountModel(["a c", "d"], 0.5)
    unigrams, bigrams, trigrams = mix([(0.6, call), (0.3, everyday)], {"a": 0.5, "e": 0.5}, 0.1)
    vocab = [w for (w,) in unigrams if w != "<s>"]

    def p1(w: str) -> float:
        return 10 ** unigrams[(w,)][0]

    def p2(u: str, w: str) -> float:
        if (u, w) in bigrams:
            return 10 ** bigrams[(u, w)][0]
        return 10 ** unigrams[(u,)][1] * p1(w)

    def p3(v: str, u: str, w: str) -> float:
        if (v, u, w) in trigrams:
            return 10 ** trigrams[(v, u, w)][0]
        return 10 ** bigrams.get((v, u), (0, 0.0))[1] * p2(u, w)

    assert math.isclose(sum(p1(w) for w in vocab), 1.0, rel_tol=1e-6)
    assert math.isclose(sum(p2("a", w) for w in vocab), 1.0, rel_tol=1e-6)
    assert math.isclose(sum(p3("a", "b", w) for w in vocab), 1.0, rel_tol=1e-6)
    assert p3("a", "b", "c") > p1("c")


def test_built_model_loads_in_pocketsphinx_and_is_cached(tmp_path: Path) -> None:
    from pocketsphinx import Config, LogMath, NGramModel

    first = build_language_model(PHRASES, PROFILE, tmp_path)
    assert not first.cached
    model = NGramModel(Config(), LogMath(), str(first.arpa))
    assert model.prob(["lee", "jordan"]) > model.prob(["lee", "the"])
    words = {line.split()[0] for line in first.dictionary.read_text().splitlines()}
    assert {"jordan", "northwind", "seventeenth", "insurance"} <= words
    again = build_language_model(PHRASES, PROFILE, tmp_path)
    assert again.cached and again.arpa == first.arpa
    other = build_language_model(PHRASES, PROFILE, tmp_path, MixWeights(general_words=1000))
    assert other.arpa != first.arpa


def test_unknown_names_get_pronunciations() -> None:
    found = pronunciations(["okonkwo", "nguyen", "zbigniewska"])
    assert found["nguyen"] == "N UW Y EH N"
    assert found["okonkwo"].startswith("AA K AO NG K W")
    for phones in found.values():
        assert set(phones.split()) <= ARPABET


@pytest.mark.parametrize(
    ("ipa", "arpabet"),
    [("n_ˈuː_j_ɛ_n", "N UW Y EH N"), ("dʒ_ˈɔːɹ_d_ə_n", "JH AO R D AH N"), ("q_x", None)],
)
def test_ipa_mapping(ipa: str, arpabet: str | None) -> None:
    assert ipa_to_arpabet(ipa) == arpabet


def test_letter_fallback() -> None:
    assert letter_pronunciation("Shaw") == "SH AO"
    assert set(letter_pronunciation("Xochitl").split()) <= ARPABET


def test_fact_words_get_their_spoken_pronunciation_as_a_variant(tmp_path: Path) -> None:
    built = build_language_model(PHRASES, PROFILE, tmp_path)
    entries = [line.split(" ", 1) for line in built.dictionary.read_text().splitlines()]
    maria = [phones for head, phones in entries if head.split("(")[0] == "maria"]
    assert "M ER IY AH" in maria  # the general dictionary's own reading is kept
    assert "M ER R IY AH" in maria  # and the one a caller (and espeak-ng) says is added
    the = [phones for head, phones in entries if head.split("(")[0] == "the"]
    assert len(the) == 2  # words outside the facts keep the dictionary's readings only


def test_facts_keep_their_share_however_many_phrases_the_script_has(tmp_path: Path) -> None:
    from pocketsphinx import Config, LogMath, NGramModel

    many = PHRASES + tuple(f"has the role been filled yet number {n}" for n in range(300))
    built = build_language_model(many, PROFILE, tmp_path)
    model = NGramModel(Config(), LogMath(), str(built.arpa))
    assert model.prob(["analyst", "data"]) > model.prob(["filled", "been"])
    without = build_language_model(many, PROFILE, tmp_path, MixWeights(call=0.70, facts=0.0))
    plain = NGramModel(Config(), LogMath(), str(without.arpa))
    assert model.prob(["data"]) > plain.prob(["data"]) + 10000  # log base 1.0001: x2.7


def test_every_hour_of_the_clock_is_in_the_model(tmp_path: Path) -> None:
    """A caller who names another hour than their interview's must be heard saying it."""
    arpa = build_language_model(PHRASES, PROFILE, tmp_path).arpa.read_text(encoding="utf-8")
    trigrams = {tuple(line.split()[1:]) for line in arpa.split("\\3-grams:")[1].splitlines()}
    for hour in ("one", "ten", "twelve"):
        assert ("at", hour, "in") in trigrams, hour
