"""Render the movement scenarios (docs/scenarios/movements/*.py) with the scenario renderer
of docs/scenarios/render.py, and the movement workflow diagram into docs/movements.md.
Run: .venv/bin/python docs/scenarios/movements/render.py"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE.parent))
import render as base  # noqa: E402  (the shared renderer)

NOTE = ("Day 0 is the day of the prior notice; in `with`, day numbers stand for dates. "
        "Run by tests/movements/test_scenarios.py.")


def render(module, name: str) -> str:
    page = base.render(module, name)
    page = page.replace("Day 0 is the day of transmission.", NOTE)
    return page.replace("tests/notifications/test_scenarios.py",
                        "tests/movements/test_scenarios.py")


def names() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.py") if p.stem != "render")


def diagram() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tbmnet.settings")
    import django

    django.setup()
    from tbmnet.apps.movements.workflow import mermaid

    return mermaid()


def main() -> None:
    listed = []
    for name in names():
        module = base.load(HERE / f"{name}.py")
        (HERE / f"{name}.md").write_text(render(module, name), encoding="utf-8")
        listed.append(f"- [{module.TITLE}]({name}.md)")
    (HERE / "README.md").write_text(
        "# Movement scenarios\n\nEach written once as data (`*.py`), run by "
        "`tests/movements/test_scenarios.py`, rendered here by `render.py`.\n\n"
        + "\n".join(listed) + "\n", encoding="utf-8")
    doc = ROOT / "docs" / "movements.md"
    if doc.exists():
        text = doc.read_text(encoding="utf-8")
        block = f"```mermaid\n{diagram()}\n```"
        doc.write_text(re.sub(r"```mermaid\n.*?\n```", lambda _: block, text, count=1,
                              flags=re.S), encoding="utf-8")


if __name__ == "__main__":
    main()
