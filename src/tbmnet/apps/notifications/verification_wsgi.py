"""The API form of the public verification (``GET /api/v1/verify/<code>``) answered beside
Django's request handling instead of through it.

A border post verifies a consent by scanning its QR code, many times a day, without logging
in. Through Django that answer pays for the URL resolver, django-ninja's operation and eight
middleware, most of which have nothing to do for an anonymous GET without a body: about as
much as the verification itself. ``with_lean_verification`` wraps the Django application:
exactly that path, with method GET, is answered here; every other request goes to Django
untouched.

The answer is Django's own, made with Django's own pieces: the same ``verification.verify``
(one query, the signature check remembered per version of the row, revocation and dates
judged on every request), rendered by the API's renderer, checked by the
``process_request`` of the middleware that act on such a request (HTTPS redirect, language,
host check), with the headers their ``process_response`` add (security headers, language,
Content-Length, X-Frame-Options: made on a real response once per language and scheme, see
``_Middleware.headers``), and the ``request_started``/``request_finished`` signals sent
around it as Django sends them, so connections are closed when obsolete (``CONN_MAX_AGE``)
or unusable, and health-checked (``CONN_HEALTH_CHECKS``), as on any request.

Whatever this cannot answer exactly as Django would goes to Django: a host not allowed, a
redirect a middleware asks for, another method, a trailing slash, any error (Django then
answers it, with its logging and its 500 page). And when ``settings.MIDDLEWARE`` is not the
list this was written against, nothing is answered here at all: a middleware added later
(rate limiting, CORS) must not be skipped silently.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest, get_path_info, get_script_name
from django.http import HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.common import CommonMiddleware
from django.middleware.locale import LocaleMiddleware
from django.middleware.security import SecurityMiddleware
from django.urls import set_script_prefix

from . import verification

PREFIX = "/api/v1/verify/"

# The middleware this was checked against (settings.MIDDLEWARE, in order). For an anonymous
# GET of this path the session, CSRF, authentication and messages middleware add nothing
# (no session read, no CSRF cookie, no message), so only the four below act.
CHECKED_AGAINST = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

log = logging.getLogger(__name__)


def _unused(request):  # the middleware below are called method by method, never as a chain
    raise AssertionError("not a chain")


class _Middleware:
    """The middleware that act on this request, in settings order, each Django's own."""

    def __init__(self) -> None:
        self.security = SecurityMiddleware(_unused)
        self.locale = LocaleMiddleware(_unused)
        self.common = CommonMiddleware(_unused)
        self.xframe = XFrameOptionsMiddleware(_unused)
        self._made: dict[tuple[str, bool], list[tuple[str, str]]] = {}

    def before(self, request):
        """None to go on, else the response a middleware answers with (a redirect)."""
        return (
            self.security.process_request(request)
            or self.locale.process_request(request)
            or self.common.process_request(request)
        )

    def after(self, request, response):
        """The response's way out: the reverse of settings order."""
        for middleware in (self.xframe, self.common, self.locale, self.security):
            response = middleware.process_response(request, response)
        return response

    def headers(self, request, content_type: str, length: int) -> list[tuple[str, str]]:
        """The headers these middleware put on a 200 answer of ``length`` bytes.

        They depend on the request only through its language (Content-Language) and whether
        it came over HTTPS (Strict-Transport-Security); all else they add comes from the
        settings, and from the body only its length. So they are made by the middleware
        themselves on a real response once per language and scheme, and the length is set
        per answer."""
        key = (request.LANGUAGE_CODE, request.is_secure())
        made = self._made.get(key)
        if made is None:
            response = self.after(request, HttpResponse(b"", content_type=content_type))
            made = [*response.items()]
            self._made[key] = made  # one per language offered and scheme: a handful
        return [
            ("Content-Length", str(length)) if name == "Content-Length" else (name, value)
            for name, value in made
        ]


def code_of(environ) -> str | None:
    """The code asked for when this request is a verification this path answers, else None."""
    if environ.get("REQUEST_METHOD") != "GET":
        return None
    raw = environ.get("PATH_INFO", "")
    if not raw.startswith(PREFIX):
        return None
    path = get_path_info(environ)  # as Django decodes it (UTF-8; broken bytes re-quoted)
    code = path[len(PREFIX) :]
    return code if code and "/" not in code else None


def with_lean_verification(django_app):
    """``django_app`` with ``GET /api/v1/verify/<code>`` answered beside it."""
    if list(settings.MIDDLEWARE) != CHECKED_AGAINST:
        log.warning(
            "settings.MIDDLEWARE differs from the list the lean verification was "
            "checked against: every verification goes through Django"
        )
        return django_app
    from tbmnet.api import api  # the API's own response: content type, JSON encoder

    middleware = _Middleware()
    content_type, charset = api.get_content_type(), api.renderer.charset

    def answer(environ, start_response, code: str):
        """Django's answer to this verification, or None when Django must give it."""
        signals.request_started.send(sender=WSGIHandler, environ=environ)
        try:
            set_script_prefix(get_script_name(environ))
            request = WSGIRequest(dict(environ))  # a copy: Django may get the original
            if middleware.before(request) is not None:
                return None
            result = verification.verify(code)
            body = api.renderer.render(request, result, response_status=200).encode(charset)
            headers = middleware.headers(request, content_type, len(body))
        except Exception:  # noqa: BLE001 - Django answers it, logs it, shows its 500 page
            return None
        finally:
            signals.request_finished.send(sender=WSGIHandler)
        start_response("200 OK", headers)
        return [body]

    def application(environ, start_response):
        code = code_of(environ)
        if code is not None:
            body = answer(environ, start_response, code)
            if body is not None:
                return body
        return django_app(environ, start_response)

    return application
