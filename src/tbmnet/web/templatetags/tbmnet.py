"""Template helpers: country names in the page's language, the navigation of the user."""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry
from django import template
from django.utils.translation import get_language

from tbmnet.apps.registry import selectors

from ..navigation import links_for

register = template.Library()


@lru_cache(maxsize=8)
def _country_translation(language: str):
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language],
                               fallback=True)


@register.filter
def country_name(code: str) -> str:
    """'MY' -> 'Malaysia' (or 'Malaisie' in French); unknown codes are shown as they are."""
    country = pycountry.countries.get(alpha_2=(code or "").upper())
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    language = (get_language() or "en").split("-")[0]
    if language == "en":
        return name
    return _country_translation(language).gettext(country.name)


@register.simple_tag(takes_context=True)
def navigation(context):
    request = context["request"]
    if not request.user.is_authenticated:
        return []
    return links_for(request, selectors.primary_membership(request.user))


@register.simple_tag(takes_context=True)
def acting_as(context):
    request = context["request"]
    if not request.user.is_authenticated:
        return None
    return selectors.primary_membership(request.user)
