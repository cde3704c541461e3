"""The legality question for a declaration's likely Basel codes: prohibited, consent or neither.

Screening asks the legality engine (`tbmnet.rules`) one question per likely code. A
declaration does not state the disposal or recovery operation, so the engine is asked for a
recovery (R4) and a disposal (D10) operation: *prohibited* when both are prohibited, *consent
required* when either needs consent. Answers are cached by (code, route, date), the date
as the legality engine's period in which no dated fact changes.

Where `tbmnet.rules` cannot answer (not installed, or it refuses the proposal) the fallback
classifies by the annexes alone (Basel Art. 1(1)(a) and Annex VIII hazardous, Art. 1(2) and
Annex II other wastes, both under the Art. 6 procedure; Annex IX presumed not hazardous) and
says that prohibitions were not judged.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from tbmnet.memory import remember

PROHIBITED = "prohibited"
CONSENT_REQUIRED = "consent_required"
NOT_CONTROLLED = "not_controlled"
_ORDER = {PROHIBITED: 0, CONSENT_REQUIRED: 1, NOT_CONTROLLED: 2}
OPERATIONS = ("R4", "D10")
_EFFECT = {PROHIBITED: "prohibits", CONSENT_REQUIRED: "requires_consent",
           NOT_CONTROLLED: "exempts"}


@dataclass(frozen=True, slots=True)
class CodeVerdict:
    """What the law says about moving one Basel code along a route on a date."""

    code: str
    verdict: str
    reasons: tuple[str, ...]  # "Basel Convention Art. 4A: ..." – short, for the flag detail
    engine: str  # "tbmnet.rules" or "annexes only (tbmnet.rules not available)"


Judge = Callable[[str, str, str, tuple[str, ...], date, str], CodeVerdict]


def _fallback(code: str, state_of_export: str, state_of_import: str,
              states_of_transit: tuple[str, ...], day: date, hs_code: str) -> CodeVerdict:
    engine = "annexes only (tbmnet.rules not available: prohibitions not judged)"
    if code.startswith("A") or re.fullmatch(r"Y(\d|[1-3]\d|4[0-5])", code):
        return CodeVerdict(code, CONSENT_REQUIRED, (
            "Basel Convention Art. 1(1)(a), Annex VIII/Annex I: hazardous waste; Art. 6: prior "
            "informed consent of the states concerned",), engine)
    if re.fullmatch(r"Y4[6-9]", code):
        return CodeVerdict(code, CONSENT_REQUIRED, (
            "Basel Convention Art. 1(2), Annex II: other waste; Art. 6: prior informed consent "
            "of the states concerned",), engine)
    return CodeVerdict(code, NOT_CONTROLLED, (
        "Basel Convention Annex IX: presumed not hazardous unless it contains Annex I material "
        "to an extent that it exhibits an Annex III characteristic",), engine)


def rules_judge(engine=None) -> Judge | None:
    """A judge backed by tbmnet.rules (``engine``, else the one over the packaged reference
    data), or None when that engine is not there."""
    try:
        from tbmnet.rules import Proposal, ProposalError, Waste, default_engine
    except ImportError:
        return None
    engine = engine or default_engine()

    def judge(code: str, state_of_export: str, state_of_import: str,
              states_of_transit: tuple[str, ...], day: date, hs_code: str) -> CodeVerdict:
        key = "y_codes" if code.startswith("Y") else "basel_codes"
        waste = Waste(**{key: (code,)}, hs_codes=(hs_code[:6],))
        answers = []
        for operation in OPERATIONS:
            proposal = Proposal(waste=waste, state_of_export=state_of_export,
                                state_of_import=state_of_import, operation=operation, date=day,
                                states_of_transit=states_of_transit)
            try:
                engine.validate(proposal)
                answers.append(engine.check(proposal))
            except ProposalError:
                # e.g. a code not in force on the date, or export and import the same state
                return _fallback(code, state_of_export, state_of_import, states_of_transit,
                                 day, hs_code)
        verdicts = [a.verdict for a in answers]
        if all(v == PROHIBITED for v in verdicts):
            verdict = PROHIBITED
        elif CONSENT_REQUIRED in verdicts or PROHIBITED in verdicts:
            verdict = CONSENT_REQUIRED
        else:
            verdict = NOT_CONTROLLED
        chosen = min(answers, key=lambda a: _ORDER.get(a.verdict, 3))
        effect = _EFFECT.get(chosen.verdict)
        picked = [r for r in chosen.reasons if r.effect == effect] or list(chosen.reasons)
        reasons = tuple(f"{r.instrument} {r.article}: {r.text}" for r in picked[:3])
        return CodeVerdict(code, verdict, reasons, "tbmnet.rules")

    # The answer depends on the date only through the engine's dated facts (and the fallback
    # not at all): a cache may key on the engine's period of the date.
    judge.period = engine.period  # type: ignore[attr-defined]
    return judge


class Legality:
    """Cached answers for (code, route, date); `judge` may be injected for tests.

    A judge with a ``period(date)`` attribute (the one backed by ``tbmnet.rules``) promises
    the same answer for every date of one period: its answers are cached by period, so the
    first declaration of a route pays for the engine and the next ones, on other days of the
    same period, do not. Any other judge is cached by the exact date.
    """

    CACHE_SIZE = 65536

    def __init__(self, judge: Judge | None = None) -> None:
        self.judge = judge or rules_judge() or _fallback
        self.uses_rules_engine = self.judge is not _fallback
        self._period: Callable[[date], object] | None = getattr(self.judge, "period", None)
        self._answers: OrderedDict[tuple, CodeVerdict] = OrderedDict()

    def verdict(self, code: str, state_of_export: str, state_of_import: str,
                states_of_transit: tuple[str, ...], day: date, hs_code: str) -> CodeVerdict:
        hs6 = hs_code[:6]
        when = day if self._period is None else self._period(day)
        key = (code, state_of_export, state_of_import, states_of_transit, when, hs6)
        answers = self._answers
        answer = answers.get(key)
        if answer is None:
            answer = self.judge(code, state_of_export, state_of_import, states_of_transit, day,
                                hs6)
            remember(answers, key, answer, self.CACHE_SIZE)
        return answer
