"""Parsing of user input that services share: each error names the field and changes nothing.

Pure Python (no framework import), so engines, services and the CLI use the same words.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from tbmnet.errors import ValidationFailed

MAX_AMOUNT = Decimal("1e11")


def parse_date(field: str, value, *, required: bool = True) -> date | None:
    """A date given as ``date`` or ISO text (YYYY-MM-DD); None when optional and empty."""
    if value in (None, ""):
        if required:
            raise ValidationFailed(field, "a date (YYYY-MM-DD) is required")
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationFailed(field, f"{value!r} is not a date (YYYY-MM-DD)") from None


def parse_amount(field: str, value, *, unit: str, places: int = 3,
                 required: bool = True) -> Decimal | None:
    """A positive, finite quantity in ``unit``, rounded to ``places`` decimals."""
    if value in (None, ""):
        if required:
            raise ValidationFailed(field, f"a quantity in {unit} is required")
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationFailed(field, f"{value!r} is not a number") from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationFailed(field, f"must be a positive number of {unit}")
    if amount >= MAX_AMOUNT:
        raise ValidationFailed(field, "is too large")
    return amount.quantize(Decimal(1).scaleb(-places))


def require_text(field: str, value, *, max_length: int = 4000) -> str:
    """Non-blank text, stripped."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise ValidationFailed(field, "is required")
    if len(text) > max_length:
        raise ValidationFailed(field, f"is longer than {max_length} characters")
    return text
