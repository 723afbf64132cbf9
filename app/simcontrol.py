"""A small window to play the devices during `kiosk run --simulate`: cards, paper, cover, cables.

It talks to the simulators' control API (never the protocol bytes), so the kiosk reacts exactly as
it would to the real thing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from devices.escpos.simulator import PrinterSimulator
from devices.idcard import IdCardSimulator
from devices.idcard.samples import list_samples, load_card
from kiosk.privacy import mask_name


class SimulatorControl(QWidget):
    def __init__(self, reader: IdCardSimulator | None, printer: PrinterSimulator | None) -> None:
        super().__init__()
        self.setWindowTitle("Kiosk simulator control")
        self.reader = reader
        self.printer = printer
        col = QVBoxLayout(self)
        self.status = QLabel("")
        if reader is not None:
            box = QGroupBox("ID card reader")
            grid = QGridLayout(box)
            for i, path in enumerate(list_samples()):
                card = load_card(path)
                text = f"Place {mask_name(card.name)} ({card.card_type.value}, {path.stem})"
                grid.addWidget(self._button(text, functools.partial(reader.place, path)), i // 2, i % 2)
            row = len(list_samples()) // 2 + 1
            grid.addWidget(self._button("Lift card", reader.lift), row, 0)
            grid.addWidget(self._button("Read failure on", lambda: reader.inject("read_failure")), row, 1)
            grid.addWidget(
                self._button("Slow reader on", lambda: reader.inject("slow_sam", delay=2.0)), row + 1, 0
            )
            grid.addWidget(self._button("Clear reader faults", lambda: reader.clear()), row + 1, 1)
            grid.addWidget(self._button("Unplug reader", reader.unplug), row + 2, 0)
            grid.addWidget(self._button("Replug reader", reader.replug), row + 2, 1)
            col.addWidget(box)
        if printer is not None:
            box = QGroupBox("Receipt printer")
            grid = QGridLayout(box)
            actions: list[tuple[str, Callable[[], object]]] = [
                ("Paper OK", lambda: printer.set_paper("ok")),
                ("Paper near end", lambda: printer.set_paper("near_end")),
                ("Paper out", lambda: printer.set_paper("out")),
                ("Paper runs out mid-print", lambda: printer.run_out_after(8)),
                ("Cover open", lambda: printer.cover(True)),
                ("Cover closed", lambda: printer.cover(False)),
                ("Unplug printer", printer.unplug),
                ("Replug printer", printer.replug),
                ("Clear printer faults", printer.clear),
            ]
            for i, (text, fn) in enumerate(actions):
                grid.addWidget(self._button(text, fn), i // 2, i % 2)
            col.addWidget(box)
        col.addWidget(self.status)

    def _button(self, text: str, fn: Callable[[], object]) -> QPushButton:
        b = QPushButton(text)

        def run() -> None:
            try:
                fn()
                self.status.setText(f"done: {text}")
            except Exception as exc:  # a control window shows its problem and stays up
                self.status.setText(f"failed: {text}: {exc}")

        b.clicked.connect(run)
        return b
