"""Pages are tested on the demo world: the accounts people will actually use."""

import os

import pytest

# Playwright's sync API runs an event loop in this thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def demo(db):
    from tbmnet.apps.registry import setup

    setup.load_demo()
    return setup


# Hashing with PBKDF2 is slow by design; these tests check access, not hashing.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                "django.contrib.auth.hashers.PBKDF2PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
