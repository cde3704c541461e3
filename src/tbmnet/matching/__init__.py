"""Name and address matching of parties against watchlists (pure Python, no Django)."""

from tbmnet.matching.index import DEFAULT_THRESHOLD, Entity, Hit, WatchlistIndex, country_code
from tbmnet.matching.normalise import NormalisedName, name_key, normalise_address, normalise_name

__all__ = [
    "DEFAULT_THRESHOLD",
    "Entity",
    "Hit",
    "NormalisedName",
    "WatchlistIndex",
    "country_code",
    "name_key",
    "normalise_address",
    "normalise_name",
]
