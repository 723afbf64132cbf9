"""The reconciliation's questions one a screen (bonus choice, elderly share, housing checks, other
deductions, donations, refund account) and the certificate-free rental invoice, walked without Qt."""

from __future__ import annotations

from decimal import Decimal

from kiosk.flow import CardPlaced, CardRead
from kiosk.flow.views import FormBlock, KeypadBlock, ListBlock, PageView, TilesBlock
from tests.helpers.fake_services import FakeServices
from tests.helpers.flow_driver import SAMPLE_ID, SAMPLE_NAME, FlowDriver, keys, texts


def signed_in(services: FakeServices | None = None) -> FlowDriver:
    d = FlowDriver(services=services or FakeServices())
    d.send(CardPlaced())
    d.send(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
    return d


def type_in(d: FlowDriver, digits: str) -> None:
    for k in digits:
        d.tap("key", k)


def to_income(d: FlowDriver) -> None:
    d.tap("menu.open", "reconciliation")
    assert "noneed.income" in keys(d.view)  # the first screen says what is no longer brought
    d.tap("rec.year", 2025)
    d.tap("wizard.next")
    assert d.view.screen == "reconciliation.bonus"


def answer_rest(d: FlowDriver, *, elderly: str = "none", housing: str = "none") -> None:
    d.tap("wizard.next")  # children
    d.tap("rec.elderly.choose", elderly)
    if elderly == "shared":
        d.tap("wizard.next")
    d.tap("rec.housing.choose", housing)
    if housing != "none":
        d.tap("wizard.next")
    for _ in range(4):
        d.tap("wizard.next")


def fields(view: PageView) -> dict[str, object]:
    form = next(b for b in view.blocks if isinstance(b, FormBlock))
    return {f.name: f.value for f in form.fields}


def test_bonus_choice_shows_both_totals_the_saving_and_the_person_chooses() -> None:
    """GIVEN a 36,000 bonus WHEN calculated THEN both totals side by side, the cheaper recommended with
    what it saves; the person picks the other and the preview and the filing use that one."""
    d = signed_in()
    to_income(d)
    d.tap("rec.bonus.choose", "yes")
    assert d.view.screen == "reconciliation.bonus_amount" and not d.view.actions[-1].enabled
    type_in(d, "36000")
    d.tap("wizard.next")
    answer_rest(d)
    assert d.view.screen == "reconciliation.bonus_choice"
    tiles = next(b for b in d.view.blocks if isinstance(b, TilesBlock)).tiles
    assert [t.value for t in tiles] == ["separate", "combined"]
    # the fake: separate +3,390, combined +7,200 on 8,080 -> 11,470 vs 15,280, separate saves 3,810
    assert [t.label.args for t in tiles] == [(("amount", "¥11,470.00"),), (("amount", "¥15,280.00"),)]
    assert tiles[0].note is not None and tiles[0].note.args == (("amount", "¥3,810.00"),) and tiles[1].note is None
    assert "rec.bonus.saves" in keys(d.view)
    d.tap("rec.bonus_method", "combined")
    assert d.view.screen == "reconciliation.preview"
    assert "rec.bonus.applied" in keys(d.view)
    d.tap("wizard.next")
    d.tap("rec.agree")
    d.tap("wizard.next")
    answers, _ = d.services.submitted[-1]
    assert answers.bonus == Decimal("36000") and answers.bonus_method == "combined"


def test_a_bonus_above_the_wages_cannot_go_on() -> None:
    d = signed_in()
    to_income(d)
    d.tap("rec.bonus.choose", "yes")
    type_in(d, "180001")  # the wages on record are 180,000
    assert not d.view.actions[-1].enabled


def test_elderly_share_equal_split_and_agreed_share_with_its_limit() -> None:
    """GIVEN a person with two siblings WHEN shared equally THEN 3,000 / 3 = 1,000 a month; an agreed
    share above 1,500 is refused on screen; 1,200 agreed goes through as the share."""
    d = signed_in()
    to_income(d)
    d.tap("rec.bonus.choose", "no")
    d.tap("wizard.next")
    d.tap("rec.elderly.choose", "shared")
    assert d.view.screen == "reconciliation.elderly_share"
    assert fields(d.view)["sharers"] == 2 and not any(isinstance(b, KeypadBlock) for b in d.view.blocks)
    d.tap("field.inc", "sharers")
    result = next(t for t in _txts(d.view) if t.key == "rec.share.result")
    assert result.args == (("amount", "¥1,000.00"),)
    d.tap("field.choose", ("method", "agreed"))
    assert any(isinstance(b, KeypadBlock) for b in d.view.blocks) and not d.view.actions[-1].enabled
    type_in(d, "1600")
    assert "rec.share.too_much" in keys(d.view) and not d.view.actions[-1].enabled
    for _ in range(4):
        d.tap("key", "backspace")
    type_in(d, "1200")
    assert d.view.actions[-1].enabled
    d.tap("wizard.next")
    assert d.view.screen == "reconciliation.housing"
    d.tap("rec.housing.choose", "none")
    for _ in range(4):
        d.tap("wizard.next")
    d.tap("wizard.next")  # preview -> refund (the fake: elderly support makes a refund)
    d.tap("rec.refund.account", 7)
    d.tap("wizard.next")
    d.tap("rec.agree")
    d.tap("wizard.next")
    answers, _ = d.services.submitted[-1]
    assert (answers.supports_elderly, answers.only_child, answers.elderly_share) == (True, False, Decimal("1200"))


def _txts(view: PageView) -> list:  # type: ignore[type-arg]
    from kiosk.flow.views import NoticeBlock, ParagraphBlock

    return [b.text for b in view.blocks if isinstance(b, ParagraphBlock | NoticeBlock) and not isinstance(b.text, str)]


def test_housing_loan_checks_of_the_law() -> None:
    """Loan interest: only a first-home loan; 50/50 only for homes each bought before the marriage;
    never together with the spouse's rent. Rent: never while the spouse claims the loan."""
    d = signed_in()
    to_income(d)
    d.tap("rec.bonus.choose", "no")
    d.tap("wizard.next")
    d.tap("rec.elderly.choose", "none")
    d.tap("rec.housing.choose", "loan")
    assert d.view.screen == "reconciliation.housing_check" and d.view.actions[-1].enabled
    d.tap("field.toggle", "first_home")
    assert "rec.loan.not_first_home" in keys(d.view) and not d.view.actions[-1].enabled
    d.tap("field.toggle", "first_home")
    d.tap("field.choose", ("share", "50"))
    assert "before_marriage" in fields(d.view) and "rec.loan.half_needs_two_homes" in keys(d.view)
    d.tap("field.toggle", "before_marriage")
    assert d.view.actions[-1].enabled
    d.tap("field.toggle", "spouse_rent")
    assert "rec.housing.not_both" in keys(d.view) and not d.view.actions[-1].enabled
    d.tap("field.toggle", "spouse_rent")
    d.tap("wizard.next")
    assert d.view.screen == "reconciliation.education"
    d.tap("wizard.back")
    d.tap("wizard.back")
    assert d.view.screen == "reconciliation.housing"
    rows = next(b for b in d.view.blocks if isinstance(b, ListBlock)).rows
    assert [r.value for r in rows if r.selected] == ["loan"]  # the earlier answer shown ticked
    d.tap("rec.housing.choose", "rent_tier2")
    assert list(fields(d.view)) == ["spouse_loan"]
    d.tap("field.toggle", "spouse_loan")
    assert "rec.housing.not_both" in keys(d.view) and not d.view.actions[-1].enabled


def test_other_deductions_and_donations_reach_the_answers() -> None:
    d = signed_in()
    to_income(d)
    d.tap("rec.bonus.choose", "no")
    d.tap("wizard.next")
    d.tap("rec.elderly.choose", "none")
    d.tap("rec.housing.choose", "none")
    d.tap("wizard.next")
    d.tap("wizard.next")
    assert d.view.screen == "reconciliation.others"
    assert list(fields(d.view)) == ["health_insurance", "personal_pension", "annuity"]  # no tax-deferred in 2025
    type_in(d, "2400")
    d.tap("field.focus", "personal_pension")
    type_in(d, "12000")
    d.tap("wizard.next")
    assert d.view.screen == "reconciliation.donations"
    type_in(d, "500")
    d.tap("field.focus", "full")
    type_in(d, "100")
    d.tap("wizard.next")
    d.tap("wizard.next")
    d.tap("rec.agree")
    d.tap("wizard.next")
    answers, account = d.services.submitted[-1]
    assert (answers.health_insurance, answers.personal_pension) == (Decimal("2400"), Decimal("12000"))
    assert [(x.amount, x.full) for x in answers.donations] == [(Decimal("500"), False), (Decimal("100"), True)]
    assert account is None  # a balance to pay: no refund account asked


def test_refund_without_an_account_on_file_says_how_to_add_one() -> None:
    d = signed_in(FakeServices(accounts=[]))
    to_income(d)
    d.tap("rec.bonus.choose", "no")
    answer_rest(d, elderly="only_child")
    assert d.view.screen == "reconciliation.preview"
    d.tap("wizard.next")
    assert d.view.screen == "reconciliation.refund"
    assert {"rec.refund.none", "rec.refund.how_to_add"} <= keys(d.view)
    assert not d.view.actions[-1].enabled
    assert d.view.steps[d.view.step_index].key == "step.refund"


def test_refund_account_shown_masked_and_named_on_the_result() -> None:
    d = signed_in()
    to_income(d)
    d.tap("rec.bonus.choose", "no")
    answer_rest(d, elderly="only_child")
    d.tap("wizard.next")
    assert {"**** 0123", "**** 5678"} <= set(texts(d.view)) and not d.view.actions[-1].enabled
    d.tap("rec.refund.account", 8)
    d.tap("wizard.next")
    d.tap("rec.agree")
    d.tap("wizard.next")
    assert d.services.submitted[-1][1] == 8
    assert "rec.done.refund_to" in keys(d.view)


def test_rental_without_a_registry_record_names_the_papers_for_the_counter() -> None:
    d = signed_in(FakeServices(properties=[]))
    d.tap("menu.open", "rental")
    assert d.view.screen == "rental.property"
    assert {"rental.no_record", "rental.counter_papers"} <= keys(d.view)
    assert [a.intent for a in d.view.actions] == ["wizard.back", "wizard.cancel"]


def test_rental_property_from_the_registry_decides_use_and_address() -> None:
    d = signed_in()
    d.tap("menu.open", "rental")
    d.tap("rental.property", 32)  # the shop
    d.tap("ime.mode")  # Latin letters
    type_in(d, "LI")
    d.tap("wizard.next")
    type_in(d, "9000")
    d.tap("wizard.next")
    d.tap("rental.agree")
    d.tap("wizard.next")
    assert "北京市朝阳区建国路99号1层105商铺" in texts(d.view)
    d.tap("wizard.next")
    request = d.services.rental_requests[-1]
    assert (request.property_id, request.residential, request.property_address) == (
        32, False, "北京市朝阳区建国路99号1层105商铺")
