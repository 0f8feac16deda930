"""`contacts unarchive ID [ID ...]`: the way back from `contacts archive`, run as a real process."""

import json

from tests.cli.test_contacts_cli import run, target  # noqa: F401 - the fixture


def _listed(target) -> set[str]:  # noqa: F811 - the fixture's name
    return {c["full_name"] for c in json.loads(run(target, "contacts", "list", "--json").stdout)}


def test_archived_contacts_come_back(target):  # noqa: F811
    for name in ("Anna Bakker", "Bert Smit", "Carl Jansen"):
        run(target, "contacts", "add", name)
    run(target, "contacts", "archive", "1")
    run(target, "contacts", "archive", "2")
    assert _listed(target) == {"Carl Jansen"}

    proc = run(target, "contacts", "unarchive", "1", "2")

    assert proc.stdout.splitlines() == [
        "Restored Anna Bakker (number 1).",
        "Restored Bert Smit (number 2).",
    ]
    assert _listed(target) == {"Anna Bakker", "Bert Smit", "Carl Jansen"}


def test_an_unknown_number_exits_2_and_restores_none(target):  # noqa: F811
    run(target, "contacts", "add", "Anna Bakker")
    run(target, "contacts", "archive", "1")

    proc = run(target, "contacts", "unarchive", "1", "999", check=False)

    assert proc.returncode == 2
    assert proc.stderr.strip() == "desktop-crm: There is no contact with number 999."
    assert proc.stdout == ""
    assert _listed(target) == set()
