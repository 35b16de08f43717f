"""Each test module of sync gets its own team server: a PostgreSQL database it creates and drops."""
from __future__ import annotations

import pytest

from tests.conftest import PG_URL
from tests.store.sync.support import create_hub, drop_hub


@pytest.fixture(scope="module")
def hub_template():
    """A team server made once per module; each test copies it (CREATE DATABASE ... TEMPLATE)."""
    if not PG_URL:
        pytest.skip("set SALESTERM_TEST_PG=postgresql://user@host:port/db to run the sync tests")
    url = create_hub(PG_URL)
    yield url
    drop_hub(PG_URL, url)


@pytest.fixture
def hub(hub_template):
    from tests.store.sync.support import db_name

    url = create_hub(PG_URL, template=db_name(hub_template))
    yield url
    drop_hub(PG_URL, url)


@pytest.fixture
def pair(tmp_path):
    """Two laptops, alice's and bob's (a module may define its own pair)."""
    from tests.store.sync.support import Replica

    return Replica(tmp_path / "a.db", "alice"), Replica(tmp_path / "b.db", "bob")
