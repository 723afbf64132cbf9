"""The pinyin engine on pypinyin's readings and jieba's frequencies (the real dictionaries)."""

from __future__ import annotations

import pytest

from kiosk.domain.pinyin import Candidate, PinyinEngine, shared_engine


@pytest.fixture(scope="module")
def engine() -> PinyinEngine:
    return shared_engine()


def texts(cands: list[Candidate]) -> list[str]:
    return [c.text for c in cands]


@pytest.mark.parametrize(
    ("letters", "pieces"),
    [
        ("wangfang", ["wang", "fang"]),
        ("xian", ["xian"]),  # the fewest syllables win
        ("zhongguancun", ["zhong", "guan", "cun"]),
        ("wangf", ["wang", "f"]),  # an unfinished last syllable
        ("lv", ["lv"]),  # v stands for ü
        ("", []),
    ],
)
def test_segment_into_syllables(engine: PinyinEngine, letters: str, pieces: list[str]) -> None:
    assert engine.segment(letters) == pieces


def test_letters_no_syllable_starts_with_stand_alone(engine: PinyinEngine) -> None:
    assert engine.segment("iv") == ["i", "v"]


def test_whole_words_come_first_then_shorter_words_then_single_characters(engine: PinyinEngine) -> None:
    cands = engine.candidates("beijingshi")
    assert cands[0] == Candidate("北京市", 10)
    assert Candidate("北京", 7) in cands[:6]
    first_char = next(i for i, c in enumerate(cands) if len(c.text) == 1)
    assert all(len(c.text) > 1 for c in cands[:first_char])
    assert cands[first_char].consumed == 3  # a single character stands for "bei"
    assert "北" in texts(cands)


def test_single_characters_by_frequency(engine: PinyinEngine) -> None:
    wang = texts(engine.candidates("wang"))
    assert wang[0] == "王"  # the commonest character read wang (and the surname)
    assert "方" not in wang[:6]  # an archaic second reading counts for less (not on the first page)
    fang = texts(engine.candidates("fang"))
    assert "芳" in fang[:12]
    assert fang.index("方") < fang.index("鲂")


def test_an_unfinished_syllable_offers_the_characters_it_starts(engine: PinyinEngine) -> None:
    cands = engine.candidates("zh")
    assert {"中", "这", "张"} <= set(texts(cands))
    assert all(c.consumed == 2 for c in cands)


def test_a_word_typed_with_either_split_is_found(engine: PinyinEngine) -> None:
    assert {"方案", "反感"} <= set(texts(engine.candidates("fangan")))
    xian = texts(engine.candidates("xian"))
    assert xian[0] == "先" and "西安" in xian[5:12]  # one syllable first, the word split as xi'an soon after


def test_polyphones_read_as_words_are_read(engine: PinyinEngine) -> None:
    assert "银行" in texts(engine.candidates("yinhang"))[:3]  # 行 as hang, from pypinyin's phrases
    assert "朝阳区" in texts(engine.candidates("chaoyangqu"))[:2]


def test_nothing_typed_no_candidates_and_a_limit(engine: PinyinEngine) -> None:
    assert engine.candidates("") == []
    assert len(engine.candidates("shi", limit=7)) == 7


def test_a_small_engine_built_from_tables() -> None:
    e = PinyinEngine({"wang": ["王", "望"], "fang": ["方", "芳"]}, {"wangfang": ["王芳"]})
    assert texts(e.candidates("WangFang")) == ["王芳", "王", "望"]
    assert texts(e.candidates("fa")) == ["方", "芳"]


def test_the_shared_engine_is_built_once() -> None:
    assert shared_engine() is shared_engine()
