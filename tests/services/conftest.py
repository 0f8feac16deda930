"""These tests run on SQLite and on PostgreSQL (see tests/backends.py)."""

import pytest

from tests.backends import BACKENDS, open_backend


@pytest.fixture(params=BACKENDS)
def db(request, data_paths):
    yield from open_backend(request, data_paths)
