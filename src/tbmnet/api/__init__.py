"""The REST API under /api/v1/ (django-ninja); routers stay thin over services and selectors."""

from django.contrib.auth.models import AnonymousUser
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from tbmnet.apps.registry.tokens import user_for_token
from tbmnet.errors import DomainError


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


# Token first, then the browser session (with CSRF) for pages calling the API.
AUTH = [BearerToken(), django_auth]

api = NinjaAPI(
    title="TBMnet API",
    version="1",
    description="Transboundary movements of hazardous wastes: reference codes, legality, "
    "notifications and consents, movements, customs screening, illegal-traffic cases.",
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def _domain_error(request, exc: DomainError):
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(
        request,
        {"error": {"field": "Authorization",
                   "message": "missing, unknown or revoked token (use 'Authorization: Bearer …')"}},
        status=401)


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc: NinjaValidationError):
    first = exc.errors[0] if exc.errors else {}
    location = [str(part) for part in first.get("loc", ()) if part not in ("body", "query",
                                                                             "path", "payload")]
    return api.create_response(
        request,
        {"error": {"field": ".".join(location) or None, "message": first.get("msg", "invalid"),
                   "details": exc.errors}},
        status=422)


def current_user(request):
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    return user if user is not None and not isinstance(user, AnonymousUser) else None


from tbmnet.api import codes  # noqa: E402  (routers register themselves on ``api``)

api.add_router("/codes", codes.router)
api.add_router("/legality", "tbmnet.api.legality.router")
api.add_router("/registry", "tbmnet.api.registry.router")
api.add_router("", "tbmnet.api.notifications.router")
api.add_router("", "tbmnet.api.customs.router")
api.add_router("/movements", "tbmnet.api.movements.router")
api.add_router("/cases", "tbmnet.api.cases.router")
