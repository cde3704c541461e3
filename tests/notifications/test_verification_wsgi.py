"""The verification's API form answered beside Django (``tbmnet.wsgi``) answers exactly as
Django does: the same status, headers and body for every kind of code, the same language and
security headers, and Django itself for anything it cannot answer the same way; and it
opens, keeps and closes database connections as a Django request does."""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from datetime import timedelta
from io import BytesIO
from urllib.parse import unquote_to_bytes

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tbmnet.apps.notifications import services, signing, verification
from tbmnet.apps.notifications.models import Consent
from tbmnet.apps.notifications.verification_wsgi import with_lean_verification

from .factories import World


# ----------------------------------------------------------------------- the two paths
def environ(
    url: str, *, method: str = "GET", host: str = "testserver", scheme: str = "http", **headers: str
) -> dict:
    """A WSGI environ as a server builds it: PATH_INFO decoded from %-escapes, as latin-1."""
    path, _, query = url.partition("?")
    env = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "443" if scheme == "https" else "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "wsgi.url_scheme": scheme,
        "wsgi.input": BytesIO(b""),
        "wsgi.errors": BytesIO(),
    }
    env.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})
    return env


def call(app, env: dict) -> tuple[str, list[tuple[str, str]], bytes]:
    """Status line, headers in order, body: what a WSGI server would send."""
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, list(headers)

    body = app(env, start_response)
    try:
        content = b"".join(body)
    finally:
        if hasattr(body, "close"):
            body.close()
    return seen["status"], seen["headers"], content


@dataclass
class Paths:
    django: WSGIHandler
    lean: object
    django_asked: list[str] = field(default_factory=list)

    def both(self, url: str, **request) -> tuple[tuple, tuple, bool]:
        """The lean answer, Django's answer, and whether the lean path answered by itself."""
        asked = len(self.django_asked)
        lean = call(self.lean, environ(url, **request))
        by_itself = len(self.django_asked) == asked
        return lean, call(self.django, environ(url, **request)), by_itself


def paths() -> Paths:
    """Django's WSGI application and the lean one around it, built now (after any settings a
    test changed, as a server process builds them at start)."""
    django_app = WSGIHandler()
    found = Paths(django=django_app, lean=None)

    def django_counted(env, start_response):
        found.django_asked.append(env["PATH_INFO"])
        return django_app(env, start_response)

    found.lean = with_lean_verification(django_counted)
    return found


@pytest.fixture
def requests_in_the_test_transaction():
    """As Django's test client does: a request's start and end must not close the
    connection that holds the test's transaction (that is tested below, outside one)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# ----------------------------------------------------------------------- consents of each kind
def resigned(consent: Consent, **changes) -> Consent:
    """The consent's record changed and signed again by its authority's key: genuine."""
    record = dict(consent.record, **changes)
    Consent.objects.filter(pk=consent.pk).update(
        record=record, signature=signing.sign(record, consent.key.private_key)
    )
    return consent


def in_force(world: World) -> Consent:
    today = timezone.localdate()
    return resigned(
        world.consented().consent,
        valid_from=(today - timedelta(days=30)).isoformat(),
        valid_until=(today + timedelta(days=300)).isoformat(),
    )


def not_yet_in_force(world: World) -> Consent:
    today = timezone.localdate()
    return resigned(
        world.consented().consent,
        valid_from=(today + timedelta(days=5)).isoformat(),
        valid_until=(today + timedelta(days=300)).isoformat(),
    )


def expired(world: World) -> Consent:
    today = timezone.localdate()
    return resigned(
        world.consented().consent,
        valid_from=(today - timedelta(days=400)).isoformat(),
        valid_until=(today - timedelta(days=1)).isoformat(),
    )


def revoked_by_hand(world: World) -> Consent:
    consent = in_force(world)
    Consent.objects.filter(pk=consent.pk).update(revoked_at="2026-05-02T10:00:00Z")
    return consent


def withdrawn(world: World) -> Consent:
    consent = in_force(world)
    services.decide(
        notification=consent.notification,
        actor=world.ca["MY"],
        kind="withdrawal",
        reason="facility closed",
    )
    return consent


def tampered(world: World) -> Consent:
    consent = in_force(world)
    Consent.objects.filter(pk=consent.pk).update(
        record=dict(consent.record, quantity_tonnes="2400.000")
    )
    return consent


def forged(world: World) -> Consent:
    consent = in_force(world)
    private, _ = signing.new_key_pair()
    record = dict(consent.record, valid_until="2030-12-31")
    Consent.objects.filter(pk=consent.pk).update(
        record=record, signature=signing.sign(record, base64.b64encode(private).decode())
    )
    return consent


KINDS = [  # (how the consent is made, the status both paths must give, a word of the message)
    (in_force, "genuine", "valid until"),
    (not_yet_in_force, "genuine", "not yet in force"),
    (expired, "expired", "EXPIRED on"),
    (revoked_by_hand, "revoked", "REVOKED on 2026-05-02"),
    (withdrawn, "revoked", "REVOKED on"),
    (tampered, "unknown", "not genuine"),
    (forged, "unknown", "not genuine"),
]


@pytest.mark.django_db
@pytest.mark.usefixtures("requests_in_the_test_transaction")
class TestTheSameAnswerAsDjango:
    @pytest.mark.parametrize(
        ("make", "status", "says"), KINDS, ids=[make.__name__ for make, _, _ in KINDS]
    )
    def test_each_kind_of_consent(self, make, status, says):
        consent = make(World())
        verification.forget()
        both = paths()
        lean, django, by_itself = both.both(f"/api/v1/verify/{consent.code}")
        assert by_itself, "the lean path handed the request to Django"
        assert lean == django
        answer = lean[2].decode()
        assert lean[0] == "200 OK" and f'"status": "{status}"' in answer and says in answer

    def test_a_remembered_genuine_answer_then_the_withdrawal_shows_on_both(self):
        world = World()
        consent = in_force(world)
        both = paths()
        first, _, _ = both.both(f"/api/v1/verify/{consent.code}")
        assert b'"status": "genuine"' in first[2]
        services.decide(
            notification=consent.notification,
            actor=world.ca["MY"],
            kind="withdrawal",
            reason="facility closed",
        )
        lean, django, by_itself = both.both(f"/api/v1/verify/{consent.code}")
        assert by_itself and lean == django and b'"status": "revoked"' in lean[2]

    @pytest.mark.parametrize(
        "url",
        [
            "/api/v1/verify/no-such-code",
            "/api/v1/verify/with%20spaces",
            "/api/v1/verify/%C3%A9t%C3%A9",  # UTF-8
            "/api/v1/verify/%FF%FEbroken",  # not UTF-8: Django re-quotes the bytes
            "/api/v1/verify/" + "x" * 33,  # longer than any code
            "/api/v1/verify/" + "x" * 5000,
            "/api/v1/verify/a%00b",  # NUL: PostgreSQL refuses it in text
            "/api/v1/verify/%3Cscript%3E",
            "/api/v1/verify/code?with=query",
        ],
    )
    def test_unknown_and_malformed_codes(self, url):
        World()
        lean, django, by_itself = paths().both(url)
        assert by_itself
        assert lean == django
        assert lean[0] == "200 OK" and b'"status": "unknown"' in lean[2]

    @pytest.mark.parametrize(
        ("request_", "language"),
        [
            ({}, "en"),
            ({"accept_language": "fr-FR,fr;q=0.9,en;q=0.5"}, "fr"),
            ({"accept_language": "de"}, "en"),
            ({"cookie": "django_language=fr"}, "fr"),
        ],
        ids=["none", "accept-language-fr", "accept-language-unsupported", "cookie-fr"],
    )
    def test_language_headers(self, request_, language):
        consent = in_force(World())
        lean, django, by_itself = paths().both(f"/api/v1/verify/{consent.code}", **request_)
        assert by_itself and lean == django
        headers = dict(lean[1])
        assert headers["Content-Language"] == language
        assert headers["Vary"] == "Accept-Language"

    def test_security_headers_and_content_type(self):
        consent = in_force(World())
        lean, django, _ = paths().both(f"/api/v1/verify/{consent.code}")
        assert lean == django
        headers = dict(lean[1])
        assert headers["Content-Type"] == "application/json; charset=utf-8"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert headers["Content-Length"] == str(len(lean[2]))
        assert "Cache-Control" not in headers and "Set-Cookie" not in headers

    def test_strict_transport_security_over_https(self, settings):
        settings.SECURE_HSTS_SECONDS = 3600
        settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
        consent = in_force(World())
        both = paths()
        lean, django, by_itself = both.both(f"/api/v1/verify/{consent.code}", scheme="https")
        assert by_itself and lean == django
        assert dict(lean[1])["Strict-Transport-Security"] == "max-age=3600; includeSubDomains"
        plain, plain_django, _ = both.both(f"/api/v1/verify/{consent.code}")
        assert plain == plain_django and "Strict-Transport-Security" not in dict(plain[1])

    def test_one_server_follows_each_requests_language_and_scheme(self, settings):
        """The headers made once per language and scheme are never served to another."""
        settings.SECURE_HSTS_SECONDS = 3600
        consent = in_force(World())
        both = paths()
        url = f"/api/v1/verify/{consent.code}"
        for request_, language, over_https in [
            ({}, "en", False),
            ({"accept_language": "fr"}, "fr", False),
            ({"scheme": "https"}, "en", True),
            ({"accept_language": "fr", "scheme": "https"}, "fr", True),
            ({}, "en", False),
            ({"accept_language": "fr"}, "fr", False),
        ]:
            lean, django, by_itself = both.both(url, **request_)
            assert by_itself and lean == django
            headers = dict(lean[1])
            assert headers["Content-Language"] == language
            assert ("Strict-Transport-Security" in headers) is over_https

    def test_one_query(self):
        consent = in_force(World())
        lean = paths().lean
        call(lean, environ(f"/api/v1/verify/{consent.code}"))
        with CaptureQueriesContext(connection) as queries:
            status, _, _ = call(lean, environ(f"/api/v1/verify/{consent.code}"))
        assert status == "200 OK" and len(queries.captured_queries) == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("requests_in_the_test_transaction")
class TestDjangoAnswersWhatTheLeanPathCannot:
    @pytest.mark.parametrize(
        ("url", "request_", "status"),
        [
            ("/api/v1/verify/{code}", {"method": "HEAD"}, "405"),
            ("/api/v1/verify/{code}", {"method": "POST"}, "405"),
            ("/api/v1/verify/{code}/", {}, "404"),
            ("/api/v1/verify/", {}, "404"),
            ("/api/v1/verify/a%2Fb", {}, "404"),
            ("/api/v1/verify/{code}", {"host": "evil.example"}, "400"),
            ("/verify/{code}/", {}, "200"),  # the page: through Django
            ("/healthz", {}, "200"),
        ],
        ids=[
            "head",
            "post",
            "trailing-slash",
            "no-code",
            "slash-in-code",
            "host-not-allowed",
            "page",
            "healthz",
        ],
    )
    def test_handed_to_django(self, url, request_, status):
        consent = in_force(World())
        both = paths()
        lean, django, by_itself = both.both(url.format(code=consent.code), **request_)
        assert not by_itself
        assert lean[0].startswith(status) and lean[0] == django[0]
        # the same headers (a page sets a CSRF cookie: a new random token each time)
        assert [name for name, _ in lean[1]] == [name for name, _ in django[1]]

    def test_https_redirect_is_djangos(self, settings):
        settings.SECURE_SSL_REDIRECT = True
        consent = in_force(World())
        lean, django, by_itself = paths().both(f"/api/v1/verify/{consent.code}")
        assert not by_itself
        assert lean == django and lean[0].startswith("301")
        assert dict(lean[1])["Location"] == f"https://testserver/api/v1/verify/{consent.code}"

    def test_an_error_is_answered_by_django(self, monkeypatch):
        """The lean path never makes its own error page: Django answers (here the error was
        passing, so Django's answer is the verification)."""
        consent = in_force(World())
        real, failures = verification.verify, []

        def fails_once(code, **kwargs):
            if not failures:
                failures.append(code)
                raise RuntimeError("connection lost")
            return real(code, **kwargs)

        monkeypatch.setattr(verification, "verify", fails_once)
        both = paths()
        status, _, body = call(both.lean, environ(f"/api/v1/verify/{consent.code}"))
        assert failures == [consent.code] and both.django_asked
        assert status == "200 OK" and b'"status": "genuine"' in body

    def test_another_middleware_list_sends_everything_to_django(self, settings):
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, "example.RateLimitMiddleware"]
        django_app = object()
        assert with_lean_verification(django_app) is django_app


# ----------------------------------------------------------------------- connections
def _closable() -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("an in-memory SQLite connection is never closed (Django keeps it)")


@pytest.mark.django_db(transaction=True)
class TestConnectionsAsDjangoHandlesThem:
    """Outside a test transaction, with the request signals as a server sends them."""

    def verify(self, lean, code: str) -> bytes:
        status, _, body = call(lean, environ(f"/api/v1/verify/{code}"))
        assert status == "200 OK" and b'"status": "genuine"' in body
        return body

    def test_closed_after_the_answer_without_persistent_connections(self, monkeypatch):
        _closable()
        consent = in_force(World())
        monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
        connection.close()
        self.verify(paths().lean, consent.code)
        assert connection.connection is None

    def test_kept_and_reused_with_persistent_connections(self, monkeypatch):
        _closable()
        consent = in_force(World())
        monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
        connection.close()
        lean = paths().lean
        self.verify(lean, consent.code)
        kept = connection.connection
        self.verify(lean, consent.code)
        assert kept is not None and connection.connection is kept

    def test_an_obsolete_connection_is_replaced(self, monkeypatch):
        _closable()
        consent = in_force(World())
        monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
        lean = paths().lean
        self.verify(lean, consent.code)
        old = connection.connection
        connection.close_at = time.monotonic() - 1  # past its CONN_MAX_AGE
        self.verify(lean, consent.code)
        assert connection.connection is not None and connection.connection is not old

    def test_an_unusable_connection_is_replaced(self, monkeypatch):
        _closable()
        consent = in_force(World())
        monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
        lean = paths().lean
        self.verify(lean, consent.code)
        old = connection.connection
        connection.errors_occurred = True
        monkeypatch.setattr(connection, "is_usable", lambda: False)
        self.verify(lean, consent.code)
        assert connection.connection is not None and connection.connection is not old
