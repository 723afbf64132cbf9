"""Maintenance mode for technicians and hall staff (Qt-free, like the rest of the flow)."""
