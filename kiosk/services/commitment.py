"""The personal commitments (个人承诺) a taxpayer signs on screen: before submitting a reconciliation,
and instead of the lease for a rental invoice (证明事项告知承诺制: a commitment in place of a paper).

The text is versioned: the reconciliation row stores the version and the exact text signed, with the
time. A changed text gets a new version; old versions stay here so a stored filing can always be
shown with the words its signer saw.
"""

from __future__ import annotations

from kiosk.services.api import Commitment
from kiosk.services.errors import CommitmentError

_TEXTS: dict[str, Commitment] = {
    "commit-2024.1": Commitment(
        version="commit-2024.1",
        text_zh=(
            "本人承诺：本次年度汇算所填报的信息真实、准确、完整，并已知悉《中华人民共和国个人所得税法》"
            "及其实施条例的有关规定。如有不实，本人愿承担相应的法律责任。"
        ),
        text_en=(
            "I declare that the information in this annual reconciliation is true, accurate and complete, "
            "and that I know the provisions of the Individual Income Tax Law of the People's Republic of China "
            "and its implementing regulations. I accept the legal consequences of any untrue statement."
        ),
    ),
}
CURRENT_VERSION = "commit-2024.1"


def current() -> Commitment:
    return _TEXTS[CURRENT_VERSION]


def by_version(version: str) -> Commitment:
    try:
        return _TEXTS[version]
    except KeyError:
        raise CommitmentError(f"unknown commitment text version {version!r}") from None


def require_current(version: str) -> Commitment:
    """The text the person signed must be the one in force now (the screen may have been stale)."""
    if version != CURRENT_VERSION:
        raise CommitmentError(
            f"the commitment text has changed (signed {version!r}, current {CURRENT_VERSION!r}); "
            "please read and confirm it again"
        )
    return _TEXTS[version]


# ---- the rental invoice: a signed commitment replaces the lease (租赁合同) --------------------------
_RENTAL_TEXTS: dict[str, Commitment] = {
    "rental-2026.1": Commitment(
        version="rental-2026.1",
        text_zh=(
            "本人承诺：本人是所列房产的所有权人，与承租方之间的租赁关系真实存在，所申报的承租方、租赁期间和"
            "租金真实、准确、完整。本人以本承诺代替租赁合同，知悉税务机关可以核查，如有不实，本人愿承担相应的"
            "法律责任。"
        ),
        text_en=(
            "I declare that I own the property listed, that the lease with the tenant is real, and that the "
            "tenant, the lease period and the rent I report are true, accurate and complete. This commitment "
            "takes the place of the lease; I know the tax authority may check it, and I accept the legal "
            "consequences of any untrue statement."
        ),
    ),
}
RENTAL_CURRENT_VERSION = "rental-2026.1"


def rental_current() -> Commitment:
    return _RENTAL_TEXTS[RENTAL_CURRENT_VERSION]


def rental_by_version(version: str) -> Commitment:
    try:
        return _RENTAL_TEXTS[version]
    except KeyError:
        raise CommitmentError(f"unknown rental commitment text version {version!r}") from None


def rental_require_current(version: str) -> Commitment:
    """The rental commitment signed must be the one in force now."""
    if version != RENTAL_CURRENT_VERSION:
        raise CommitmentError(
            f"the rental commitment text has changed (signed {version!r}, current {RENTAL_CURRENT_VERSION!r}); "
            "please read and confirm it again"
        )
    return _RENTAL_TEXTS[version]
