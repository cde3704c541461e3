"""Registry tests build their world with `factories` or the demo world."""

import pytest

# Hashing with PBKDF2 is slow by design; these tests check access, not hashing.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                "django.contrib.auth.hashers.PBKDF2PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
