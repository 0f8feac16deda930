"""One file opened for import: what it is (format, encoding, delimiter, header, mapping,
sample values) and its records, read as a stream as often as needed."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field  # `field` is also a ColumnInfo attribute

from desktop_crm.domain.phones import DEFAULT_REGION
from desktop_crm.services.importing.csv_reader import (
    CsvHeader,
    detect_header,
    is_blank,
    iter_rows,
    read_csv,
)
from desktop_crm.services.importing.header_maps import (
    auto_mapping,
    detect_flavour,
    header_signature,
)
from desktop_crm.services.importing.records import Field, ReadItem
from desktop_crm.services.importing.sniff import VCARD, FileSniff, sniff_file
from desktop_crm.services.importing.vcard_reader import read_vcards

SAMPLE_ROWS = 20  # rows looked at for sample values
SAMPLES_PER_COLUMN = 3


@dataclass
class ColumnInfo:
    index: int
    header: str
    field: Field  # the automatic mapping, or the user's
    auto_field: Field
    samples: list[str] = dataclass_field(default_factory=list)  # first non-empty values


@dataclass
class SourceInfo:
    """What the wizard's first page shows."""

    path: str
    format: str  # "csv", "vcard", "xlsx" or "ods"
    flavour: str  # google, google_legacy, outlook, linkedin, hubspot, dutch, generic, vcard_3.0…
    encoding: str
    delimiter: str | None
    header_line: int | None
    header_signature: str | None
    columns: list[ColumnInfo]
    size: int


class ImportSource:
    """A sniffed file plus the column mapping in force; `items()` streams its records."""

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        region: str = DEFAULT_REGION,
        mapping: Mapping[str, str] | Sequence[str] | None = None,
    ):
        self.path = str(path)
        self.region = (region or DEFAULT_REGION).upper()
        self.sniff: FileSniff = sniff_file(path)
        self.header: CsvHeader | None = None
        self.mapping: list[Field] = []
        # Column → the custom field its values go to, where the user chose one; other
        # custom columns keep their header as the name.
        self.custom_names: dict[int, str] = {}
        self._auto: list[Field] = []
        if self.sniff.kind != VCARD:  # a CSV file or a spreadsheet: columns to map
            self.header = detect_header(self.sniff)
            self._auto = auto_mapping(self.header.headers)
            self.mapping = list(self._auto)
            if mapping is not None:
                self.set_mapping(mapping)

    @property
    def format(self) -> str:
        return self.sniff.kind

    def set_mapping(self, mapping: Mapping[str, str] | Sequence[str]) -> None:
        """The user's mapping: header → field name, or one field name per column."""
        if self.header is None:
            return
        headers = self.header.headers
        if isinstance(mapping, Mapping):
            chosen = list(self.mapping)
            for i, header in enumerate(headers):
                if header in mapping:
                    chosen[i] = Field(mapping[header])
        else:
            chosen = [Field(f) for f in mapping] + self.mapping[len(mapping) :]
            chosen = chosen[: len(headers)]
        self.mapping = chosen
        self.custom_names = {
            i: name for i, name in self.custom_names.items() if chosen[i] == Field.CUSTOM
        }

    def set_custom_names(self, names: Mapping[int, str]) -> None:
        """Columns kept as custom values under a field name of the user's, not their header."""
        self.custom_names = {
            i: name
            for i, name in names.items()
            if 0 <= i < len(self.mapping) and self.mapping[i] == Field.CUSTOM and name.strip()
        }

    def items(self, on_bytes: Callable[[int], None] | None = None) -> Iterator[ReadItem]:
        """Records and skipped items (blank rows, group cards) in file order."""
        if self.sniff.kind == VCARD:
            return read_vcards(self.sniff, self.region, on_bytes)
        assert self.header is not None
        return read_csv(
            self.sniff, self.header, self.mapping, self.region, on_bytes, self.custom_names
        )

    @property
    def carries_hubspot(self) -> bool:
        return Field.LIFECYCLE_STAGE in self.mapping or Field.LEAD_STATUS in self.mapping

    def info(self) -> SourceInfo:
        columns: list[ColumnInfo] = []
        flavour = "vcard"
        if self.header is not None:
            columns = [
                ColumnInfo(i, h, self.mapping[i], self._auto[i])
                for i, h in enumerate(self.header.headers)
            ]
            self._fill_samples(columns)
            flavour = detect_flavour(self.header.headers)
        return SourceInfo(
            path=self.path,
            format=self.sniff.kind,
            flavour=flavour,
            encoding=self.sniff.encoding,
            delimiter=self.header.delimiter if self.header else None,
            header_line=self.header.line if self.header else None,
            header_signature=header_signature(self.header.headers) if self.header else None,
            columns=columns,
            size=self.sniff.size,
        )

    def _fill_samples(self, columns: list[ColumnInfo]) -> None:
        """Sample values from the first non-empty rows, never from blank ones."""
        assert self.header is not None
        seen = 0
        for _line, row in iter_rows(self.sniff, self.header):
            if is_blank(row):
                continue
            for column in columns:
                if column.index < len(row) and len(column.samples) < SAMPLES_PER_COLUMN:
                    value = row[column.index].strip()
                    if value:
                        column.samples.append(value[:200])
            seen += 1
            if seen >= SAMPLE_ROWS:
                break


def open_import(
    path: str | os.PathLike,
    *,
    region: str = DEFAULT_REGION,
    mapping: Mapping[str, str] | Sequence[str] | None = None,
) -> ImportSource:
    """Sniff `path` (ImportFileError when it cannot be imported at all) and map its columns."""
    return ImportSource(path, region=region, mapping=mapping)
