"""Reference data: code lists, countries, instruments and parties (pure Python, no Django)."""

from .catalogue import (
    LISTS,
    Catalogue,
    Code,
    CodeNotInForce,
    SearchHit,
    UnknownCode,
    UnknownCountry,
    catalogue,
    country_name,
    load_catalogue,
    normalise_code,
)
from .loader import DATA_DIR, ReferenceDataError, read_table

__all__ = [
    "DATA_DIR", "LISTS", "Catalogue", "Code", "CodeNotInForce", "ReferenceDataError",
    "SearchHit", "UnknownCode", "UnknownCountry", "catalogue", "country_name",
    "load_catalogue", "normalise_code", "read_table",
]
