"""Amounts of money in figures and in Chinese capitals (人民币大写): the one place these rules live.

Conventions chosen (tax-rules.md leaves them open; they hold everywhere in the kiosk):

* An amount that ends at 元 or at 角 gets 整 (the accounting standard, 会计基础工作规范 art. 52):
  1409.50 -> 壹仟肆佰零玖元伍角整. ``jiao_zheng=False`` gives the shorter form without 整
  (壹仟肆佰零玖元伍角) that the reference lists as its example.
* A run of zeros inside the integer part is written as one 零; a zero 角 before a non-zero 分
  gives 零 after 元 (16409.02 -> 壹万陆仟肆佰零玖元零贰分).
* When the 元 place is zero and 角 is not, no extra 零 is written (10.50 -> 壹拾元伍角整).
* 10 to 19 keep the leading 壹 (壹拾), as on cheques.
* A negative amount (a refund) is prefixed with 负.

Amounts must be exact to the 分: more than two decimal places is an error, never a silent rounding.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACE_UNITS = ("仟", "佰", "拾", "")  # inside a group of four digits
_GROUP_UNITS = ("", "万", "亿", "万亿")
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999999999.99")  # up to 万亿 groups


class AmountError(ValueError):
    """An amount that is not a valid sum of money (not a number, too precise, too large)."""


def to_amount(value: Decimal | int | str) -> Decimal:
    """Parse and check an amount: a Decimal with exactly two places. Floats are refused."""
    if isinstance(value, float):
        raise AmountError("amounts must be Decimal or text, never float")
    try:
        amount = Decimal(str(value).strip().replace(",", "")) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise AmountError(f"not an amount of money: {value!r}") from None
    if not amount.is_finite():
        raise AmountError(f"not an amount of money: {value!r}")
    if abs(amount) > MAX_AMOUNT:
        raise AmountError(f"amount too large for capitals: {value}")
    if amount != amount.quantize(CENT):
        raise AmountError(f"an amount has at most two decimal places (分), got {value}")
    return amount.quantize(CENT)


def _group(n: int) -> str:
    """Capitals of 1..9999 without leading zeros; inner zero runs give one 零."""
    digits = f"{n:04d}"
    out = ""
    zero_pending = False
    started = False
    for d, unit in zip(digits, _PLACE_UNITS, strict=True):
        if d == "0":
            zero_pending = started
            continue
        if zero_pending:
            out += "零"
            zero_pending = False
        out += DIGITS[int(d)] + unit
        started = True
    return out


def _integer(n: int) -> str:
    groups: list[int] = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out = ""
    zero_pending = False
    for index in range(len(groups) - 1, -1, -1):
        g = groups[index]
        if g == 0:
            zero_pending = bool(out)
            continue
        if out and (zero_pending or g < 1000):
            out += "零"
        out += _group(g) + _GROUP_UNITS[index]
        zero_pending = False
    return out


def capitals(value: Decimal | int | str, *, jiao_zheng: bool = True) -> str:
    """人民币大写 of ``value``: 1409.50 -> 壹仟肆佰零玖元伍角整, 0 -> 零元整."""
    amount = to_amount(value)
    sign = "负" if amount < 0 else ""
    cents = int(abs(amount) * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    out = _integer(yuan)
    if yuan:
        out += "元"
    if jiao == 0 and fen == 0:
        return sign + (out or "零元") + "整"
    if jiao:
        out += DIGITS[jiao] + "角"
    elif yuan:
        out += "零"
    if fen:
        out += DIGITS[fen] + "分"
    elif jiao_zheng:
        out += "整"
    return sign + out


def figures(value: Decimal | int | str) -> str:
    """Amount in figures with thousands separators: 16409.02 -> 16,409.02 (no currency sign)."""
    return f"{to_amount(value):,.2f}"


def yuan(value: Decimal | int | str) -> str:
    """Amount with the full-width yuan sign every receipt printer has: ￥16,409.02."""
    amount = to_amount(value)
    return ("-￥" if amount < 0 else "￥") + figures(abs(amount))
