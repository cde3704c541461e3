"""The registry: GET /api/v1/registry/me, /organisations and /organisations/{id}.

Access is decided in ``registry.selectors``: another state's company is a 403 naming it."""

from ninja import Router

from tbmnet.api import AUTH, current_user
from tbmnet.apps.registry import access, selectors
from tbmnet.apps.registry.models import Organisation

router = Router(auth=AUTH, tags=["registry"])


def _organisation(o: Organisation) -> dict:
    return {"id": o.pk, "kind": o.kind, "name": o.name, "country": o.country, "code": o.code,
            "abbreviation": o.abbreviation, "region": o.region, "parent_id": o.parent_id}


def _detail(o: Organisation) -> dict:
    return _organisation(o) | {
        "address": o.address, "contact_person": o.contact_person, "email": o.email,
        "phone": o.phone, "source": o.source,
        "permits": [{"number": p.number, "operations": p.operations,
                     "waste_codes": p.waste_codes,
                     "capacity_tonnes_per_year": (float(p.capacity_tonnes_per_year)
                                                  if p.capacity_tonnes_per_year is not None
                                                  else None),
                     "valid_from": p.valid_from, "valid_until": p.valid_until,
                     "issued_by_id": p.issued_by_id}
                    for p in selectors.permits_of(o)],
    }


@router.get("/me", summary="Who I am: my organisations, roles and states")
def me(request):
    user = current_user(request)
    return {"username": user.username, "name": user.get_full_name(),
            "roles": sorted(access.roles(user)), "countries": sorted(access.countries(user)),
            "memberships": [{"role": m.role, "organisation": _organisation(m.organisation)}
                            for m in access.memberships(user)]}


@router.get("/organisations", summary="Organisations I may see (filter by country, kind, q)")
def list_organisations(request, country: str | None = None, kind: str | None = None,
                       q: str | None = None, limit: int = 100):
    found = selectors.search_organisations(current_user(request), country=country, kind=kind,
                                           q=q)
    limit = max(1, min(limit, 1000))
    return {"count": found.count(), "results": [_organisation(o) for o in found[:limit]]}


@router.get("/organisations/{organisation_id}",
            summary="One organisation with its permits (403 for another state's company)")
def show_organisation(request, organisation_id: int):
    return _detail(selectors.organisation_for(current_user(request), organisation_id))
