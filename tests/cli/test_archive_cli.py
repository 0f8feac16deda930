"""`contacts archive ID [ID ...]`: many at once, all or none, and one ID as it always was."""

import json

from tests.cli.test_contacts_cli import run, target  # noqa: F401 - the fixture


def _listed(target) -> set[str]:  # noqa: F811 - the fixture's name
    return {c["full_name"] for c in json.loads(run(target, "contacts", "list", "--json").stdout)}


def test_one_number_archives_one_contact_as_before(target):  # noqa: F811
    run(target, "contacts", "add", "Anna Bakker")
    run(target, "contacts", "add", "Bert Smit")

    proc = run(target, "contacts", "archive", "1")

    assert proc.stdout == "Archived Anna Bakker (number 1).\n"
    assert _listed(target) == {"Bert Smit"}


def test_many_numbers_archive_each_once_in_the_order_given(target):  # noqa: F811
    for name in ("Anna Bakker", "Bert Smit", "Carl Jansen"):
        run(target, "contacts", "add", name)

    proc = run(target, "contacts", "archive", "3", "1", "3")

    assert proc.stdout.splitlines() == [
        "Archived Carl Jansen (number 3).",
        "Archived Anna Bakker (number 1).",
    ]
    assert _listed(target) == {"Bert Smit"}


def test_an_unknown_number_exits_2_and_archives_none(target):  # noqa: F811
    run(target, "contacts", "add", "Anna Bakker")
    run(target, "contacts", "add", "Bert Smit")

    proc = run(target, "contacts", "archive", "1", "999", "2", check=False)

    assert proc.returncode == 2
    assert proc.stderr.strip() == "desktop-crm: There is no contact with number 999."
    assert proc.stdout == ""
    assert _listed(target) == {"Anna Bakker", "Bert Smit"}
