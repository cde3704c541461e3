"""Pages turn a service's refusal into the HTTP answer a browser understands."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from tbmnet.errors import NotAllowed, NotFound


def or_http_error(call, /, *args, **kwargs):
    """``call(*args, **kwargs)``; NotFound becomes a 404 and NotAllowed a 403, each with the
    service's message."""
    try:
        return call(*args, **kwargs)
    except NotFound as exc:
        raise Http404(exc.message) from None
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from None
