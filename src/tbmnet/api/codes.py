"""Reference codes: GET /api/v1/codes?q=… (search) and GET /api/v1/codes/{code}."""

from datetime import date

from ninja import Router

from tbmnet.codes import LISTS, CodeNotInForce, UnknownCode, catalogue
from tbmnet.errors import NotFound, ValidationFailed

router = Router(tags=["codes"])


@router.get("", summary="Search the code lists (ranked)")
def search_codes(request, q: str, list: str | None = None, limit: int = 10):
    if list is not None and list not in LISTS:
        raise ValidationFailed("list", f"unknown list {list!r}; one of {', '.join(LISTS)}")
    if not 1 <= limit <= 100:
        raise ValidationFailed("limit", "must be between 1 and 100")
    hits = catalogue().search(q, limit=limit, list=list)
    return {"query": q, "results": [hit.code.as_dict() | {"score": round(hit.score, 3)}
                                    for hit in hits]}


@router.get("/{code}", summary="One code, every list it stands in, every dated version")
def show_code(request, code: str, on: date | None = None):
    versions = catalogue().versions(code)
    if not versions:
        raise NotFound(f"unknown code {code!r}", field="code")
    result = {"code": versions[0].code, "versions": [v.as_dict() for v in versions]}
    if on is not None:
        try:
            result["in_force"] = catalogue().get(code, on=on).as_dict()
        except (UnknownCode, CodeNotInForce) as exc:
            raise ValidationFailed("on", str(exc)) from None
    return result
