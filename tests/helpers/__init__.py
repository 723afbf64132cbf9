"""Test helpers: fakes and drivers shared by the flow and UI tests (never imported by the product)."""
