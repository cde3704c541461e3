"""Every link of every demo account's home page answers, on the full demo world (registry,
notifications, movements, customs): no page of the demo is broken."""

import re

import pytest

from tbmnet.demo import load_demo

pytestmark = pytest.mark.django_db

ACCOUNTS = ["notifier.jp", "ca.jp", "ca.sg", "ca.my", "customs.my", "customs.sg", "carrier.jp",
            "carrier.sg", "facility.my", "secretariat", "intel", "notifier.fj", "ca.sn", "admin"]
SKIP = re.compile(r"^(/static/|/media/|/admin/|/api/|/i18n/|/accounts/logout|https?:|mailto:|#)")


def links(html: str) -> set[str]:
    return {href for href in re.findall(r'href="([^"]+)"', html) if not SKIP.match(href)}


def test_every_link_of_every_demo_home_page_answers(client):
    from tbmnet.apps.registry.setup import DEMO_PASSWORD

    load_demo()
    broken, seen = {}, 0
    for username in ACCOUNTS:
        assert client.login(username=username, password=DEMO_PASSWORD), username
        home = client.get("/")
        assert home.status_code == 200, username
        for href in sorted(links(home.content.decode())):
            seen += 1
            status = client.get(href).status_code
            if status >= 400:
                broken[(username, href)] = status
        client.logout()
    assert seen > 5 * len(ACCOUNTS) and not broken, broken
