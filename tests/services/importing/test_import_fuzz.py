"""Fuzzing the readers: any input either imports or raises ImportFileError, and an error
never changes the database."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_crm.errors import ImportFileError
from desktop_crm.services.importing import open_import, run_import
from desktop_crm.store import models as m
from desktop_crm.store.database import close_database, open_database

SAMPLES = Path("/work/shared/samples/import")
CSV_SEED = (
    b"Name,Email,Phone,Birthday\r\nAl Bo,al@example.com,06-12345678,1990-01-02\r\n"
    b'"Cy ""D""",cy@,+31 20 555 0101,--02-29\r\n,,,\r\n'
)
VCF_SEED = (
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Al Bo\r\nN:Bo;Al;;;\r\nitem1.EMAIL;type=pref:al@exa\r\n"
    b" mple.com\r\nTEL;type=CELL:06-12345678\r\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-03-14\r\n"
    b"END:VCARD\r\n"
)

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def fuzz_db():
    folder = Path(tempfile.mkdtemp(prefix="fuzz-import-"))
    database = open_database(path=folder / "fuzz.sqlite")
    yield database
    close_database()


def _mangle(seed: bytes, data: st.DataObject) -> bytes:
    content = bytearray(seed)
    for _ in range(data.draw(st.integers(0, 8))):
        op = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        pos = data.draw(st.integers(0, len(content)))
        piece = data.draw(
            st.binary(max_size=6)
            | st.sampled_from(
                [
                    b'"',
                    b",",
                    b";",
                    b"\r\n",
                    b"\n ",
                    b":",
                    b"\\",
                    b"\xff",
                    b"BEGIN:VCARD\r\n",
                    b"END:VCARD",
                    b"\x00",
                    b"=",
                    b"\xc3",
                ]
            )
        )
        if op == "insert":
            content[pos:pos] = piece
        elif op == "delete":
            del content[pos : pos + len(piece) + 1]
        else:
            content[pos : pos + len(piece)] = piece
    return bytes(content)


def _import_or_refuse(path: Path) -> None:
    before = (m.Contact.select().count(), m.ImportBatch.select().count())
    try:
        report = run_import(open_import(path), backup=False)
    except ImportFileError:
        assert (m.Contact.select().count(), m.ImportBatch.select().count()) == before
        return
    assert report.records_total == (
        report.contacts_created + report.skipped_exact_duplicates + report.rejected
    )


@SETTINGS
@given(data=st.data())
def test_mangled_csv_imports_or_raises_import_file_error(fuzz_db, tmp_path_factory, data):
    path = tmp_path_factory.mktemp("csv") / "f.csv"
    path.write_bytes(_mangle(CSV_SEED, data))
    _import_or_refuse(path)


@SETTINGS
@given(data=st.data())
def test_mangled_vcard_imports_or_raises_import_file_error(fuzz_db, tmp_path_factory, data):
    path = tmp_path_factory.mktemp("vcf") / "f.vcf"
    path.write_bytes(_mangle(VCF_SEED, data))
    _import_or_refuse(path)


@SETTINGS
@given(content=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".vcf"]))
def test_random_bytes_import_or_raise_import_file_error(fuzz_db, tmp_path_factory, content, suffix):
    path = tmp_path_factory.mktemp("raw") / f"f{suffix}"
    path.write_bytes(content)
    _import_or_refuse(path)


@SETTINGS
@given(text=st.text(max_size=300), suffix=st.sampled_from([".csv", ".vcf"]))
def test_random_text_with_a_header_imports_or_raises(fuzz_db, tmp_path_factory, text, suffix):
    head = "BEGIN:VCARD\nFN:" if suffix == ".vcf" else "Name;Email\n"
    path = tmp_path_factory.mktemp("txt") / f"f{suffix}"
    path.write_text(head + text, encoding="utf-8", errors="surrogatepass")
    _import_or_refuse(path)
