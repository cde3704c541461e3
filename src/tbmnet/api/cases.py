"""Illegal-traffic cases: GET /api/v1/cases, GET /api/v1/cases/{number},
POST /api/v1/cases/{number}/steps (Basel Art. 9; the steps are ``cases.workflow.STEPS``)."""

from __future__ import annotations

from typing import Any

from ninja import Router, Schema

from tbmnet.api import AUTH, current_user
from tbmnet.apps.cases import selectors, services
from tbmnet.apps.cases.models import Case

router = Router(tags=["cases"], auth=AUTH)


class StepIn(Schema):
    kind: str
    data: dict[str, Any] = {}


def _case(case: Case) -> dict:
    return {
        "number": case.number, "status": case.status, "ground": case.ground or None,
        "state_of_export": case.state_of_export or None,
        "state_of_import": case.state_of_import or None,
        "authority": case.authority.name, "opened_at": case.opened_at,
        "responsibility": case.responsibility or None, "informed_on": case.informed_on,
        "due_on": case.due_on, "deadline": case.deadline_basis or None,
        "days_left": selectors.days_left(case), "returned_on": case.returned_on,
        "disposed_on": case.disposed_on, "closed_on": case.closed_on,
        "outcome": case.outcome or None,
    }


@router.get("", summary="Cases my state opened or, once informed, is the state of export of")
def list_cases(request):
    return [_case(case) for case in selectors.worklist(current_user(request))]


@router.get("/{number}", summary="One case with its steps")
def get_case(request, number: str):
    user = current_user(request)
    case = selectors.case_for(user, number)
    return _case(case) | {
        "events": [{"kind": e.kind, "at": e.at, "happened_on": e.happened_on,
                    "organisation": e.organisation.name, "note": e.note, "data": e.data}
                   for e in case.events.select_related("organisation")],
        "next_steps": [s.kind for s in selectors.steps_for(user, case)]}


@router.post("/{number}/steps", summary="Record a step: inform, message, return_departure, "
             "return_receipt, disposal, close")
def record_step(request, number: str, payload: StepIn):
    user = current_user(request)
    case = selectors.case_for(user, number)
    event = services.record(case=case, actor=user, kind=payload.kind, data=payload.data)
    return _case(event.case) | {"recorded": event.kind}
