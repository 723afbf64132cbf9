"""Versioned tax rule tables: every rate, threshold, cap and amount comes from a data file.

The figures live in ``kiosk/rules/data/*.toml`` (one file per kind and period of years, each with a
version id such as ``iit-2023.1``). They are loaded once, validated, and handed out as frozen
dataclasses; the calculators in :mod:`kiosk.tax` never hold a rate of their own.
"""

from __future__ import annotations

from kiosk.rules.brackets import Bracket, BracketTable
from kiosk.rules.errors import NoRuleTable, RuleTableError
from kiosk.rules.iit import (
    INCOME_KEYS,
    OTHER_DEDUCTION_KEYS,
    SPECIAL_ADDITIONAL_KEYS,
    FilingExemption,
    IitRules,
    LabourWithholdingRules,
    OtherDeductionRule,
    PrepayRules,
    SpecialAdditionalRules,
    WageWithholdingRules,
    iit_rules,
)
from kiosk.rules.rental import LOCATION_CLASSES, RentalMode, RentalRules, rental_rules
from kiosk.rules.vehicle import EngineBand, VehicleRules, vehicle_rules

__all__ = [
    "INCOME_KEYS",
    "LOCATION_CLASSES",
    "OTHER_DEDUCTION_KEYS",
    "SPECIAL_ADDITIONAL_KEYS",
    "Bracket",
    "BracketTable",
    "EngineBand",
    "FilingExemption",
    "IitRules",
    "LabourWithholdingRules",
    "NoRuleTable",
    "OtherDeductionRule",
    "PrepayRules",
    "RentalMode",
    "RentalRules",
    "RuleTableError",
    "SpecialAdditionalRules",
    "VehicleRules",
    "WageWithholdingRules",
    "iit_rules",
    "rental_rules",
    "vehicle_rules",
]
