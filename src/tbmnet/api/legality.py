"""POST /api/v1/legality/check: a movement proposal (or an array) in, verdicts out.

The body and the answer are those of ``tbmnet check`` (issue 3); the party lists are those
of the database, as corrected by administrators. A proposal with an error
gets ``{"error": {"field", "message"}}`` in its place; a single proposal with an error is
answered 422, an array always 200 (the other proposals are still answered, in order).
"""

from django.http import JsonResponse
from ninja import Body, Router

from tbmnet.api import AUTH
from tbmnet.apps.registry.legality import engine
from tbmnet.rules import check_many, check_one

router = Router(tags=["legality"], auth=AUTH)


@router.post("/check", summary="Legality of a proposed movement (Basel, Bamako, Waigani, OECD)",
             response={200: object, 422: object})
def check(request, body: dict | list = Body(..., openapi_examples={
        "lead-acid batteries": {"value": {
            "waste": {"basel_codes": ["A1160"], "y_codes": ["Y31"], "h_codes": ["H8"],
                      "oecd_codes": [], "hs_codes": ["854911"], "radioactive": False,
                      "description": "spent lead-acid batteries, whole"},
            "state_of_export": "JP", "states_of_transit": ["SG"], "state_of_import": "MY",
            "operation": "R4", "date": "2026-03-01"}}})):
    if isinstance(body, list):
        results, _ = check_many(body, engine())
        return JsonResponse(results, safe=False)
    result = check_one(body, engine())
    return JsonResponse(result, status=422 if "error" in result else 200)

