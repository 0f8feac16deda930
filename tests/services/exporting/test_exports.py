"""Exports: formula neutralisation, round trips through our importer, and the calendar."""

from __future__ import annotations

import csv
from datetime import datetime

from desktop_crm.services.exporting import export_contacts, neutralise
from desktop_crm.services.importing import open_import, run_import
from desktop_crm.store import models as m
from desktop_crm.store.database import close_database, open_database

SOURCE = (
    "Full Name,Email,Phone,Birthday,Company,Notes,Shoe size,Lifecycle Stage\n"
    "Anouk de Graaf,anouk@example.com ::: a.graaf@example.org,06-12121212,1993-05-06,"
    '"De Graaf, BV",'
    '"=HYPERLINK(""http://evil"")\nregel 2",39,customer\n'
    "Zoë Hermans,zoe@example.com,+32 470 12 34 56,--02-29,@home,-5 korting,,\n"
    ",info@kaas.example.com,0182 123 456,,Kaashandel,,,\n"
)


def _contacts() -> list[tuple]:
    rows = []
    for c in m.Contact.select().order_by(m.Contact.id):
        emails = [e.email for e in c.emails.order_by(m.ContactEmail.position)]
        phones = [p.e164 for p in c.phones.order_by(m.ContactPhone.position)]
        custom = sorted((f.key, f.value) for f in c.custom_fields)
        tags = sorted(t.tag.name for t in c.contact_tags)
        rows.append(
            (
                c.display_name,
                c.given_name,
                c.family_name,
                emails,
                phones,
                c.birthday_year,
                c.birthday_month,
                c.birthday_day,
                c.company,
                c.notes,
                c.stage,
                c.lead_source,
                custom,
                tags,
            )
        )
    return rows


def _seed(tmp_path, clock) -> list[tuple]:
    path = tmp_path / "in.csv"
    path.write_text(SOURCE, encoding="utf-8")
    run_import(open_import(path), lead_source="referral", tags=["Beurs"], clock=clock)
    return _contacts()


def _reimport(tmp_path, path, clock) -> list[tuple]:
    close_database()
    open_database(path=tmp_path / "second.sqlite")
    try:
        run_import(open_import(path), clock=clock, backup=False)
        return _contacts()
    finally:
        close_database()


def test_neutralise_prefixes_formula_starts_only():
    for value in ("=1+1", "+31612345678", "-5", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(value) == "'" + value
    assert neutralise("Anouk") == "Anouk" and neutralise("") == ""


def test_csv_export_has_bom_and_neutralised_cells(db, tmp_path, clock):
    _seed(tmp_path, clock)
    target = tmp_path / "out.csv"
    result = export_contacts(target, "csv", clock=clock)
    assert result.contacts == 3
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(keepends=True)))
    assert rows[0]["Notes"].startswith("'=HYPERLINK")
    assert rows[1]["Company"] == "'@home" and rows[1]["Notes"] == "'-5 korting"
    assert rows[0]["Shoe size"] == "39"


def test_csv_export_then_import_gives_the_same_contacts(tmp_path, clock, data_paths):
    open_database(path=data_paths.database)
    original = _seed(tmp_path, clock)
    export_contacts(tmp_path / "out.csv", "csv", clock=clock)
    assert _reimport(tmp_path, tmp_path / "out.csv", clock) == original


def test_vcard_export_then_import_gives_the_same_contacts(tmp_path, clock, data_paths):
    open_database(path=data_paths.database)
    original = _seed(tmp_path, clock)
    export_contacts(tmp_path / "out.vcf", "vcf", clock=clock)
    text = (tmp_path / "out.vcf").read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert _reimport(tmp_path, tmp_path / "out.vcf", clock) == original


def test_icalendar_has_yearly_birthdays_and_follow_ups_with_alarms(db, tmp_path, clock):
    _seed(tmp_path, clock)
    anouk = m.Contact.get(m.Contact.display_name == "Anouk de Graaf")
    m.FollowUp.create(contact=anouk, due_at=datetime(2026, 3, 24, 8, 0), text="Offerte; bellen")
    m.FollowUp.create(
        contact=anouk, due_at=datetime(2026, 3, 1, 8, 0), done_at=datetime(2026, 3, 1)
    )
    result = export_contacts(tmp_path / "out.ics", "ics", clock=clock)
    text = (tmp_path / "out.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    assert result.events == 3
    assert (
        "DTSTART;VALUE=DATE:19930506\r\nDTEND;VALUE=DATE:19930507\r\nRRULE:FREQ=YEARLY\r\n" in text
    )
    assert "DTSTART;VALUE=DATE:20000229" in text and "BYMONTH=2;BYMONTHDAY=-1" in text
    assert "DTSTART:20260324T080000Z" in text
    assert "SUMMARY:Follow up: Anouk de Graaf" in text
    assert "DESCRIPTION:Offerte\\; bellen" in text
    assert text.count("BEGIN:VALARM") == 1 and "TRIGGER:PT0S" in text
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith(
        "END:VCALENDAR\r\n"
    )
