"""The one place the notifications app calls the legality engine (``tbmnet.rules``, issue 3).

``verdict_for(notification)`` builds the engine's proposal from the boxes of the form and
returns the verdict dict of the contract (verdict, procedures, classification, reasons,
deadlines). Several operations (block 11) give one proposal each; the strictest verdict wins
and reasons and deadlines are merged. An engine error is turned into a ``ValidationFailed``
naming the box of the form.
"""

from __future__ import annotations

from datetime import date

from tbmnet.apps.registry.legality import engine as party_engine
from tbmnet.errors import ValidationFailed

# The engine to ask (None: the engine over the party lists in the database, as corrected by
# administrators). Tests inject one with their own national rules, e.g. a transit Party's
# Art. 13 declaration.
engine = None

_SEVERITY = {"prohibited": 2, "consent_required": 1, "not_controlled": 0}

# The engine's field names -> the boxes of the notification form.
_FIELDS = {
    "waste.basel_codes": "block_14.basel_codes", "waste.y_codes": "block_14.y_codes",
    "waste.h_codes": "block_14.h_codes", "waste.oecd_codes": "block_14.oecd_codes",
    "waste.hs_codes": "block_14.hs_codes", "state_of_export": "block_15.states",
    "states_of_transit": "block_15.states", "state_of_import": "block_15.states",
    "operation": "block_11.operations", "date": "block_6.first_departure",
}


def proposal(notification, operation: str, on: date) -> dict:
    """The engine's proposal (issue 3 contract) for one operation of the notification."""
    states = list(notification.states.all())
    return {
        "waste": {"basel_codes": list(notification.basel_codes),
                  "y_codes": list(notification.y_codes), "h_codes": list(notification.h_codes),
                  "oecd_codes": list(notification.oecd_codes),
                  "hs_codes": list(notification.hs_codes),
                  "radioactive": notification.radioactive,
                  "description": notification.designation},
        "state_of_export": next((s.state for s in states if s.role == "export"), ""),
        "states_of_transit": [s.state for s in states if s.role == "transit"],
        "state_of_import": next((s.state for s in states if s.role == "import"), ""),
        "operation": operation,
        "date": on.isoformat(),
    }


def verdict_for(notification, *, on: date | None = None) -> dict:
    """The legality verdict for the notification (strictest over its operations)."""
    from tbmnet.rules import check_one

    on = on or notification.first_departure or date.today()
    merged: dict | None = None
    for operation in notification.operations or [""]:
        answer = check_one(proposal(notification, operation, on), engine or party_engine())
        if "error" in answer:
            field = answer["error"].get("field") or ""
            raise ValidationFailed(_FIELDS.get(field, field or "notification"),
                                   answer["error"].get("message", "invalid"))
        if merged is None:
            merged = answer
            continue
        if _SEVERITY[answer["verdict"]] > _SEVERITY[merged["verdict"]]:
            merged["verdict"], merged["classification"] = (answer["verdict"],
                                                           answer["classification"])
        merged["procedures"] = sorted(set(merged["procedures"]) | set(answer["procedures"]))
        merged["reasons"] += [r for r in answer["reasons"] if r not in merged["reasons"]]
        for procedure, items in answer["deadlines"].items():
            merged["deadlines"].setdefault(procedure, items)
    assert merged is not None
    return merged


def deadline(verdict: dict, procedure: str, step: str, state: str | None = None) -> dict | None:
    """One deadline of the verdict (``step`` of ``procedure``, for ``state`` where per state)."""
    for item in (verdict or {}).get("deadlines", {}).get(procedure, []):
        if item["step"] == step and item.get("state") in (None, state):
            return item
    return None


def state_deadlines(verdict: dict, procedure: str, state: str) -> list[dict]:
    """The deadlines the verdict gives for one state (Basel transit clocks)."""
    return [item for item in (verdict or {}).get("deadlines", {}).get(procedure, [])
            if item.get("state") == state]
