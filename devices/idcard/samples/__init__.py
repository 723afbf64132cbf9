"""Sample card descriptions of fictional people, for the simulator, tests and the demo database.

Every number here has a valid check digit; every person is invented. The lead's demo database seeds
one taxpayer per resident sample (keyed by ID number).
"""

from __future__ import annotations

from pathlib import Path

from devices.idcard.cardspec import CardSpec
from devices.idcard.identity import CardType

SAMPLES_DIR = Path(__file__).resolve().parent
# Staff members' own cards (the demo technician's): not taxpayers, so not in list_samples().
STAFF_CARD = SAMPLES_DIR / "staff" / "technician_li_jianguo.json"


def list_samples(card_type: CardType | str | None = None) -> list[Path]:
    """Every sample card description (or those of one card type), sorted by file name."""
    paths = sorted(SAMPLES_DIR.glob("*.json"))
    if card_type is None:
        return paths
    wanted = CardType(card_type)
    return [p for p in paths if load_card(p).card_type is wanted]


def load_card(path: str | Path) -> CardSpec:
    """A card description file (or a sample's name such as "resident_zhang_wei") -> CardSpec."""
    return CardSpec.load(resolve_card(path))


def resolve_card(name_or_path: str | Path) -> Path:
    """A path that exists, else the sample of that name (with or without ".json")."""
    path = Path(name_or_path)
    if path.exists():
        return path
    stem = path.name.removesuffix(".json")
    sample = SAMPLES_DIR / f"{stem}.json"
    if sample.exists():
        return sample
    raise FileNotFoundError(f"No card description or sample named {str(name_or_path)!r}.")


__all__ = ["SAMPLES_DIR", "STAFF_CARD", "list_samples", "load_card", "resolve_card"]
