"""Every card a tax hall accepts starts a session (issue 12, item 6): read through the real pty from
the simulator, the taxpayer looked up by the card's number, registered under the name as printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from devices.idcard.driver import read_one_card
from devices.idcard.identity import CardType
from devices.idcard.samples import list_samples, load_card
from devices.idcard.simulator import IdCardSimulator
from kiosk.domain import cardnumber
from kiosk.persistence.models import Taxpayer
from kiosk.persistence.seed import _sample_people
from kiosk.services.errors import UnknownTaxpayer, UserInputError

from .conftest import World

SAMPLES = ["foreign_permanent_smith", "foreign_permanent_2023_garcia", "hk_mo_tw_permit_chan_tai_man",
           "hk_mo_tw_permit_lin_mei_ling", "resident_zhang_wei"]


@pytest.mark.pty
@pytest.mark.parametrize("sample", SAMPLES)
def test_a_session_starts_from_each_card_type(world: World, tmp_path: Path, sample: str) -> None:
    """GIVEN a taxpayer registered under a card's number WHEN that card is read from the simulator
    over a pty THEN a card session starts for that taxpayer, showing the masked printed name."""
    spec = load_card(sample)
    printed = spec.extra.get("english_name") or spec.name
    with world.factory() as db:
        db.add(Taxpayer(id_number=spec.id_number, name=printed, sex=spec.sex.code, birth_date=spec.birth_date))
        db.commit()
    with IdCardSimulator(tmp_path / "idc", card=sample) as sim:
        identity = read_one_card(sim.port, timeout=5)
    assert identity.card_type is spec.card_type
    view = world.services.start_session_from_card(identity.id_number, identity.name, identity.card_type.value)
    assert view.via == "card" and view.masked_name.startswith(printed[0])
    assert identity.id_number not in view.masked_id and len(view.masked_id) == len(identity.id_number)
    world.services.end_session("logout")


def test_the_2023_card_reads_its_english_name_as_printed() -> None:
    card = load_card("foreign_permanent_2023_garcia")
    identity = card.to_identity()
    assert identity.extra["english_name"] == "GARCIA LOPEZ, MARIA DEL CARMEN ISABEL"  # longer than 35


def test_demo_seed_has_a_taxpayer_for_every_sample_card() -> None:
    people = {p.id_number: p for p in _sample_people()}
    for path in list_samples():
        card = load_card(path)
        assert card.id_number in people
        if card.card_type in (CardType.FOREIGN_PERMANENT, CardType.FOREIGN_PERMANENT_2023):
            assert people[card.id_number].name == card.extra["english_name"]


@pytest.mark.parametrize(("number", "card_type"), [
    ("CAN110081041701", "foreign_permanent"),
    ("can 1100 8104 1701", "foreign_permanent"),
    ("932682198501010017", "foreign_permanent_2023"),  # the immigration administration's own example
    ("911124198108030024", "foreign_permanent_2023"),  # likewise
    ("810000199005050114", "hk_mo_tw_permit"),
    ("110105198503120119", "resident"),
])
def test_card_numbers_accepted(number: str, card_type: str) -> None:
    assert cardnumber.validate(number, card_type) == "".join(number.split()).upper()


@pytest.mark.parametrize(("number", "card_type", "words"), [
    ("CAN11008104170", "foreign_permanent", "15 characters"),
    ("932682198501010018", "foreign_permanent_2023", "check digit"),
    ("110105198503120119", "foreign_permanent_2023", "starts with 9"),
    ("110105198503120119", "hk_mo_tw_permit", "81, 82 or 83"),
    ("CAN110081041701", "resident", "18 characters"),
    ("110105198503120119", "passport", "not accepted"),
])
def test_card_numbers_refused_with_the_reason(number: str, card_type: str, words: str) -> None:
    with pytest.raises(UserInputError, match=words):
        cardnumber.validate(number, card_type)


def test_a_foreign_card_with_no_taxpayer_is_unknown_not_invalid(world: World) -> None:
    with pytest.raises(UnknownTaxpayer):
        world.services.start_session_from_card("GBR310080010103", "X", "foreign_permanent")
