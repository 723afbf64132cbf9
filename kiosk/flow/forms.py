"""Input fields of a wizard step: values, the active field and lenient normalisation of keypad input."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from kiosk.flow.events import Intent
from kiosk.flow.ime import Composer
from kiosk.flow.views import FieldKind, FormBlock, FormField, KeypadBlock

INPUT_KINDS = (FieldKind.NUMBER, FieldKind.MONEY, FieldKind.TEXT, FieldKind.ID_NUMBER, FieldKind.PIN)
TEXT_KEYS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-,.#/")
MAX_TEXT = 40
MAX_MONEY_DIGITS = 9
ID_LENGTH = 18  # 17 digits, then a digit or X
PIN_MIN = 4  # a staff PIN has 4 to 12 digits (kiosk/services/staff.py)
PIN_MAX = 12
PIN_MASK = "●"  # one per typed digit: the view (and so the screen) never holds the digits


def pin_mask(value: object) -> str:
    """What a PIN field shows: one dot per digit."""
    return PIN_MASK * len(str(value or ""))


class Form:
    """A set of fields with their values. Steppers, toggles and choices change with one tap."""

    def __init__(self, fields: list[FormField]) -> None:
        self.specs = {f.name: f for f in fields}
        self.order = [f.name for f in fields]
        self.values: dict[str, Any] = {}
        self.active: str | None = None
        self.composer = Composer()  # pinyin of the active field, for fields that take Chinese
        self.clear()

    def reset(self, name: str) -> None:
        """Drop what was typed into one field (its initial value again)."""
        self.values[name] = self.specs[name].value

    def clear(self) -> None:
        """Back to the initial values (drops whatever was typed) with the first input active again."""
        self.values = {name: spec.value for name, spec in self.specs.items()}
        self.composer.reset()
        # the keypad opens at once only when the form starts with an input; else on a tap on the input
        first = self.specs[self.order[0]] if self.order else None
        self.active = first.name if first is not None and first.kind in INPUT_KINDS else None

    # ---- reading -------------------------------------------------------------------------------
    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def text(self, name: str) -> str:
        return str(self.values[name] or "")

    def integer(self, name: str) -> int:
        v = self.values[name]
        if isinstance(v, int):
            return v
        return int(v) if v else 0

    def decimal(self, name: str) -> Decimal:
        v = self.values[name] or "0"
        try:
            return Decimal(str(v).rstrip(".") or "0")
        except InvalidOperation:  # pragma: no cover - normalisation never lets one through
            return Decimal("0")

    def block(self, visible: list[str] | None = None) -> tuple[FormBlock | KeypadBlock, ...]:
        names = visible if visible is not None else self.order
        fields = tuple(replace(self.specs[n], value=self._shown(n), active=(n == self.active)) for n in names)
        out: list[FormBlock | KeypadBlock] = [FormBlock(fields)]
        if self.active is not None and self.active in names:
            spec = self.specs[self.active]
            out.append(KeypadBlock(spec.kind, self.composer.view() if self._composes(spec) else None))
        return tuple(out)

    @staticmethod
    def _composes(spec: FormField) -> bool:
        return spec.kind == FieldKind.TEXT and spec.chinese

    def _shown(self, name: str) -> Any:
        """The value as the view carries it: a PIN only as its mask."""
        if self.specs[name].kind == FieldKind.PIN:
            return pin_mask(self.values[name])
        return self.values[name]

    # ---- changing ------------------------------------------------------------------------------
    def handle(self, intent: Intent) -> bool:
        """Apply a field intent; False when the intent is not about this form."""
        name = intent.name
        if name in ("field.inc", "field.dec", "field.toggle", "field.focus"):
            field = intent.value
            if field not in self.specs:
                return False
            spec = self.specs[field]
            if name == "field.inc":
                self.values[field] = min(spec.maximum, self.values[field] + 1)
            elif name == "field.dec":
                self.values[field] = max(spec.minimum, self.values[field] - 1)
            elif name == "field.toggle":
                self.values[field] = not self.values[field]
            elif spec.kind in INPUT_KINDS:
                if field != self.active:
                    self.composer.reset()  # letters composed for another field are not this one's
                self.active = field
            return True
        if name == "field.choose":
            field, value = intent.value
            choice = self.specs.get(field)
            if choice is None or value not in [o[0] for o in choice.options]:
                return False
            self.values[field] = value
            return True
        composing = self.active is not None and self._composes(self.specs[self.active])
        if composing and self.active is not None and (name.startswith("ime.") or name == "key"):
            self._compose(self.active, name, intent.value)
            return True
        if name == "key" and self.active is not None:
            self.values[self.active] = self._type(
                self.specs[self.active], self.text(self.active), str(intent.value)
            )
            return True
        return False

    def _compose(self, field: str, name: str, value: object) -> None:
        """A key, a candidate or the mode key on a field that takes Chinese."""
        ime, current = self.composer, self.text(field)
        if name == "ime.mode":
            self.values[field] = self._add(current, ime.toggle())
        elif name == "ime.page":
            ime.turn(1 if value == 1 else -1)
        elif name == "ime.pick":
            self.values[field] = self._add(current, ime.pick(value if isinstance(value, int) else -1))
        elif ime.letters and value == "backspace":
            ime.backspace()
        elif ime.letters and value == "space":  # space takes the first candidate, as IMEs do
            self.values[field] = self._add(current, ime.pick(0))
        elif value == "clear":
            ime.reset()
            self.values[field] = ""
        elif ime.chinese and isinstance(value, str) and len(value) == 1 and value.isascii() and value.isalpha():
            ime.type_letter(value)
        else:
            self.values[field] = self._type(self.specs[field], current, str(value))

    @staticmethod
    def _add(current: str, text: str) -> str:
        return (current + text)[:MAX_TEXT]

    @staticmethod
    def _type(spec: FormField, current: str, key: str) -> str:
        if key == "backspace":
            return current[:-1]
        if key == "clear":
            return ""
        if spec.kind == FieldKind.ID_NUMBER:
            key = key.upper()
            if len(current) >= ID_LENGTH or len(key) != 1:
                return current
            if key in "0123456789" or (key == "X" and len(current) == ID_LENGTH - 1):
                return current + key  # an X only as the last character
            return current
        if spec.kind == FieldKind.PIN:
            if len(current) >= PIN_MAX or len(key) != 1 or key not in "0123456789":
                return current
            return current + key
        if spec.kind == FieldKind.TEXT:
            if key == "space":
                key = " "
            key = key.upper()
            if len(current) >= MAX_TEXT or not (key == " " or key in TEXT_KEYS):
                return current
            if key == " " and (not current or current.endswith(" ")):
                return current  # no leading or double spaces
            return current + key
        if not (key.isdigit() or (key == "." and spec.kind == FieldKind.MONEY)):
            return current
        if key == ".":
            return current if "." in current else (current or "0") + "."
        if "." in current and len(current.split(".")[1]) >= 2:
            return current  # cents at most
        candidate = current + key
        if spec.kind == FieldKind.NUMBER:
            candidate = str(int(candidate))  # no leading zeros
            if spec.maximum and int(candidate) > spec.maximum:
                return current
            return candidate
        whole = candidate.split(".")[0]
        if len(whole.lstrip("0")) > MAX_MONEY_DIGITS:
            return current
        if whole.startswith("0") and len(whole) > 1:
            candidate = candidate.lstrip("0") or "0"
            if candidate.startswith("."):
                candidate = "0" + candidate
        return candidate
