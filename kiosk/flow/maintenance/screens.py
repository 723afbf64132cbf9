"""Maintenance mode's screens as data: which screen opens which, what Back returns to.

A technician moves from the home screen to a function and from some functions to a sub-screen;
Back always returns to the parent in :data:`PARENT`. The public never sees any of these: leaving
maintenance (or 15 minutes without input) purges them and shows the attract or out-of-service
screen.
"""

from __future__ import annotations

from enum import StrEnum

from kiosk.services.maintenance_api import MaintenanceFunction


class Screen(StrEnum):
    SIGN_IN = "sign_in"
    HOME = "home"
    DEVICES = "devices"
    CARD_TEST = "card_test"
    COUNTERS = "counters"
    PAPER_CONFIRM = "paper_confirm"
    JOURNAL = "journal"
    REPRINTS = "reprints"
    SETTINGS = "settings"
    ABOUT = "about"
    REPORT = "report"
    HANDOVER = "handover"
    LEAVING = "leaving"  # the self-test runs
    SELFTEST_FAILED = "selftest_failed"


FUNCTION_SCREENS: dict[MaintenanceFunction, Screen] = {
    MaintenanceFunction.DEVICES: Screen.DEVICES,
    MaintenanceFunction.COUNTERS: Screen.COUNTERS,
    MaintenanceFunction.JOURNAL: Screen.JOURNAL,
    MaintenanceFunction.REPRINTS: Screen.REPRINTS,
    MaintenanceFunction.SETTINGS: Screen.SETTINGS,
    MaintenanceFunction.ABOUT: Screen.ABOUT,
    MaintenanceFunction.REPORT: Screen.REPORT,
    MaintenanceFunction.HANDOVER: Screen.HANDOVER,
}

PARENT: dict[Screen, Screen | None] = {
    Screen.SIGN_IN: None,  # Back leaves maintenance (nobody signed in: nothing to test)
    Screen.HOME: None,  # Back on the home screen = leave maintenance (with the self-test)
    Screen.DEVICES: Screen.HOME,
    Screen.CARD_TEST: Screen.DEVICES,
    Screen.COUNTERS: Screen.HOME,
    Screen.PAPER_CONFIRM: Screen.COUNTERS,
    Screen.JOURNAL: Screen.HOME,
    Screen.REPRINTS: Screen.HOME,
    Screen.SETTINGS: Screen.HOME,
    Screen.ABOUT: Screen.HOME,
    Screen.REPORT: Screen.HOME,
    Screen.HANDOVER: Screen.HOME,
    Screen.LEAVING: None,
    Screen.SELFTEST_FAILED: Screen.HOME,
}

ICONS: dict[MaintenanceFunction, str] = {
    MaintenanceFunction.DEVICES: "card",
    MaintenanceFunction.COUNTERS: "calculator",
    MaintenanceFunction.JOURNAL: "search",
    MaintenanceFunction.REPRINTS: "printer",
    MaintenanceFunction.SETTINGS: "tools",
    MaintenanceFunction.ABOUT: "record",
    MaintenanceFunction.REPORT: "certificate",
    MaintenanceFunction.HANDOVER: "ticket",
}
