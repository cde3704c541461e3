"""Legality engine (pure Python, no Django): prohibited, consent_required or not_controlled.

``check_one(json_obj)`` answers one proposal as a JSON-ready dict; ``Engine`` takes injected
party rows and national rules; ``deadlines_for`` gives each procedure's time limits.
"""

from .deadlines import deadlines_for, transit_deadline
from .engine import Engine, default_engine
from .model import (
    CONSENT_REQUIRED,
    NOT_CONTROLLED,
    PROHIBITED,
    Deadline,
    Proposal,
    ProposalError,
    Reason,
    Verdict,
    Waste,
)
from .proposal import check_many, check_one, parse_proposal
from .tables import NationalRule, PartyTable, Regions, load_national_rules

__all__ = [
    "CONSENT_REQUIRED", "NOT_CONTROLLED", "PROHIBITED", "Deadline", "Engine", "NationalRule",
    "PartyTable", "Proposal", "ProposalError", "Reason", "Regions", "Verdict", "Waste",
    "check_many", "check_one", "deadlines_for", "default_engine", "load_national_rules",
    "parse_proposal", "transit_deadline",
]
