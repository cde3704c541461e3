"""Take the screenshots of the role guides (docs/guides/*.md) on the demo world.

Builds a fresh demo world in a temporary directory (``tbmnet init --demo``), starts
``tbmnet serve`` on a free port of 127.0.0.1, and drives Debian's Chromium (headless, through
Playwright, with the browser settings of tests/conftest.py) through each role's pages, signed
in as the demo accounts. Writes 1280×800 PNGs (palette-reduced) to docs/guides/img/.

Usage: .venv/bin/python docs/guides/screenshots.py [--only notifier,customs]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "img"
BIN = Path(sys.executable).parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from conftest import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS  # noqa: E402  (tests/conftest.py)

VIEWPORT = {"width": 1280, "height": 800}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _numbers() -> dict[str, str]:
    """The demo notifications' numbers, read from the database the server uses."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tbmnet.settings")
    django.setup()
    from tbmnet.apps.notifications import demo
    from tbmnet.apps.notifications.models import Notification

    found = {n.contract_reference: n for n in Notification.objects.all()}
    return {"story": found[demo.STORY_1].number.replace(" ", "-"),
            "code": found[demo.STORY_1].consent.code,
            "awaiting": found[demo.AWAITING].number.replace(" ", "-"),
            "draft": found[demo.DRAFT].number.replace(" ", "-")}


def _save(page, name: str) -> None:
    from PIL import Image

    path = OUT / f"{name}.png"
    page.screenshot(path=str(path))
    image = Image.open(path).convert("RGB").quantize(colors=128, dither=Image.Dither.NONE)
    image.save(path, optimize=True)
    print(f"  {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")


def _sign_in(page, username: str) -> None:
    from tbmnet.apps.registry.setup import DEMO_PASSWORD

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _show(page, selector: str) -> None:
    """Scroll so that ``selector`` is at the top of the window."""
    page.locator(selector).first.evaluate("e => window.scrollTo(0, e.getBoundingClientRect()"
                                          ".top + window.scrollY - 16)")


def notifier(page, n) -> None:
    _sign_in(page, "notifier.jp")
    _save(page, "notifier-home")
    page.goto("/notifications/new/")
    _save(page, "notifier-file")
    page.goto(f"/notifications/{n['story']}/")
    _save(page, "notifier-consented")
    _show(page, "#timeline")
    _save(page, "notifier-timeline")


def competent_authority(page, n) -> None:
    _sign_in(page, "ca.my")
    _save(page, "ca-home")
    page.goto("/notifications/inbox/")
    _save(page, "ca-inbox")
    page.goto(f"/notifications/{n['awaiting']}/")
    _show(page, "#states")
    _save(page, "ca-decide")
    page.goto(f"/notifications/{n['story']}/")
    _show(page, "#decisions")
    _save(page, "ca-decisions")


def customs(page, n) -> None:
    from tbmnet.apps.customs.demo import DECLARATIONS_FILE

    _sign_in(page, "customs.my")
    page.goto("/customs/screen/")
    page.set_input_files("#file", str(DECLARATIONS_FILE))
    _save(page, "customs-screen")
    page.locator("#screen-form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto("/")
    _save(page, "customs-queue")
    page.context.clear_cookies()
    page.goto(f"/verify/{n['code']}/")
    _save(page, "customs-verify")


def facility(page, n) -> None:
    _sign_in(page, "facility.my")
    _save(page, "facility-home")
    page.goto("/movements/")
    _save(page, "facility-movements")


def carrier(page, n) -> None:
    _sign_in(page, "carrier.sg")
    _save(page, "carrier-home")
    page.goto("/movements/")
    _save(page, "carrier-movements")


def secretariat(page, n) -> None:
    _sign_in(page, "secretariat")
    _save(page, "secretariat-home")
    page.goto("/registry/organisations/?kind=competent_authority")
    _save(page, "secretariat-directory")


ROLES = {"notifier": notifier, "competent_authority": competent_authority,
         "customs": customs, "facility": facility, "carrier": carrier,
         "secretariat": secretariat}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(ROLES), help="roles, comma-separated")
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="tbmnet-shots-")
    os.environ.update({"TBMNET_HOME": home, "TBMNET_MEDIA_ROOT": f"{home}/media"})
    os.environ.pop("DATABASE_URL", None)
    subprocess.run([BIN / "tbmnet", "init", "--demo"], check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen([BIN / "tbmnet", "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        numbers = _numbers()
        OUT.mkdir(exist_ok=True)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                 args=CHROMIUM_ARGS)
            for role in args.only.split(","):
                print(role)
                context = browser.new_context(base_url=f"http://127.0.0.1:{port}",
                                              viewport=VIEWPORT, locale="en-GB")
                context.set_default_timeout(TIMEOUT_MS)
                ROLES[role](context.new_page(), numbers)
                context.close()
            browser.close()
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
