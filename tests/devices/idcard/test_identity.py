"""ID numbers, the sex and nation tables, sample cards."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from stdnum.cn import ric

from devices.idcard.cardspec import CardSpec
from devices.idcard.codec import decode_text_block
from devices.idcard.errors import InvalidCardData, InvalidIdNumber
from devices.idcard.identity import (
    NATIONS,
    CardType,
    Sex,
    id_check_digit,
    is_valid_id_number,
    nation_code,
    validate_id_number,
)
from devices.idcard.samples import SAMPLES_DIR, list_samples, load_card, resolve_card


# Valid and invalid numbers quoted in the reference ("ID number check digit").
@pytest.mark.parametrize(("number", "valid"), [("11010519491231002X", True), ("360426199101010071", True), ("360426199101010072", False)])
def test_reference_id_numbers(number: str, valid: bool) -> None:
    assert is_valid_id_number(number) is valid


def test_check_digit_agrees_with_python_stdnum() -> None:
    """stdnum.cn.ric.calc_check_digit takes the FULL 18-character number and ignores its last char."""
    for sample in list_samples():
        number = load_card(sample).id_number
        if number[:17].isdigit():
            assert id_check_digit(number[:17]) == ric.calc_check_digit(number[:17] + "0")
    for n in range(0, 10**17, 7_919_999_999_999):
        first17 = f"{n:017d}"
        assert id_check_digit(first17) == ric.calc_check_digit(first17 + "?")


def test_county_created_after_birth_is_accepted_unlike_stdnum() -> None:
    """GIVEN a woman born 1949 whose number carries 640104 (兴庆区, created 2002)
    THEN the kiosk accepts it although stdnum's validate() does not."""
    number = load_card("resident_liu_fang").id_number
    assert validate_id_number(number, date(1949, 12, 31)) == number
    with pytest.raises(Exception):  # noqa: B017 - whichever stdnum error; the point is that it refuses
        ric.validate(number)


@pytest.mark.parametrize(
    ("number", "match"),
    [("1101051949123100", "17 digits"), ("11010519491231002Y", "17 digits"), ("110105194912310021", "check digit"),
     ("110105194913310029", "impossible"), ("110105209912310024", "impossible")],
)
def test_bad_id_numbers(number: str, match: str) -> None:
    if match == "impossible":
        number = number[:17] + id_check_digit(number[:17])
    with pytest.raises(InvalidIdNumber, match=match):
        validate_id_number(number, today=date(2026, 1, 1))


def test_lower_case_x_is_accepted() -> None:
    assert validate_id_number("11010519491231002x") == "11010519491231002X"
    with pytest.raises(InvalidIdNumber):
        id_check_digit("123")


def test_tables() -> None:
    assert len(NATIONS) == 58
    assert (NATIONS["01"], NATIONS["56"], NATIONS["97"], NATIONS["98"]) == ("汉", "基诺", "其他", "外国血统中国籍人士")
    assert nation_code("维吾尔") == "05" and nation_code("05") == "05"
    assert [s.label for s in Sex] == ["未知", "男", "女", "未说明"]
    assert Sex.parse("2") is Sex.FEMALE and Sex.parse("男") is Sex.MALE
    with pytest.raises(ValueError):
        Sex.parse("x")


# ---- samples ----------------------------------------------------------------------------------------
def test_samples_cover_what_the_issue_asks() -> None:
    specs = [load_card(p) for p in list_samples()]
    residents = [s for s in specs if s.card_type is CardType.RESIDENT]
    assert len(residents) >= 6
    assert len({s.id_number for s in residents}) == len(residents)
    assert {s.sex for s in residents} == {Sex.MALE, Sex.FEMALE}
    assert len({s.nation for s in residents}) >= 4
    assert {s.card_type for s in specs} == set(CardType)
    names = "".join(s.name for s in specs)
    assert "䶮" in names and any(ord(c) > 0xFFFF for c in names)
    assert any(len(s.address) == 35 for s in specs)
    assert any(s.long_term for s in specs)
    for path in list_samples():
        assert path.stem.startswith(("resident_", "foreign_permanent_", "hk_mo_tw_permit_"))
    assert list_samples("resident") == [p for p in list_samples() if p.stem.startswith("resident_")]
    assert len(list_samples(CardType.FOREIGN_PERMANENT)) == 1


@pytest.mark.parametrize("path", list_samples(), ids=lambda p: p.stem)
def test_every_sample_decodes_to_its_description(path: Path) -> None:
    spec = load_card(path)
    decoded = decode_text_block(spec.text_block(), spec.photo())
    expected = json.loads(path.read_text(encoding="utf-8"))
    got = decoded.to_json_dict()
    assert got["card_type"] == expected["card_type"]
    assert got["id_number"] == expected["id_number"]
    assert got["birth_date"] == expected["birth_date"]
    assert got["long_term"] == (expected["valid_to"] == "长期")
    if all(ord(c) <= 0xFFFF for c in expected["name"]):
        assert got["name"] == expected["name"]
    else:
        assert decoded.extra["private_use_fields"] == ["name"]
    assert len(decoded.photo) == 1024


def test_load_card_by_sample_name_and_errors(tmp_path: Path) -> None:
    assert resolve_card("resident_zhang_wei") == SAMPLES_DIR / "resident_zhang_wei.json"
    assert load_card("resident_zhang_wei.json").name == "张伟"
    with pytest.raises(FileNotFoundError):
        resolve_card("nobody_here")
    bad = tmp_path / "bad.json"
    data = json.loads((SAMPLES_DIR / "resident_zhang_wei.json").read_text(encoding="utf-8"))
    for change, match in (({"id_number": "110105198503120118"}, "check digit"), ({"nation": "火星"}, "nation"),
                          ({"birth_date": "1985-13-01"}, "bad value"), ({"address": "长" * 36}, "address"), ({"pass_numbr": "H1"}, "unknown keys")):
        bad.write_text(json.dumps({**data, **change}, ensure_ascii=False), encoding="utf-8")
        with pytest.raises(InvalidCardData, match=match):
            CardSpec.load(bad)
    bad.write_text("[1]", encoding="utf-8")
    with pytest.raises(InvalidCardData):
        CardSpec.load(bad)
    with pytest.raises(InvalidCardData, match="lacks"):
        CardSpec.from_dict({"name": "x"})
    assert "张伟" not in repr(load_card("resident_zhang_wei"))
