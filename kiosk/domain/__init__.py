"""Domain types shared by services, flows, receipts and the UI (no I/O, no Qt)."""
