"""The hidden way into maintenance: a long press in the top-left corner, then the bottom-right corner.

A person using the kiosk taps buttons, which sit away from the corners, and never holds still on
an empty corner for two seconds and then reaches across to the opposite one; a technician who
knows does it in three seconds. Only the attract and out-of-service screens listen for it (the
flow refuses it anyway during a session, a payment, a print or with a card on the reader).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum

CORNER = 160  # px: the square of each corner that counts (about 40 mm on the 1080x1920 panel)


class Stage(StrEnum):
    IDLE = "idle"
    HOLDING = "holding"  # the first corner is being pressed
    ARMED = "armed"  # the first corner was held long enough: the second corner is expected


class CornerGesture:
    def __init__(
        self,
        on_done: Callable[[], None],
        *,
        hold: float = 2.0,
        within: float = 4.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.on_done = on_done
        self.hold = hold
        self.within = within
        self._clock = clock
        self.stage = Stage.IDLE
        self._since = 0.0

    def press(self, x: int, y: int, width: int, height: int) -> None:
        now = self._clock()
        if self.stage == Stage.ARMED and now - self._since <= self.within and _corner(x, y, width, height) == "br":
            self.stage = Stage.IDLE
            self.on_done()
            return
        if _corner(x, y, width, height) == "tl":
            self.stage, self._since = Stage.HOLDING, now
        else:
            self.stage = Stage.IDLE

    def release(self, x: int, y: int, width: int, height: int) -> None:
        now = self._clock()
        if self.stage != Stage.HOLDING:
            return
        if _corner(x, y, width, height) == "tl" and now - self._since >= self.hold:
            self.stage, self._since = Stage.ARMED, now
        else:
            self.stage = Stage.IDLE

    def reset(self) -> None:
        self.stage = Stage.IDLE


def _corner(x: int, y: int, width: int, height: int) -> str:
    if x <= CORNER and y <= CORNER:
        return "tl"
    if x >= width - CORNER and y >= height - CORNER:
        return "br"
    return ""
