"""The REST API under /api/v1/ (django-ninja); routers stay thin over services and selectors."""

from datetime import timedelta
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from tbmnet.apps.registry import tokens
from tbmnet.apps.registry.models import ApiToken, Membership, Organisation
from tbmnet.errors import DomainError

# A token's last use is written at most this often (as ``tokens.user_for_token`` does).
LAST_USED_EVERY = timedelta(seconds=60)


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


def user_for_token(token: str):
    """The active user an unrevoked token belongs to, with their memberships (and each
    membership's organisation) already read, or None: one statement per request, which
    ``access.memberships`` then answers from (it keeps them on the user object).

    What ``tokens.user_for_token`` decides, in the statement that also reads the
    memberships: the ORM would compile and run two queries on every API request. Nothing is
    kept between requests: each has its own user object, read when it comes, so a revoked
    token, a deactivated user or a membership taken away counts from the next request."""
    if not token or not token.startswith(tokens.PREFIX):
        return None
    with connection.cursor() as cursor:
        cursor.execute(_token_sql(connection.vendor), [tokens._hash(token)])
        rows = cursor.fetchall()
    if not rows:
        return None
    User = get_user_model()
    n_user = len(User._meta.concrete_fields)
    n_org = len(Organisation._meta.concrete_fields)
    record = _instance(ApiToken, rows[0][:2], fields=("id", "last_used_at"))
    user = _instance(User, rows[0][2:2 + n_user])
    if not user.is_active:
        return None
    found = []
    for row in rows:
        membership_id, role, org = row[2 + n_user], row[3 + n_user], row[4 + n_user:]
        if membership_id is None:  # no membership at all: the LEFT JOIN's one empty row
            continue
        organisation = _instance(Organisation, org[:n_org])
        membership = Membership(id=membership_id, user=user, organisation=organisation,
                                role=role)
        membership._state.adding, membership._state.db = False, connection.alias
        found.append(membership)
    user._tbmnet_memberships = found  # access.memberships' own cache, on this request's user
    now = timezone.now()
    if record.last_used_at is None or now - record.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return user


@cache
def _token_sql(vendor: str) -> str:
    qn = connection.ops.quote_name
    User = get_user_model()
    user_columns = ", ".join(f"u.{qn(f.column)}" for f in User._meta.concrete_fields)
    org_columns = ", ".join(f"o.{qn(f.column)}" for f in Organisation._meta.concrete_fields)
    return (f"SELECT t.id, t.last_used_at, {user_columns}, m.id, m.role, {org_columns} "
            f"FROM {qn(ApiToken._meta.db_table)} t "
            f"JOIN {qn(User._meta.db_table)} u ON u.id = t.user_id "
            f"LEFT JOIN {qn(Membership._meta.db_table)} m ON m.user_id = u.id "
            f"LEFT JOIN {qn(Organisation._meta.db_table)} o ON o.id = m.organisation_id "
            f"WHERE t.key_hash = %s AND t.revoked_at IS NULL ORDER BY m.id")


@cache
def _converters(vendor: str, model, fields: tuple[str, ...] | None) -> tuple:
    """What turns the database's values of ``model``'s columns (``fields``, else all, in
    order) into Python ones (SQLite dates and booleans…), worked out once per process: a
    queryset works it out on every query."""
    out = []
    chosen = ([model._meta.get_field(name) for name in fields] if fields
              else model._meta.concrete_fields)
    for i, f in enumerate(chosen):
        column = f.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            out.append((i, column, tuple(found)))
    return tuple(out)


def _instance(model, values, *, fields: tuple[str, ...] | None = None):
    """An instance of ``model`` as the ORM would make it from these column values (of
    ``fields``, else of all its concrete fields in order)."""
    values = list(values)
    for i, column, found in _converters(connection.vendor, model, fields):
        for convert in found:
            values[i] = convert(values[i], column, connection)
    return model.from_db(connection.alias, fields, values)


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
