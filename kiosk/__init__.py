"""Self-service tax kiosk core: domain, tax rules, services, flows, persistence, CLI (no Qt)."""

__version__ = "0.1.0"
