"""Each sync test gets a fresh real server (Radicale, then Xandikos) and a fresh database."""

from __future__ import annotations

import pytest

from desktop_crm.domain.clock import FixedClock
from desktop_crm.services.sync.setup import add_account
from tests.conftest import AMSTERDAM
from tests.sync.servers import PASSWORD, USER, Phone, start_radicale, start_xandikos

STARTERS = {"radicale": start_radicale, "xandikos": start_xandikos}


@pytest.fixture(params=sorted(STARTERS))
def server(request, tmp_path):
    pytest.importorskip(request.param)
    folder = tmp_path / request.param
    folder.mkdir()
    started = STARTERS[request.param](folder)
    yield started
    started.stop()


@pytest.fixture
def phone(server) -> Phone:
    return Phone(server.url)


@pytest.fixture
def clock() -> FixedClock:
    from datetime import datetime

    return FixedClock(datetime(2026, 11, 30, 10, 0, tzinfo=AMSTERDAM))


@pytest.fixture
def account(db, data_paths, server):
    created, _in_keyring = add_account(data_paths.root, server.url, USER, PASSWORD)
    return created
