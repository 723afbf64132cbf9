"""Shared registry data a service checks instead of asking for papers ("data sharing, department
checks, a personal commitment"): the properties the real-estate registry (不动产登记) lists for an
owner, looked up by the owner's ID number, and the bank accounts a taxpayer put on file for refunds.

The ID number is read from the taxpayer's row inside the query and never leaves it; what comes back
is a view (an account number only masked).
"""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from kiosk.persistence.models import BankAccount, PropertyRecord, Taxpayer
from kiosk.privacy import mask_account
from kiosk.services.api import BankAccountView, PropertyView
from kiosk.services.errors import NotFoundError, UserInputError

RESIDENTIAL = "residential"


def _owned(taxpayer_id: int) -> Select[tuple[PropertyRecord]]:
    owner = select(Taxpayer.id_number).where(Taxpayer.id == taxpayer_id).scalar_subquery()
    return select(PropertyRecord).where(PropertyRecord.owner_id_number == owner)


def property_view(row: PropertyRecord) -> PropertyView:
    return PropertyView(
        property_id=row.id, address=row.address, certificate_no=row.certificate_no,
        residential=row.usage == RESIDENTIAL, location_class=row.location_class, area_m2=row.area_m2,
    )


def properties_of(db: Session, taxpayer_id: int) -> list[PropertyView]:
    """The registry's records of the properties this taxpayer owns (oldest registration first)."""
    rows = db.execute(_owned(taxpayer_id).order_by(PropertyRecord.registered_on, PropertyRecord.id)).scalars()
    return [property_view(r) for r in rows]


def property_of(db: Session, taxpayer_id: int, property_id: int) -> PropertyRecord:
    """One of this taxpayer's properties; another owner's (or none) is refused."""
    row: PropertyRecord | None = db.execute(
        _owned(taxpayer_id).where(PropertyRecord.id == property_id)
    ).scalar_one_or_none()
    if row is None:
        raise NotFoundError(f"the registry lists no property {property_id} for this owner",
                            message_key="error.property_not_found")
    return row


def refund_accounts(db: Session, taxpayer_id: int) -> list[BankAccountView]:
    rows = db.execute(select(BankAccount).where(BankAccount.taxpayer_id == taxpayer_id,
                                                BankAccount.active.is_(True)).order_by(BankAccount.id)).scalars()
    return [account_view(r) for r in rows]


def account_view(row: BankAccount) -> BankAccountView:
    return BankAccountView(row.id, row.bank_name, row.bank_name_en or row.bank_name, mask_account(row.account_number))


def refund_account(db: Session, taxpayer_id: int, account_id: int) -> BankAccount:
    row = db.get(BankAccount, account_id)
    if row is None or row.taxpayer_id != taxpayer_id or not row.active:
        raise UserInputError("choose one of your own bank accounts on file for the refund",
                             message_key="error.refund_account")
    return row
