"""Contact import from CSV and vCard: the public API the command line and the wizard call.

source = open_import(path, region="NL")          # sniff; ImportFileError if unreadable
info = source.info()                             # format, encoding, delimiter, columns
source.set_mapping({"Shoe size": "ignore"})      # optional: the user's mapping
preview = preview_import(source)                 # every row: new / duplicate / rejected
report = run_import(source, lead_source=..., tags=[...], decisions={line: "skip"},
                    progress=callback, cancel=check)  # one transaction
undo_batch(report.batch_id)                      # later: remove the batch
"""

from desktop_crm.services.importing.batches import BatchInfo, UndoResult, list_batches, undo_batch
from desktop_crm.services.importing.header_maps import header_signature
from desktop_crm.services.importing.planner import Action, RejectReason, RowStatus
from desktop_crm.services.importing.records import ContactRecord, Field, PhoneValue
from desktop_crm.services.importing.runner import (
    ImportCancelled,
    ImportPreview,
    ImportProgress,
    ImportReport,
    PlannedRow,
    import_file,
    preview_import,
    run_import,
)
from desktop_crm.services.importing.source import (
    ColumnInfo,
    ImportSource,
    SourceInfo,
    open_import,
)

__all__ = [
    "Action",
    "BatchInfo",
    "ColumnInfo",
    "ContactRecord",
    "Field",
    "ImportCancelled",
    "ImportPreview",
    "ImportProgress",
    "ImportReport",
    "ImportSource",
    "PhoneValue",
    "PlannedRow",
    "RejectReason",
    "RowStatus",
    "SourceInfo",
    "UndoResult",
    "header_signature",
    "import_file",
    "list_batches",
    "open_import",
    "preview_import",
    "run_import",
    "undo_batch",
]
