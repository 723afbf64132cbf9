"""Errors of the rule tables."""

from __future__ import annotations

from kiosk.errors import KioskError, UserInputError


class NoRuleTable(UserInputError):
    """A person asked for a tax year (or date) that no rule table covers."""

    message_key = "error.no_rule_table"


class RuleTableError(KioskError):
    """A rule data file is malformed: a bug in the shipped data, not a person's mistake."""

    message_key = "error.rule_table"
