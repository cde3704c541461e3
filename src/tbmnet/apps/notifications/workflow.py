"""The notification's lifecycle as data: states, acts, transitions and named guards.

Two tables: ``TRANSITIONS`` for the notification, ``STATE_TRANSITIONS`` for each state
concerned. Services call ``require`` before an act and ``target`` for where it leads; the
diagram in docs/notifications.md is generated from these tables (docs/scenarios/render.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tbmnet.errors import InvalidTransition

from .models import NotificationStatus as N
from .models import StateStatus as S

Guard = Callable[..., str | None]  # returns None when the act may go ahead, else why not


def verdict_allows(notification, **_) -> str | None:
    verdict = (notification.verdict or {}).get("verdict")
    if verdict == "prohibited" and not notification.override_reason:
        return ("the legality check says prohibited: an authority must override it with a "
                "written reason before transmission")
    if verdict is None:
        return "the legality check has not run"
    return None


def verdict_prohibited(notification, **_) -> str | None:
    if (notification.verdict or {}).get("verdict") != "prohibited":
        return "only a 'prohibited' verdict can be overridden"
    if notification.override_reason:
        return "the verdict has already been overridden"
    return None


def every_state_consented(notification, **_) -> str | None:
    waiting = [s.state for s in notification.states.all()
               if s.consent_required and s.role != "export" and s.status != S.CONSENTED]
    return f"waiting for {', '.join(waiting)}" if waiting else None


@dataclass(frozen=True)
class Transition:
    to: str
    guard: Guard | None = None
    event: str = ""  # the UN/CEFACT e-Basel message the act corresponds to


TRANSITIONS: dict[tuple[str, str], Transition] = {
    (N.DRAFT, "update"): Transition(N.DRAFT),
    (N.DRAFT, "submit"): Transition(N.SUBMITTED, event="NotificationSubmission"),
    (N.DRAFT, "cancel"): Transition(N.CANCELLED, event="Cancellation"),
    (N.SUBMITTED, "override"): Transition(N.SUBMITTED, verdict_prohibited,
                                          "LegalityOverride"),
    (N.SUBMITTED, "request_information"): Transition(N.SUBMITTED,
                                                     event="FurtherNotificationRequest"),
    (N.SUBMITTED, "answer_information"): Transition(N.SUBMITTED,
                                                    event="FurtherNotificationAnswer"),
    (N.SUBMITTED, "transmit"): Transition(N.TRANSMITTED, verdict_allows,
                                          "NotificationSubmission"),
    (N.SUBMITTED, "object"): Transition(N.OBJECTED, event="NotificationDecision"),
    (N.SUBMITTED, "cancel"): Transition(N.CANCELLED, event="Cancellation"),
    (N.TRANSMITTED, "acknowledge"): Transition(N.TRANSMITTED,
                                               event="NotificationAcknowledgement"),
    (N.TRANSMITTED, "request_information"): Transition(N.TRANSMITTED,
                                                       event="FurtherNotificationRequest"),
    (N.TRANSMITTED, "answer_information"): Transition(N.TRANSMITTED,
                                                      event="FurtherNotificationAnswer"),
    (N.TRANSMITTED, "consent"): Transition(N.TRANSMITTED, event="NotificationDecision"),
    (N.TRANSMITTED, "tacit_consent"): Transition(N.TRANSMITTED, event="NotificationDecision"),
    (N.TRANSMITTED, "complete"): Transition(N.CONSENTED, every_state_consented,
                                            "ConsentIssued"),
    (N.TRANSMITTED, "object"): Transition(N.OBJECTED, event="NotificationDecision"),
    (N.TRANSMITTED, "withdraw"): Transition(N.WITHDRAWN, event="NotificationDecision"),
    (N.TRANSMITTED, "cancel"): Transition(N.CANCELLED, event="Cancellation"),
    (N.CONSENTED, "withdraw"): Transition(N.WITHDRAWN, event="NotificationDecision"),
    (N.CONSENTED, "cancel"): Transition(N.CANCELLED, event="Cancellation"),
}

_OPEN = (S.RECEIVED, S.ACKNOWLEDGED, S.INFORMATION_REQUESTED)

# (state status, act) -> new state status, for one state concerned.
STATE_TRANSITIONS: dict[tuple[str, str], str] = {
    (S.PENDING, "transmit"): S.TRANSMITTED,
    (S.ACKNOWLEDGED, "transmit"): S.TRANSMITTED,  # export CA after its own request answered
    (S.PENDING, "receive"): S.RECEIVED,
    (S.PENDING, "notify"): S.NOTIFIED,
    (S.PENDING, "request_information"): S.INFORMATION_REQUESTED,  # export CA, before transmit
    (S.INFORMATION_REQUESTED, "answer_information"): S.ACKNOWLEDGED,
    (S.RECEIVED, "acknowledge"): S.ACKNOWLEDGED,
    **{(status, "request_information"): S.INFORMATION_REQUESTED
       for status in (S.RECEIVED, S.ACKNOWLEDGED)},
    **{(status, "consent"): S.CONSENTED for status in _OPEN},
    **{(status, "object"): S.OBJECTED for status in _OPEN + (S.PENDING, S.TRANSMITTED)},
    **{(status, "tacit_consent"): S.CONSENTED for status in (S.RECEIVED, S.ACKNOWLEDGED)},
    (S.CONSENTED, "withdraw"): S.WITHDRAWN,
    (S.TRANSMITTED, "withdraw"): S.WITHDRAWN,
}


def require(notification, act: str, **context) -> Transition:
    """The transition for ``act`` from the notification's status; InvalidTransition if none,
    or if its guard says no."""
    transition = TRANSITIONS.get((notification.status, act))
    if transition is None:
        raise InvalidTransition(
            f"cannot {act.replace('_', ' ')} a notification that is {notification.status}",
            field="status")
    if transition.guard is not None:
        why = transition.guard(notification, **context)
        if why:
            raise InvalidTransition(why, field="status")
    return transition


def can(notification, act: str, **context) -> bool:
    try:
        require(notification, act, **context)
    except InvalidTransition:
        return False
    return True


def state_target(state_concerned, act: str) -> str:
    """Where ``act`` takes one state concerned; InvalidTransition if it cannot."""
    to = STATE_TRANSITIONS.get((state_concerned.status, act))
    if to is None:
        raise InvalidTransition(
            f"{state_concerned.state} cannot {act.replace('_', ' ')}: its status is "
            f"{state_concerned.status}", field="state")
    return to


def mermaid() -> str:
    """The notification lifecycle as a Mermaid state diagram (for docs/notifications.md)."""
    lines = ["stateDiagram-v2", "    [*] --> draft"]
    for (source, act), transition in TRANSITIONS.items():
        guard = f" [{transition.guard.__name__}]" if transition.guard else ""
        lines.append(f"    {source} --> {transition.to}: {act}{guard}")
    return "\n".join(lines)
