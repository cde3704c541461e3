"""The lifecycle scenarios of docs/scenarios/*.py, run step by step (who, does, expect)."""

from __future__ import annotations

import importlib.util
from datetime import date, timedelta
from pathlib import Path

import pytest

from tbmnet import errors
from tbmnet.apps.notifications import selectors, services
from tbmnet.apps.notifications.models import Consent

from .factories import World

pytestmark = pytest.mark.django_db
SCENARIOS = Path(__file__).resolve().parents[2] / "docs" / "scenarios"
DAY_0 = date(2026, 1, 15)
NAMES = sorted(p.stem for p in SCENARIOS.glob("*.py") if p.stem != "render")


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"scenario_{name}", SCENARIOS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Run:
    def __init__(self, scenario) -> None:
        w = scenario.WORLD
        self.world = World(export=w["export"], transit=tuple(w["transit"]), import_=w["import"])
        self.notification = None
        self.last = None

    def actor(self, who: str):
        if who == "notifier":
            return self.world.notifier
        if who.startswith("ca."):
            return self.world.ca[who[3:].upper()]
        return None

    def do(self, step: dict):
        who, does, args = step["who"], step["does"], dict(step.get("with", {}))
        actor, n = self.actor(who), self.notification
        today = DAY_0 + timedelta(days=step.get("day", 0))
        if does == "file":
            self.notification = services.create_draft(actor=actor,
                                                      data=self.world.data(**args))
        elif does == "submit":
            services.submit(notification=n, actor=actor)
        elif does == "transmit":
            services.transmit(notification=n, actor=actor, today=today)
        elif does == "acknowledge":
            services.acknowledge(notification=n, actor=actor, today=today)
        elif does in ("consent", "object", "withdraw", "request_information"):
            kind = {"consent": "consent", "object": "objection", "withdraw": "withdrawal",
                    "request_information": "information_request"}[does]
            services.decide(notification=n, actor=actor, kind=kind, today=today, **args)
        elif does == "answer":
            services.answer_information(notification=n, actor=actor, today=today, **args)
        elif does == "run_deadlines":
            self.last = services.run_deadlines(today=today)
        elif does == "verify":
            self.last = selectors.verify(n.consent.code, on=today)
        else:
            raise AssertionError(f"unknown act {does!r}")

    def check(self, step: dict) -> None:
        expect = step.get("expect", {})
        n = self.notification
        n.refresh_from_db()
        states = {s.state: s for s in n.states.all()}
        if "status" in expect:
            assert n.status == expect["status"]
        if "verdict" in expect:
            assert n.verdict["verdict"] == expect["verdict"]
        if "procedure" in expect:
            assert n.procedure == expect["procedure"]
        for state, status in expect.get("states", {}).items():
            assert states[state].status == status, (state, states[state].status)
        for state, days in expect.get("due", {}).items():
            due = states[state].due_on
            assert due == (None if days is None else DAY_0 + timedelta(days=days)), (state, due)
        if "consent" in expect:
            exists = Consent.objects.filter(notification=n).exists()
            assert exists == (expect["consent"] == "signed")
        if "tacit" in expect:
            assert len(self.last) == expect["tacit"] and all(d.tacit for d in self.last)
        if "verify" in expect:
            assert self.last["status"] == expect["verify"] and self.last["genuine"]


@pytest.mark.parametrize("name", NAMES)
def test_scenario(name):
    scenario = load(name)
    run = Run(scenario)
    for number, step in enumerate(scenario.STEPS, 1):
        expected_error = step.get("expect", {}).get("error")
        if expected_error:
            with pytest.raises(getattr(errors, expected_error)):
                run.do(step)
        else:
            run.do(step)
            run.check(step)
        assert number  # every step ran


def test_every_lifecycle_has_a_scenario():
    assert {"plain_consent", "consent_with_transit", "tacit_consent", "objection",
            "request_for_information"} <= set(NAMES)


def test_rendered_scenario_pages_are_up_to_date():
    """docs/scenarios/*.md are generated: regenerate with docs/scenarios/render.py."""
    render = load("render")
    for name in NAMES:
        page = (SCENARIOS / f"{name}.md").read_text(encoding="utf-8")
        assert page == render.render(load(name), name), f"re-run render.py for {name}"


def test_workflow_diagram_in_the_docs_is_generated_from_the_table():
    from tbmnet.apps.notifications.workflow import mermaid

    doc = (SCENARIOS.parent / "notifications.md").read_text(encoding="utf-8")
    assert f"```mermaid\n{mermaid()}\n```" in doc
