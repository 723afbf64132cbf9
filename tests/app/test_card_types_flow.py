"""Every card a tax hall accepts starts a session through the flow (issue 12, item 6): each sample card
read from the simulator over a real pty by the real driver, turned into the flow's event by the app's
adapter, and the session opened by the real services on the demo-seeded SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.adapters import reader_event
from app.wiring import build_backend
from devices.idcard.driver import read_one_card
from devices.idcard.identity import CardType
from devices.idcard.samples import list_samples, load_card
from devices.idcard.simulator import IdCardSimulator
from kiosk.config import KioskConfig
from kiosk.flow import CardPlaced, CardRead
from kiosk.flow.views import Txt
from kiosk.privacy import mask_name
from kiosk.services.api import KioskServicesPort
from tests.helpers.flow_driver import FlowDriver

pytestmark = pytest.mark.pty

CARDS = sorted(path.stem for path in list_samples())


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KioskServicesPort]:
    from kiosk.config import parse_config

    data = tmp_path_factory.mktemp("data")
    config: KioskConfig = parse_config({"kiosk": {"data_dir": str(data)}}, source="test")
    svc, _ = build_backend(config, seed_demo_data=True)
    yield svc
    close = getattr(svc, "close", None)
    if close is not None:
        close()


def test_every_card_type_has_a_sample() -> None:
    assert {load_card(c).card_type for c in CARDS} == set(CardType)


@pytest.mark.parametrize("sample", CARDS)
def test_a_session_starts_from_each_sample_card_through_the_flow(
    services: KioskServicesPort, tmp_path: Path, sample: str
) -> None:
    """GIVEN the demo seed WHEN a sample card is read over the pty and handed to the flow THEN the menu
    greets the card's holder by the masked name as printed (English for a foreigner's card)."""
    spec = load_card(sample)
    with IdCardSimulator(tmp_path / "idc", card=sample) as sim:
        identity = read_one_card(sim.port, timeout=5)
    event = reader_event(_read_event(identity))
    assert isinstance(event, CardRead) and event.card_type == spec.card_type.value
    d = FlowDriver(services=services)  # type: ignore[arg-type]
    d.send(CardPlaced())
    d.send(event)
    assert d.view.screen == "menu", d.view
    printed = spec.extra.get("english_name") or spec.name
    greeting = d.view.greeting
    assert isinstance(greeting, Txt) and dict(greeting.args)["name"] == mask_name(printed)
    if spec.card_type in (CardType.FOREIGN_PERMANENT, CardType.FOREIGN_PERMANENT_2023):
        assert dict(greeting.args)["name"].isascii()  # the English name as printed, not the Chinese one
    assert spec.id_number not in repr(d.view)
    d.tap("menu.finish")
    assert d.view.screen != "menu"


def _read_event(identity: object) -> object:
    from devices.idcard.driver import CardRead as DevCardRead

    return DevCardRead(identity)  # type: ignore[arg-type]
