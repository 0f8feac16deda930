"""Over AT-SPI, as a screen reader and acceptance see the real window on X (display :108,
openbox): the detail pane's fields are found by their names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SYSTEM_PYTHON = "/usr/bin/python3"


def _system_has_pyatspi() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    done = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, timeout=30)
    return done.returncode == 0


def test_the_job_title_field_is_found_by_its_name_over_atspi(display_108, tmp_path):
    if not _system_has_pyatspi():
        pytest.skip("pyatspi is missing (apt-get install python3-pyatspi at-spi2-core)")
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DESKTOP_CRM_LANG": "en"}
    env["PYTHONPATH"] = str(ROOT)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop_crm",
            "--data-dir",
            str(data),
            "contacts",
            "add",
            "Anna Jansen",
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    env.update(DISPLAY=display_108)
    env.pop("QT_QPA_PLATFORM")
    done = subprocess.run(
        [
            "dbus-run-session",
            "--",
            SYSTEM_PYTHON,
            str(HERE / "atspi_probe.py"),
            sys.executable,
            str(data),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])["found"]
    # A field (role "text") of that name, not only the label beside it.
    for name in ("Job title", "Company", "First name", "Last name", "Search contacts"):
        assert "text" in found.get(name, []), found


def test_settings_fields_are_found_by_their_dutch_names_over_atspi(display_108, tmp_path):
    """The audit's walk, in Dutch, of Settings' first tab and the contact's Details tab: the
    fields carry the translated names (and the lead source's text field its own)."""
    if not _system_has_pyatspi():
        pytest.skip("pyatspi is missing (apt-get install python3-pyatspi at-spi2-core)")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env = {**os.environ, "DISPLAY": display_108, "PYTHONPATH": str(ROOT)}
    env.pop("QT_QPA_PLATFORM", None)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    boards = ["main tab 2 (Verkoopproces)", "main tab 3 (Deals)"]
    mapping = "import wizard, mapping page"  # the focus in its first "Import as" box
    preview = "import wizard, preview page"  # the focus in its first Action box
    wanted = ["settings, tab 0", "contacts, detail tab 0", *boards, mapping, preview]
    done = subprocess.run(
        ["dbus-run-session", "--", SYSTEM_PYTHON, str(HERE / "atspi_audit.py"), sys.executable,
         str(tmp_path / "data"), "nl", str(scratch), *wanted],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    walks = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    named = {w["state"]: {(o["role"], o["name"]) for o in w["objects"]} for w in walks}
    settings = named["settings, tab 0"]
    assert ("check box", "Starten bij inloggen") in settings, sorted(settings)
    # A combo box says its value as its name on Linux; its label comes by relation.
    labels = {(o["role"], o["label"]) for w in walks for o in w["objects"]}
    assert ("combo box", "Taal:") in labels, sorted(labels)
    assert ("combo box", "Herkomst") in labels, sorted(labels)  # the contact's lead source
    details = named["contacts, detail tab 0"]
    assert ("text", "Herkomst") in details, sorted(details)  # the lead source's own text field
    # The filter bar's boxes, by the labels beside them.
    for label in ("Fase:", "Label:", "Herkomst:"):
        assert ("combo box", label) in labels, sorted(labels)
    # A box in a table's cell is no child in the tree: Orca meets it as it takes the focus,
    # and says the column it maps by the label it is labelled by, then its value.
    focused = next(w["focused"] for w in walks if w["state"] == mapping)
    assert focused["role"] == "combo box", focused
    assert focused["label"] == "Kolom “Name” importeren als", focused
    # So is the preview's Action box, said with its line and name.
    focused = next(w["focused"] for w in walks if w["state"] == preview)
    assert focused["role"] == "combo box", focused
    assert focused["label"].startswith("Actie voor regel 2, "), focused
    # A board's cards are Tab stops a screen reader names: items of their column's list,
    # which is named by the column, each saying its stage last.
    columns = {
        boards[0]: {"Lead", "Prospect", "Klant", "Terugkerende klant"},
        boards[1]: {"Gekwalificeerd", "Presentatie", "Offerte", "Onderhandeling", "Gewonnen"},
    }
    for board in boards:
        objects = [o for w in walks if w["state"] == board for o in w["objects"]]
        cards = [o for o in objects if o["role"] == "list item" and o["within"] in columns[board]]
        assert cards and all(o["name"] for o in cards), objects
        assert all(o["description"].endswith(f"Fase: {o['within']}") for o in cards), cards
        assert not [o for o in objects if o["role"] == "panel" and o["description"]], objects
    assert not [o for w in walks for o in w["objects"] if not (o["name"] or o["label"])], walks
