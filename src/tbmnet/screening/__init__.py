"""Customs screening engine (pure Python, no Django): declarations in, decisions out.

Checks each declaration against consents, the legality engine (for goods that are probably
waste), watchlists and risk profiles; see `engine.Screener`.
"""

from tbmnet.screening.consents import ConsentIndex, ConsentRecord, consent_from_dict, load_consents
from tbmnet.screening.declaration import (
    FIELDS,
    Declaration,
    DeclarationError,
    parse,
    read_csv,
)
from tbmnet.screening.engine import (
    DECISIONS,
    FLAG_RULES,
    Flag,
    Screener,
    ScreeningResult,
    Watchlist,
    decide,
)
from tbmnet.screening.legality import CodeVerdict, Legality
from tbmnet.screening.profiles import (
    ProfileContext,
    ProfileError,
    RiskProfile,
    evaluate,
    load_profiles,
    profile_from_dict,
)
from tbmnet.screening.waste import WasteAssessment, WasteJudge

__all__ = [
    "DECISIONS", "FIELDS", "FLAG_RULES", "CodeVerdict", "ConsentIndex", "ConsentRecord",
    "Declaration", "DeclarationError", "Flag", "Legality", "ProfileContext", "ProfileError",
    "RiskProfile", "Screener", "ScreeningResult", "WasteAssessment", "WasteJudge", "Watchlist",
    "consent_from_dict", "decide", "evaluate", "load_consents", "load_profiles", "parse",
    "profile_from_dict", "read_csv",
]
