"""Silent import damage (issue 15, point 10): long header lines, one odd line in a UTF-8
file, NUL bytes past the sniffed head, and cells as long as our own export writes."""

from __future__ import annotations

from desktop_crm.services.importing import open_import, preview_import
from desktop_crm.services.importing.limits import SNIFF_BYTES
from desktop_crm.services.importing.row_warnings import WarningCode


def _preview(path):
    return preview_import(open_import(path), check_database=False)


def test_header_line_over_64_kib_is_read_whole(tmp_path):
    headers = ["Name"] + [f"Column {i:05d}" for i in range(9_998)] + ["Email"]
    assert len(",".join(headers)) > 64 * 1024
    path = tmp_path / "wide.csv"
    row = ["Ann Berg"] + [""] * 9_998 + ["ann@example.com"]
    path.write_text(",".join(headers) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    source = open_import(path)
    assert source.header is not None and len(source.header.headers) == 10_000
    (planned,) = _preview(path).rows
    assert planned.record.primary_email == "ann@example.com"


def test_one_windows_1252_line_does_not_mangle_a_utf8_file(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        b"Name,Email\n"
        + "Zoë Jansen,zoe@example.com\nJürgen Müller,j@example.com\nŞule Öztürk,s@example.com\n".encode()
        + b"Ren\xe9 Dubois,rene@example.com\n"  # this one line was pasted from an old file
    )
    preview = _preview(path)
    names = [row.record.full_name for row in preview.rows]
    assert names == ["Zoë Jansen", "Jürgen Müller", "Şule Öztürk", "René Dubois"]
    assert preview.report.encoding == "UTF-8"
    assert preview.report.row_warnings == [
        {"line": 5, "code": WarningCode.ENCODING_REPAIRED.value, "value": "5"}
    ]


def test_a_windows_1252_file_stays_windows_1252(tmp_path):
    path = tmp_path / "old.csv"
    path.write_bytes("Naam;E-mailadres\nRené;r@example.com\nAnaïs;a@example.com\n".encode("cp1252"))
    preview = _preview(path)
    assert [row.record.full_name for row in preview.rows] == ["René", "Anaïs"]
    assert preview.report.encoding == "Windows-1252"
    assert preview.report.row_warnings == []


def test_nul_bytes_after_the_sniffed_head_are_never_stored_or_valid(tmp_path):
    filler = "".join(f"Person {i},p{i}@example.com\n" for i in range(SNIFF_BYTES // 20))
    path = tmp_path / "nul.csv"
    path.write_bytes(
        b"Name,Email\n"
        + filler.encode()
        + b"Nul Person,nul\x00@x.nl\n"
        + b"Ann\x00 Berg,ann.berg@example.com\n"
    )
    assert path.stat().st_size > SNIFF_BYTES
    preview = _preview(path)
    rejected = preview.report.rejected_rows
    assert [r["reason"] for r in rejected] == ["invalid_email"]
    assert "\x00" not in rejected[0]["value"]
    last = preview.rows[-1].record
    assert last.full_name == "Ann Berg"
    assert [w.code for w in last.warnings] == [WarningCode.CONTROLS_REMOVED]


def test_nul_in_a_vcard_email_rejects_the_card(tmp_path):
    path = tmp_path / "nul.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nul\x00 Card\r\nEMAIL:nul\x00@x.nl\r\nEND:VCARD\r\n"
    )
    preview = _preview(path)
    assert preview.report.rejected == 1
    assert preview.rows[0].record.full_name == "Nul Card"


def test_our_own_export_of_20000_emails_imports_again(db, tmp_path, clock):
    from desktop_crm.services.exporting import export_contacts
    from desktop_crm.services.importing import run_import

    # The contact comes in through an import (create_contact checks each email against
    # every other, which takes minutes for 20,000); its exported cell is ~150,000 characters.
    cell = " ::: ".join(f"address{i:05d}@example.com" for i in range(20_000))
    first = tmp_path / "first.csv"
    first.write_text(f'Name,Email\nMany Mails,"{cell}"\n', encoding="utf-8")
    assert len(cell) > 131_072  # the csv module's default field limit
    assert run_import(open_import(first), clock=clock, backup=False).contacts_created == 1
    path = tmp_path / "export.csv"
    export_contacts(path, "csv", clock=clock)
    (planned,) = _preview(path).rows
    assert len(planned.record.emails) == 20_000
    assert planned.record.primary_email == "address00000@example.com"
