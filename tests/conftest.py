"""Fixtures every test package shares: fast password hashing, users, and the browser.

Browser tests (marker ``browser``) drive Debian's Chromium through Playwright, headless.
Chromium missing: skipped on a workstation, a failure in CI (``CI`` set), so CI cannot pass
without running them."""

import os

import pytest

# Playwright's sync API runs an event loop in this thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("TBMNET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
TIMEOUT_MS = 20_000
# Hashing with PBKDF2 is slow by design; the tests check access, not hashing.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                "django.contrib.auth.hashers.PBKDF2PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def make_user(db, django_user_model):
    def make(username="someone", password="pw-for-tests-only", **extra):
        return django_user_model.objects.create_user(username=username, password=password,
                                                     **extra)
    return make


def _why_not_runnable() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (make install)"
    if not os.access(CHROMIUM, os.X_OK):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _why_not_runnable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def live_demo(transactional_db):
    """The demo world, for pages served by ``live_server``."""
    from tbmnet.apps.registry import setup
    from tbmnet.demo import load_demo

    load_demo()
    return setup


@pytest.fixture
def page(browser, live_server, live_demo):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, username: str, password: str) -> None:
    """Sign in through the login page, as a person would."""
    page.goto("/")
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
