"""The movement scenarios of docs/scenarios/movements/*.py, run step by step, and their
rendered pages checked up to date."""

from __future__ import annotations

import importlib.util
from datetime import timedelta
from pathlib import Path

import pytest

from tbmnet import errors
from tbmnet.apps.movements import selectors, services
from tbmnet.apps.movements.models import MovementEvent, OverdueAlert

from .factories import DAY, World

pytestmark = pytest.mark.django_db
SCENARIOS = Path(__file__).resolve().parents[2] / "docs" / "scenarios" / "movements"
NAMES = sorted(p.stem for p in SCENARIOS.glob("*.py") if p.stem != "render")
DAY_FIELDS = {"received_on", "approximate_completion_on", "completed_on", "returned_on"}


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"movement_scenario_{name}",
                                                  SCENARIOS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Run:
    def __init__(self, scenario) -> None:
        self.world = World()
        spec = scenario.NOTIFICATION
        self.notification = self.world.notification(
            operations=tuple(spec["operations"]), shipments=spec["shipments"],
            tonnes=spec["tonnes"], valid_from=DAY, valid_until=DAY + timedelta(days=300))
        self.movement = None
        self.last = None

    def actor(self, who: str):
        w = self.world
        if who == "notifier":
            return w.notifier
        role, _, cc = who.partition(".")
        return {"carrier": lambda: w.carrier, "facility": lambda: w.facility,
                "customs": lambda: w.customs[cc.upper()],
                "ca": lambda: w.ca[cc.upper()]}[role]()

    def do(self, step: dict) -> None:
        who, does = step["who"], step["does"]
        args = dict(step.get("with", {}))
        today = DAY + timedelta(days=step.get("day", 0))
        if does == "announce":
            self.movement = self.world.announce(
                self.notification, today=today,
                departure=DAY + timedelta(days=args.pop("departure")),
                tonnes=args.pop("quantity_tonnes"),
                expected_arrival_on=str(DAY + timedelta(days=args.pop("arrival"))))
        elif does == "run_overdue":
            self.last = services.run_overdue(today=today)
        elif does == "dashboard":
            self.last = selectors.dashboard(self.actor(who), today=today).as_dict()
        else:
            data = {k: str(DAY + timedelta(days=v)) if k in DAY_FIELDS else v
                    for k, v in args.items()}
            data["at"] = f"{today}T10:00:00"
            services.record_event(movement=self.movement, actor=self.actor(who), kind=does,
                                  data=data, today=today)
            self.movement.refresh_from_db()

    def check(self, step: dict) -> None:
        expect = dict(step.get("expect", {}))
        m = self.movement
        m.refresh_from_db()
        if step["does"] == "dashboard":
            for key, value in expect.items():
                assert self.last[key] == value, (key, self.last[key])
            return
        if step["does"] == "run_overdue":
            assert self.last["raised"] == expect["alerts"]
            if "alerted" in expect:
                alert = OverdueAlert.objects.get(movement=m)
                assert [alert.export_authority.country, alert.import_authority.country] == \
                    expect["alerted"]
            return
        checks = {
            "serial": lambda: m.serial_label, "status": lambda: m.status,
            "awaiting": lambda: m.due_kind,
            "due_day": lambda: (m.due_on - DAY).days if m.due_on else None,
            "closed_late": lambda: m.closed_late,
            "take_back": lambda: m.take_back.basis,
            "linked": lambda: MovementEvent.objects.filter(
                movement=m, kind="certificate").last().data["interim_certificate"] is not None,
            "late_certificates": lambda: len(selectors.facility_register(
                self.world.ca["JP"], m.facility_id)["history"]["late_certificates"]),
        }
        for key, value in expect.items():
            assert checks[key]() == value, (key, checks[key]())


@pytest.mark.parametrize("name", NAMES)
def test_scenario(name):
    scenario = load(name)
    run = Run(scenario)
    for step in scenario.STEPS:
        error = step.get("expect", {}).get("error")
        if error:
            with pytest.raises(getattr(errors, error)):
                run.do(step)
        else:
            run.do(step)
            run.check(step)


def test_the_four_movement_lifecycles_have_a_scenario():
    assert {"movement_end_to_end", "rejection_and_take_back", "interim_then_final",
            "overdue_certificate"} <= set(NAMES)


def test_rendered_scenario_pages_are_up_to_date():
    """docs/scenarios/movements/*.md are generated: regenerate with its render.py."""
    render = load("render")
    for name in NAMES:
        page = (SCENARIOS / f"{name}.md").read_text(encoding="utf-8")
        assert page == render.render(load(name), name), f"re-run render.py for {name}"


def test_workflow_diagram_in_the_docs_is_generated_from_the_table():
    from tbmnet.apps.movements.workflow import mermaid

    doc = (SCENARIOS.parents[1] / "movements.md").read_text(encoding="utf-8")
    assert f"```mermaid\n{mermaid()}\n```" in doc
