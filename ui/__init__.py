"""The PySide6 touch interface: thin screens that render flow view-models and emit intents."""
