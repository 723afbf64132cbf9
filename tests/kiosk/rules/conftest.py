"""Fixtures for the rule-table tests: the shipped data files, parsed fresh for each test."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.rules._reader import data_files, parse_toml


def _shipped(name: str) -> tuple[str, dict[str, Any]]:
    prefix = name.split("_")[0]
    text = dict(data_files(prefix))[name]
    return name, parse_toml(text, name)


@pytest.fixture
def iit_data() -> dict[str, Any]:
    """The shipped iit_2023.toml as a fresh dict a test may break."""
    return _shipped("iit_2023.toml")[1]


@pytest.fixture
def rental_data() -> dict[str, Any]:
    return _shipped("rental_2023.toml")[1]


@pytest.fixture
def vehicle_data() -> dict[str, Any]:
    return _shipped("vehicle_2023.toml")[1]
