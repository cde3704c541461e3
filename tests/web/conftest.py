"""Pages are tested on the demo world: the accounts people will actually use."""

import pytest


@pytest.fixture
def demo(db):
    from tbmnet.apps.registry import setup

    setup.load_demo()
    return setup
