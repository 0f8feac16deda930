"""Reading real-world shapes: preambles, encodings, delimiters and known header sets."""

from __future__ import annotations

import pytest

from desktop_crm.errors import ImportFileError
from desktop_crm.services.importing import Field, open_import, preview_import
from tests.services.importing.helpers import write

LINKEDIN = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    'are missing. You will only see email addresses for connections who have allowed it."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Jan,de Vries,https://www.linkedin.com/in/jdv,jan@devries.example.com,Acme,CEO,12 Mar 2024\n"
    "Els,Bos,https://www.linkedin.com/in/els,,Bos BV,Owner,01 Feb 2023\n"
)


def _summary(path, region="NL"):
    preview = preview_import(open_import(path, region=region), check_database=False)
    return preview.report, [r.record.summary() | {"status": r.status.value} for r in preview.rows]


def test_linkedin_header_is_found_after_the_notes_preamble(tmp_path):
    report, rows = _summary(write(tmp_path, "Connections.csv", LINKEDIN))
    assert report.header_line == 4
    assert report.flavour == "linkedin"
    assert [r["line"] for r in rows] == [5, 6]
    assert rows[0]["full_name"] == "Jan de Vries"
    assert rows[0]["primary_email"] == "jan@devries.example.com"
    assert rows[1]["full_name"] == "Els Bos" and rows[1]["status"] == "new"


def test_windows_1252_semicolon_file_with_dutch_day_first_dates(tmp_path):
    text = (
        "Voornaam;Achternaam;E-mailadres;Telefoon;Geboortedatum\r\n"
        "Daniël;Jansen;daniel@example.com;06-12345678;03-04-1985\r\n"
        "Zoë;€uro;zoe@example.com;020 612 3456;31-02-1990\r\n"
    )
    source = open_import(write(tmp_path, "nl.csv", text, "cp1252"))
    info = source.info()
    assert (info.encoding, info.delimiter, info.flavour) == ("Windows-1252", ";", "dutch")
    report, rows = _summary(source.path)
    assert rows[0]["full_name"] == "Daniël Jansen"
    assert rows[0]["birthday"] == "1985-04-03"
    assert rows[0]["phone_e164"] == "+31612345678"
    assert rows[1]["full_name"] == "Zoë €uro"
    assert rows[1]["birthday"] is None  # 31 February does not exist


def test_outlook_export_uses_first_filled_phone_and_skips_fax_and_no_date(tmp_path):
    text = (
        '"First Name","Middle Name","Last Name","Title","Suffix","Company","Job Title",'
        '"Business Fax","Business Phone","Mobile Phone","E-mail Address","E-mail Type",'
        '"E-mail Display Name","E-mail 2 Address","Birthday","Notes","Categories"\r\n'
        '"Piet","","Hein","Mr.","Jr.","Zilver BV","Admiraal","020 555 0100","",'
        '"06-11223344","piet@zilver.example.com","SMTP","Piet Hein (piet@zilver.example.com)",'
        '"p.hein@example.org","3/14/1985","","Klanten;VIP"\r\n'
        '"Anna","","Smit","","","","","","","","anna@example.com","SMTP","","","0/0/00","",""\r\n'
    )
    report, rows = _summary(write(tmp_path, "outlook.csv", text))
    assert report.flavour == "outlook"
    assert rows[0]["full_name"] == "Piet Hein"  # no title, no suffix
    assert rows[0]["phone_e164"] == "+31611223344"  # the fax is never used
    assert rows[0]["birthday"] == "1985-03-14"  # English slash dates are month-first
    assert rows[1]["birthday"] is None
    source = open_import(tmp_path / "outlook.csv")
    record = next(r for r in source.items() if getattr(r, "line", 0) == 2)
    assert record.tags == ["Klanten", "VIP"]
    assert record.faxes[0].e164 == "+31205550100"
    assert ("Title", "Mr.") in record.custom


def test_hubspot_labels_are_stored_as_internal_values(tmp_path):
    text = (
        "First Name,Last Name,Email,Lifecycle Stage,Lead Status\n"
        "Ada,Kok,ada@example.com,Marketing Qualified Lead,In Progress\n"
        "Bob,Kok,bob@example.com,Opportunity,Bad Timing\n"
        "Cas,Kok,cas@example.com,,\n"
    )
    source = open_import(write(tmp_path, "hubspot-crm-exports-all-contacts.csv", text))
    records = list(source.items())
    assert [(r.lifecycle_stage, r.lead_status) for r in records] == [
        ("marketingqualifiedlead", "IN_PROGRESS"),
        ("opportunity", "BAD_TIMING"),
        (None, None),
    ]


def test_generic_english_headers_with_utf8_bom_and_tab_cells(tmp_path):
    text = (
        "\ufeffName,E-mail,Mobile,Date of Birth,Organisation\n"
        "Kim Li,KIM@Example.com ,0031 6 12345678,--02-29,Li & Co\n"
    )
    report, rows = _summary(write(tmp_path, "generic.csv", text))
    assert report.encoding == "UTF-8 with BOM"
    assert rows[0] | {"status": "new"} == {
        "line": 2,
        "full_name": "Kim Li",
        "primary_email": "kim@example.com",
        "phone_e164": "+31612345678",
        "birthday": "--02-29",
        "status": "new",
    }


def test_user_mapping_changes_a_column(tmp_path):
    path = write(tmp_path, "m.csv", "Name,Email,Shoe size\nAl,al@example.com,44\n")
    source = open_import(path)
    assert source.info().columns[2].field == Field.CUSTOM
    assert source.info().columns[0].samples == ["Al"]
    source.set_mapping({"Shoe size": "ignore", "Name": "company"})
    record = next(iter(source.items()))
    assert record.custom == [] and record.company == "Al" and record.full_name == ""


def test_vcard_21_quoted_printable_and_kind_group(tmp_path):
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;Anna;;;\r\n"
        "TEL;CELL;PREF:06-12345678\r\nTEL;WORK:020 555 0123\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:group\r\nFN:Team\r\nEND:VCARD\r\n"
    )
    report, rows = _summary(write(tmp_path, "old.vcf", text))
    assert rows[0]["full_name"] == "Anna Müller"
    assert rows[0]["phone_e164"] == "+31612345678"
    assert report.non_contact_records_ignored == 1


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"   \r\n",
        b"\x00\x01\x02binary\x00" * 50,
        b"PK\x03\x04rest-of-a-zip",
        b"just,some,words\n1,2,3\n",
        b"BEGIN:VCALENDAR\nEND:VCALENDAR\n",
    ],
    ids=["empty", "blank", "binary", "xlsx", "no-header", "not-a-vcard"],
)
def test_unreadable_files_raise_import_file_error(tmp_path, content):
    name = "x.vcf" if b"VCALENDAR" in content else "x.csv"
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFileError):
        preview_import(open_import(path), check_database=False)


def test_file_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    from desktop_crm.services.importing import sniff

    monkeypatch.setattr(sniff, "MAX_FILE_BYTES", 10)
    path = write(tmp_path, "big.csv", "Name,Email\nAl,al@example.com\n")
    with pytest.raises(ImportFileError, match="larger than"):
        open_import(path)
