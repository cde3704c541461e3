"""Shared fixtures: the API client with a bearer token, and users."""

import pytest


@pytest.fixture
def make_user(db, django_user_model):
    def make(username="someone", password="pw-for-tests-only", **extra):
        return django_user_model.objects.create_user(username=username, password=password,
                                                     **extra)
    return make
