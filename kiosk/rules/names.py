"""English names for the Chinese names on tax records: items (征收品目), payers, tax offices.

One source (``data/names_en.toml``) instead of translating on the screens: the English mode and the
bilingual slips both ask here. A name without an English form gives "" and the caller shows the
Chinese as recorded (a company's registered name has no translation unless it registered one).
Two item names are built by the services from parts and are translated from the same parts:
"2025年度汇算补税" and "出租住房 增值税".
"""

from __future__ import annotations

import functools
import re
import tomllib
from importlib import resources

from kiosk.domain.taxes import TaxType

_ANNUAL_BALANCE = re.compile(r"^(\d{4})年度汇算补税$")
_RENTAL = "出租住房 "


@functools.cache
def _table() -> dict[str, dict[str, str]]:
    text = resources.files("kiosk.rules").joinpath("data", "names_en.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return {kind: {str(k): str(v) for k, v in data.get(kind, {}).items()} for kind in ("items", "payers", "offices")}


def item_en(zh: str) -> str:
    """The English of a record's or a due's item name, or ""."""
    known = _table()["items"].get(zh)
    if known:
        return known
    m = _ANNUAL_BALANCE.match(zh)
    if m:
        return f"Annual reconciliation balance {m.group(1)}"
    if zh.startswith(_RENTAL):
        tax = zh[len(_RENTAL):]
        en = next((t.label_en for t in TaxType if t.label_zh == tax), "")
        return f"Home rental: {en}" if en else ""
    return ""


def payer_en(zh: str) -> str:
    """A payer's (employer's, withholding agent's) English name, or ""."""
    return _table()["payers"].get(zh, "")


def office_en(zh: str) -> str:
    """A tax office's English name, built from the bureau and the branch when both are known, or ""."""
    offices = _table()["offices"]
    if zh in offices:
        return offices[zh]
    for bureau, bureau_en in offices.items():
        branch = zh.removeprefix(bureau)
        if branch != zh and branch in offices:
            return f"{offices[branch]}, {bureau_en}"
    return ""


__all__ = ["item_en", "office_en", "payer_en"]
