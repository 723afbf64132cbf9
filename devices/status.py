"""Device state shared by every device library, in the CEN/XFS spirit.

Device state is kept apart from media state (card present/absent, paper low/out): each device
library adds its own media enum next to this one.
"""

from __future__ import annotations

from enum import StrEnum


class DeviceState(StrEnum):
    """What a device can do right now (CEN/XFS fwDevice, simplified)."""

    ONLINE = "online"
    OFFLINE = "offline"
    HARDWARE_ERROR = "hardware_error"
    USER_ERROR = "user_error"
    BUSY = "busy"
    NO_DEVICE = "no_device"


__all__ = ["DeviceState"]
