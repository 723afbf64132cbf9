"""The kiosk's screen flows as Qt-free state machines (navigation is data; tests walk them without a GUI)."""

from kiosk.flow.context import FlowTimeouts, WizardContext
from kiosk.flow.controller import FlowController, Mode, Transition
from kiosk.flow.events import (
    CardPlaced,
    CardRead,
    CardReadFailed,
    CardRemoved,
    Device,
    DeviceStatus,
    EndSession,
    Health,
    Intent,
    JobState,
    PrintOutcome,
    PrintResult,
    ServiceResult,
    Tick,
    UserActivity,
)

__all__ = [
    "CardPlaced",
    "CardRead",
    "CardReadFailed",
    "CardRemoved",
    "Device",
    "DeviceStatus",
    "EndSession",
    "FlowController",
    "FlowTimeouts",
    "Health",
    "Intent",
    "JobState",
    "Mode",
    "PrintOutcome",
    "PrintResult",
    "ServiceResult",
    "Tick",
    "Transition",
    "UserActivity",
    "WizardContext",
]
