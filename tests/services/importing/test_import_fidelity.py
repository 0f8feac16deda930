"""Import fidelity (issue 17): one test per reading rule that real files from other projects
broke, on files written here byte by byte."""

from __future__ import annotations

import zipfile

import pytest

from desktop_crm.errors import ImportFileError
from desktop_crm.services.importing import Field, open_import, preview_import
from desktop_crm.services.importing.header_maps import auto_mapping


def _rows(path):
    preview = preview_import(open_import(path), check_database=False)
    return preview.report, [row.record for row in preview.rows]


def _vcard(tmp_path, body: bytes, name: str = "c.vcf"):
    path = tmp_path / name
    path.write_bytes(b"BEGIN:VCARD\r\nVERSION:2.1\r\n" + body + b"END:VCARD\r\n")
    return path


def test_quoted_printable_soft_break_before_a_line_that_starts_with_an_escape(tmp_path):
    # The soft break's '=' is dropped; the next line begins with '=20', an escaped space.
    path = _vcard(
        tmp_path,
        b"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91=20=C3=91=\r\n"
        b"=20=C3=91=20=C3=91\r\n"
        b"ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91=C3=91=\r\n"
        b"=C3=91\r\n",
    )
    _report, (record,) = _rows(path)
    assert record.full_name == "Ñ Ñ Ñ Ñ"
    assert record.company == "ÑÑÑ"


def test_vcard_is_unfolded_on_bytes_before_the_encoding_is_decided(tmp_path):
    # A fold in the middle of the two bytes of 'β' makes the raw file invalid UTF-8.
    beta = "β".encode()
    path = _vcard(tmp_path, b"FN:\xce\xb1" + beta[:1] + b"\r\n " + beta[1:] + b"\xce\xb3\r\n")
    report, (record,) = _rows(path)
    assert record.full_name == "αβγ"
    assert report.encoding == "UTF-8"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"FN;ENCODING=QUOTED-PRINTABLE:Iksi=F1ski\r\n", "Iksiñski"),  # not UTF-8: R2's 1252
        (b"FN;ENCODING=QUOTED-PRINTABLE:M=C3=BCller\r\n", "Müller"),  # valid UTF-8 bytes
        (b"FN;CHARSET=ISO-8859-2;ENCODING=QUOTED-PRINTABLE:Iksi=F1ski\r\n", "Iksiński"),
        (b"FN;CHARSET=NO-SUCH;ENCODING=QUOTED-PRINTABLE:caf=E9\r\n", "café"),
    ],
)
def test_quoted_printable_bytes_use_charset_then_r2_never_a_replacement(
    tmp_path, content, expected
):
    _report, (record,) = _rows(_vcard(tmp_path, content))
    assert record.full_name == expected
    assert "\ufffd" not in record.full_name


@pytest.mark.parametrize("codec", ["utf-16-be", "utf-16-le"])
def test_utf16_without_a_bom_is_recognised_by_its_zero_bytes(tmp_path, codec):
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dalía Montë\r\nEMAIL:d@example.com\r\nEND:VCARD\r\n"
    path = tmp_path / "u.vcf"
    path.write_bytes(text.encode(codec))
    report, (record,) = _rows(path)
    assert (record.full_name, record.primary_email) == ("Dalía Montë", "d@example.com")
    assert report.encoding == "UTF-16"


def test_utf16_csv_without_a_bom(tmp_path):
    path = tmp_path / "u.csv"
    path.write_bytes("Name,Email\r\nZoë Smit,zoe@example.com\r\n".encode("utf-16-le"))
    _report, (record,) = _rows(path)
    assert (record.full_name, record.primary_email, record.line) == (
        "Zoë Smit",
        "zoe@example.com",
        2,
    )


def test_csv_columns_recognised_by_meaning_keep_every_phone(tmp_path):
    headers = (
        "Full Name,Contact Email,Email Work,Email Other,Home Phone 2,Pager,Phone Video,"
        "Assistant's Phone,Home Mobile,Business Fax,Email Opt Out,Phone Type"
    )
    path = tmp_path / "m.csv"
    path.write_text(
        headers + "\nAnn Berg,ann@example.com,a@work.example.com,,020 555 0101,111,222,"
        "333,06 12345678,020 555 0199,yes,home\n",
        encoding="utf-8",
    )
    mapping = auto_mapping(headers.split(","))
    assert mapping[1:4] == [Field.EMAIL] * 3
    assert mapping[4:9] == [Field.PHONE] * 5
    assert mapping[9] == Field.FAX
    assert mapping[10] not in (Field.EMAIL, Field.PHONE)  # about the address, not one
    assert mapping[11] not in (Field.EMAIL, Field.PHONE)
    _report, (record,) = _rows(path)
    assert record.emails == ["ann@example.com", "a@work.example.com"]
    assert [p.raw for p in record.phones] == ["020 555 0101", "111", "222", "333", "06 12345678"]
    assert [f.raw for f in record.faxes] == ["020 555 0199"]


def test_foreign_headers_with_only_a_foreign_email_word_are_not_a_header(tmp_path):
    # German Outlook: nothing names the person in English or Dutch; refusing beats a wrong import.
    path = tmp_path / "de.csv"
    path.write_text(
        "Vorname,Nachname,E-Mail-Adresse,E-Mail-Typ\nAnna,Schmidt,a@example.com,SMTP\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFileError, match="No column"):
        open_import(path)


def _zip(path, names: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("cal.ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "calendar"),
        ("cal.csv", b"\xef\xbb\xbfBEGIN:VCALENDAR\nEND:VCALENDAR\n", "calendar"),
        ("doc.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        ("me.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 4, "picture"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200, "old Office"),
        ("book.ldif", b"dn: cn=Ann,mail=a@example.com\nobjectclass: top\n", "LDIF"),
    ],
)
def test_non_contact_files_are_named_in_one_line(tmp_path, name, content, said):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as refused:
        open_import(path)
    message = str(refused.value)
    assert said in message and "not a contact list" in message and "\n" not in message


def test_zip_based_non_contact_files_are_named(tmp_path):
    numbers = _zip(tmp_path / "list.numbers", {"Index/Document.iwa": b"\x00", "Metadata/x": b""})
    with pytest.raises(ImportFileError, match="Apple Numbers"):
        open_import(numbers)
    archive = _zip(tmp_path / "files.zip", {"a.txt": b"hello"})
    with pytest.raises(ImportFileError, match="compressed archive"):
        open_import(archive)
