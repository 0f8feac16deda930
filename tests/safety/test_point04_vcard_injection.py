"""Point 4: text cannot forge vCard lines; control characters never get stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_crm.domain.control_chars import strip_controls
from tests.safety.cli import run_cli

FORGED = "http://a.nl/\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Mallory\r\nEMAIL:m@evil.example"


def _import_csv(data: Path, tmp_path: Path, header: str, row: str) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes((header + "\r\n" + row + "\r\n").encode("utf-8"))
    done = run_cli("--data-dir", data, "import", source, "--source", "test")
    assert done.returncode == 0, done.stderr


def _export_vcf(data: Path, tmp_path: Path) -> str:
    target = tmp_path / "out.vcf"
    done = run_cli("--data-dir", data, "export", target)
    assert done.returncode == 0, done.stderr
    return target.read_bytes().decode("utf-8")


def _show(data: Path, contact_id: int = 1) -> dict:
    done = run_cli("--data-dir", data, "contacts", "show", str(contact_id), "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_website_with_line_breaks_exports_as_one_contact(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _import_csv(data, tmp_path, "Name,Email,Website", f'Eve,eve@example.com,"{FORGED}"')
    text = _export_vcf(data, tmp_path)
    lines = text.replace("\r\n ", "").split("\r\n")  # unfolded: one property a line
    assert lines.count("BEGIN:VCARD") == 1
    assert [line for line in lines if line.startswith("FN:")] == ["FN:Eve"]
    assert not any(line.startswith("EMAIL:m@evil") for line in lines)
    # Every physical line is at most 75 octets and ends in CRLF (RFC 6350 §3.2).
    assert text.endswith("\r\n")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
        assert "\n" not in line and "\r" not in line


def test_control_characters_are_stripped_from_imported_text(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _import_csv(
        data,
        tmp_path,
        "Name,Email,Company,Notes",
        'Bel\x07la Esc\x1b[31m,bella@example.com,Acme\x01 BV,"line one\r\nline\x1b two"',
    )
    shown = _show(data)
    assert shown["full_name"] == "Bella Esc[31m"
    assert shown["company"] == "Acme BV"
    lines = _export_vcf(data, tmp_path).replace("\r\n ", "").split("\r\n")
    assert "NOTE:line one\\nline two" in lines


def test_control_characters_are_stripped_from_command_line_input(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = run_cli(
        "--data-dir", data, "contacts", "add", "Carl\x1b]0;pwned\x07 Evil", "--company", "X\x7fY"
    )
    assert done.returncode == 0, done.stderr
    shown = _show(data)
    assert shown["full_name"] == "Carl]0;pwned Evil"
    assert shown["company"] == "XY"


def test_notes_in_a_vcard_are_escaped_and_folded(tmp_path: Path) -> None:
    data = tmp_path / "data"
    long_note = "a;b,c\\d " + "é" * 80 + "\x1b"
    _import_csv(data, tmp_path, "Name,Email,Notes", f'Nora,nora@example.com,"{long_note}"')
    text = _export_vcf(data, tmp_path)
    unfolded = text.replace("\r\n ", "")
    assert "NOTE:a\\;b\\,c\\\\d " + "é" * 80 + "\r\n" in unfolded


@pytest.mark.parametrize(
    ("raw", "multiline", "clean"),
    [
        ("a\x00b\x1bc\x07d\x9be", False, "abcde"),
        ("one\r\ntwo\rthree\u2028four", True, "one\ntwo\nthree\nfour"),
        ("one\r\ntwo\tthree", False, "one  two three"),
    ],
)
def test_strip_controls(raw: str, multiline: bool, clean: str) -> None:
    assert strip_controls(raw, multiline=multiline) == clean


def test_control_characters_never_reach_conversations_or_questions(db, clock) -> None:
    from desktop_crm.services.contacts import create_contact
    from desktop_crm.services.conversations import conversations_of, log_conversation
    from desktop_crm.services.questions import questions_of, raise_question
    from desktop_crm.services.records import ContactDraft

    contact = create_contact(ContactDraft(full_name="Tess Text"), clock=clock)
    log_conversation(contact.id, "call", "Called\x1b[2J\r\nabout\x07 it", clock=clock)
    raise_question(contact.id, "Price\x00?", clock=clock)
    assert [c.text for c in conversations_of(contact.id)] == ["Called[2J\nabout it"]
    assert [q.text for q in questions_of(contact.id)] == ["Price?"]
