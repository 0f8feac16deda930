"""The import wizard, driven offscreen: detection, mapping, preview fixes, run, cancel, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QWizard

from desktop_crm.errors import ValidationError
from desktop_crm.services.changes import Changes
from desktop_crm.services.custom_fields import define_field, defined_fields
from desktop_crm.services.importing import Action, Field, RowStatus, list_batches
from desktop_crm.store import models as m
from desktop_crm.ui.import_wizard import ImportWizard
from desktop_crm.ui.import_wizard.history_dialog import ImportHistoryDialog
from desktop_crm.ui.import_wizard.mapping_page import CUSTOM_TARGET, NEW_CUSTOM
from desktop_crm.ui.import_wizard.page_ids import PageId
from desktop_crm.ui.import_wizard.preview_model import Column
from tests.ui.workflows.accessibility import accessible_name, labelled_by

WAIT_MS = 60_000

SPREADSHEET = (
    "Full Name,Email,Phone,Shoe size\r\n"
    "Anna Bakker,anna@example.com,06-12345678,38\r\n"  # line 2
    "Jan de Vries,jan@example.com,020 612 3456,44\r\n"  # line 3
    "Anna Bakker,anna@example.com,+31612345678,38\r\n"  # line 4: exact duplicate of 2
    "Jan de Vries,jan.devries@example.org,,44\r\n"  # line 5: possible duplicate of 3
    "Piet Smit,piet@@example.com,,42\r\n"  # line 6: invalid email
    ",,0612345679,40\r\n"  # line 7: no name, no email
    "Sanne Wit,sanne@example.com,,39\r\n"  # line 8
)


def write_csv(tmp_path, text: str = SPREADSHEET, name: str = "contacts.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def contact_count() -> int:
    return m.Contact.select().count()


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def open_wizard(qtbot, db, clock, settings):
    """A shown wizard on a file; it is closed (and its threads stopped) after the test."""
    made: list[ImportWizard] = []

    def make(path) -> ImportWizard:
        wizard = ImportWizard(str(path), clock=clock, region="NL", settings=settings)
        qtbot.addWidget(wizard)
        wizard.show()
        idle(qtbot, wizard)
        made.append(wizard)
        return wizard

    yield make
    for wizard in made:
        wizard.wait_for_tasks()


def idle(qtbot, wizard: ImportWizard) -> None:
    qtbot.waitUntil(lambda: not wizard.busy(), timeout=WAIT_MS)


def to_preview(qtbot, wizard: ImportWizard) -> None:
    while wizard.currentId() != PageId.PREVIEW:
        wizard.next()
    qtbot.waitUntil(
        lambda: wizard.preview is not None and not wizard.preview_page.checking(),
        timeout=WAIT_MS,
    )
    idle(qtbot, wizard)


def run_to_done(qtbot, wizard: ImportWizard) -> None:
    assert wizard.preview_page.isComplete()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.DONE, timeout=WAIT_MS)
    idle(qtbot, wizard)


def row_of(wizard: ImportWizard, line: int) -> int:
    row = wizard.preview_page.model.row_of_line(line)
    assert row is not None, line
    return row


def cell(wizard: ImportWizard, line: int, column: Column):
    model = wizard.preview_page.model
    return model.index(row_of(wizard, line), column)


# ---- page 1: what was found -------------------------------------------------------------


def test_first_page_shows_format_encoding_delimiter_and_record_count(qtbot, open_wizard, tmp_path):
    text = "Voornaam;Achternaam;E-mailadres\r\nDaniël;Jansen;d@example.com\r\n;;\r\nEva;Bos;\r\n"
    wizard = open_wizard(write_csv(tmp_path, text, "nl.csv"))
    page = wizard.detect_page
    assert page.file_label.text() == "nl.csv"
    assert "Dutch" in page.kind_label.text()
    assert page.encoding_label.text() == "UTF-8"
    assert "Semicolon" in page.delimiter_label.text()
    assert page.records_label.text() == "2 records"  # the blank row is not a record
    assert all(page._form.isRowVisible(row) for row in range(page._form.rowCount()))
    assert page.subTitle().startswith("This is what the file looks like")
    assert page.isComplete()


def test_opened_without_a_file_it_asks_for_one_without_an_error(qtbot, db, clock, settings):
    # File › Import contacts… opens the wizard before any file is chosen.
    wizard = ImportWizard(None, clock=clock, region="NL", settings=settings)
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.detect_page
    assert "vCard" in page.subTitle()
    assert not page.error_label.isVisible()
    assert page.choose_button.text() == "Choose a file…"
    assert not any(page._form.isRowVisible(row) for row in range(page._form.rowCount()))
    assert not page.isComplete()


def test_a_file_that_cannot_be_imported_is_a_message_and_no_next(qtbot, open_wizard, tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(bytes(range(256)) * 40)
    wizard = open_wizard(path)
    page = wizard.detect_page
    assert wizard.source is None
    assert page.error_label.isVisible()
    assert "Traceback" not in page.error_label.text() and page.error_label.text()
    assert "vCard" in page.subTitle()  # what it can read, since this was not it
    assert page.choose_button.text() == "Choose another file…"
    assert not page.isComplete()


def test_a_vcard_goes_straight_to_the_preview(qtbot, open_wizard, tmp_path):
    path = tmp_path / "people.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eva Bos\r\nEMAIL:eva@example.com\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    wizard = open_wizard(path)
    assert wizard.detect_page.records_label.text() == "1 record"
    wizard.next()
    assert wizard.currentId() == PageId.PREVIEW


# ---- page 2: the mapping ----------------------------------------------------------------


def test_mapping_shows_samples_and_a_changed_field_is_imported_and_remembered(
    qtbot, open_wizard, tmp_path, settings
):
    path = write_csv(tmp_path)
    wizard = open_wizard(path)
    wizard.next()
    page = wizard.mapping_page
    headers = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    shoe = headers.index("Shoe size")
    assert page.table.item(shoe, 1).text().startswith("38")
    combo = page.combo_at(shoe)
    assert combo.currentData() == Field.CUSTOM.value  # unknown columns are kept by default
    combo.setCurrentIndex(combo.findData(Field.IGNORE.value))
    assert wizard.source.mapping[shoe] == Field.IGNORE
    to_preview(qtbot, wizard)
    run_to_done(qtbot, wizard)
    assert m.CustomField.select().count() == 0  # the ignored column was not kept

    again = open_wizard(write_csv(tmp_path, SPREADSHEET, "same_columns.csv"))
    assert again.remembered_mapping
    assert again.source.mapping[shoe] == Field.IGNORE
    assert again.detect_page.note_label.text()


def test_each_import_as_box_is_labelled_by_the_column_it_maps(qtbot, open_wizard, tmp_path):
    """On Linux a combo box's own name is its value: a screen reader says which column the
    box is for only through the label that labels it (hidden: the header shows it)."""
    wizard = open_wizard(write_csv(tmp_path))
    wizard.next()
    page = wizard.mapping_page
    for row in range(page.table.rowCount()):
        column = page.table.item(row, 0).text()
        assert labelled_by(page.combo_at(row)) == [f"Import column “{column}” as"]


def test_each_action_box_is_labelled_by_the_line_it_acts_on(qtbot, open_wizard, tmp_path):
    """The preview's Action box (made when its cell is edited) is said with its line and
    name, as an "Import as" box is with its column: its own name on Linux is its value."""
    wizard = open_wizard(write_csv(tmp_path))
    to_preview(qtbot, wizard)
    table = wizard.preview_page.table
    for line, said in ((5, "Action for line 5, Jan de Vries"), (8, "Action for line 8, Sanne Wit")):
        index = cell(wizard, line, Column.ACTION)
        table.setCurrentIndex(index)
        table.edit(index)
        boxes = [b for b in table.viewport().findChildren(QComboBox) if b.isVisibleTo(table)]
        assert len(boxes) == 1, line
        assert labelled_by(boxes[0]) == [said]
        table.setCurrentIndex(cell(wizard, line, Column.NAME))  # closes the editor


def test_a_mapping_without_name_or_email_cannot_go_on(qtbot, open_wizard, tmp_path):
    wizard = open_wizard(write_csv(tmp_path))
    wizard.next()
    page = wizard.mapping_page
    for row in range(page.table.rowCount()):
        combo = page.combo_at(row)
        combo.setCurrentIndex(combo.findData(Field.IGNORE.value))
    assert not page.isComplete()
    assert page.problem_label.text()


# ---- page 3: the preview ----------------------------------------------------------------


def test_preview_classifies_rows_with_counts_and_filter(qtbot, open_wizard, tmp_path):
    wizard = open_wizard(write_csv(tmp_path))
    to_preview(qtbot, wizard)
    page = wizard.preview_page
    model = page.model
    counts = model.counts()
    assert counts[RowStatus.NEW] == 3
    assert counts[RowStatus.EXACT_DUPLICATE] == 1
    assert counts[RowStatus.POSSIBLE_DUPLICATE] == 1
    assert counts[RowStatus.REJECTED] == 2
    assert "3 new" in page.counts_label.text() and "2 rejected" in page.counts_label.text()
    assert cell(wizard, 4, Column.DETAILS).data() == "Same as line 2"
    assert cell(wizard, 6, Column.DETAILS).data() == "Invalid email"
    assert "piet@@example.com" in cell(wizard, 6, Column.DETAILS).data(3)  # tooltip
    page.show_only(RowStatus.REJECTED)
    assert model.rowCount() == 2
    assert [model.row_at(r).line for r in range(2)] == [6, 7]
    page.show_only(None)
    assert model.rowCount() == 7
    assert wizard.button(QWizard.WizardButton.CommitButton).text() == "Import 4 contacts"


def test_fixing_a_rejected_email_in_its_cell_rechecks_the_row(qtbot, open_wizard, tmp_path):
    wizard = open_wizard(write_csv(tmp_path))
    to_preview(qtbot, wizard)
    model = wizard.preview_page.model
    assert model.setData(cell(wizard, 6, Column.EMAIL), "Piet@Example.com")
    assert model.row_at(row_of(wizard, 6)).status == RowStatus.NEW  # at once
    qtbot.waitUntil(lambda: not wizard.preview_page.checking(), timeout=WAIT_MS)
    assert model.row_at(row_of(wizard, 6)).status == RowStatus.NEW  # and after the full check
    assert model.setData(cell(wizard, 7, Column.NAME), "  Kees   Mol ")
    qtbot.waitUntil(lambda: not wizard.preview_page.checking(), timeout=WAIT_MS)
    assert model.row_at(row_of(wizard, 7)).status == RowStatus.NEW
    run_to_done(qtbot, wizard)
    assert wizard.report.contacts_created == 6
    assert wizard.report.rejected == 0
    emails = {e.email for e in m.ContactEmail.select()}
    assert "piet@example.com" in emails
    kees = m.Contact.get(m.Contact.display_name == "Kees Mol")
    assert (kees.given_name, kees.family_name) == ("Kees", "Mol")


def test_a_fix_that_is_still_wrong_stays_rejected(qtbot, open_wizard, tmp_path):
    wizard = open_wizard(write_csv(tmp_path))
    to_preview(qtbot, wizard)
    model = wizard.preview_page.model
    model.setData(cell(wizard, 6, Column.EMAIL), "piet at example")
    row = model.row_at(row_of(wizard, 6))
    assert row.status == RowStatus.REJECTED and row.value == "piet at example"


def test_skip_and_merge_duplicates_then_import(qtbot, open_wizard, tmp_path):
    wizard = open_wizard(write_csv(tmp_path))
    to_preview(qtbot, wizard)
    model = wizard.preview_page.model
    assert cell(wizard, 4, Column.ACTION).data() == "Skip"  # exact duplicates skip by default
    assert cell(wizard, 5, Column.ACTION).data() == "Create and flag"
    assert model.setData(cell(wizard, 5, Column.ACTION), Action.MERGE.value)
    assert model.setData(cell(wizard, 8, Column.ACTION), Action.SKIP.value)  # a new row
    assert not model.setData(cell(wizard, 6, Column.ACTION), Action.CREATE.value)  # rejected
    qtbot.waitUntil(lambda: not wizard.preview_page.checking(), timeout=WAIT_MS)
    wizard.preview_page.lead_source_combo.setEditText("Phone book")
    wizard.preview_page.tags_edit.setText("bought list: KvK 2026, beurs")
    with qtbot.waitSignal(wizard.imported, timeout=WAIT_MS) as signal:
        run_to_done(qtbot, wizard)
    assert isinstance(signal.args[0], Changes) and signal.args[0].everything
    report = wizard.report
    assert report.contacts_created == 2  # Anna, Jan
    assert report.skipped_exact_duplicates == 1 and report.merged == 1
    assert report.skipped_by_choice == 1
    assert contact_count() == 2
    jan = m.Contact.get(m.Contact.display_name == "Jan de Vries")
    assert {e.email for e in jan.emails} == {"jan@example.com", "jan.devries@example.org"}
    assert {c.lead_source for c in m.Contact.select()} == {"phone_book"}
    tags = {t.name for t in m.Tag.select()}
    assert {"bought list: KvK 2026", "beurs"} <= tags
    summary = wizard.done_page.summary_label.text()
    assert "2 contacts created" in summary and "1 exact duplicate skipped" in summary


# ---- page 4: running and cancelling ------------------------------------------------------


def big_csv(tmp_path, rows: int = 20_000):
    lines = ["First Name,Last Name,Email,Phone"]
    lines += [f"Naam{i},Achter{i},n{i}@example.com,06{10_000_000 + i}" for i in range(rows)]
    return write_csv(tmp_path, "\r\n".join(lines) + "\r\n", "big.csv")


def test_cancel_halfway_changes_nothing(qtbot, open_wizard, tmp_path):
    wizard = open_wizard(write_csv(tmp_path, "Name,Email\r\nEerder Al,eerder@example.com\r\n"))
    to_preview(qtbot, wizard)
    run_to_done(qtbot, wizard)
    before, batches = contact_count(), len(list_batches())

    wizard = open_wizard(big_csv(tmp_path))
    to_preview(qtbot, wizard)
    page = wizard.run_page
    seen: list = []

    def cancel_on_first_progress(progress) -> None:
        if not seen:
            seen.append(progress.records)
            page.cancel_button.click()

    wizard.next()
    assert wizard.currentId() == PageId.RUN and page.running()
    page._task.progressed.connect(cancel_on_first_progress)
    qtbot.waitUntil(lambda: not page.running(), timeout=WAIT_MS)
    idle(qtbot, wizard)
    assert seen and 0 < seen[0] < 20_000  # it really was cancelled halfway
    assert wizard.currentId() == PageId.RUN
    assert "nothing was changed" in page.message_label.text()
    assert page.back_button.isVisible()
    assert contact_count() == before
    assert len(list_batches()) == batches
    page.back_button.click()
    assert wizard.currentId() == PageId.PREVIEW


def test_cancelling_the_wizard_while_importing_rolls_back_then_closes(qtbot, open_wizard, tmp_path):
    wizard = open_wizard(big_csv(tmp_path, 8_000))
    to_preview(qtbot, wizard)
    wizard.next()
    with qtbot.waitSignal(wizard.run_page._task.progressed, timeout=WAIT_MS):
        pass
    wizard.reject()
    assert wizard.isVisible()  # not before the rollback
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=WAIT_MS)
    assert contact_count() == 0


def test_an_error_during_the_import_is_a_message_not_a_traceback(
    qtbot, open_wizard, tmp_path, monkeypatch
):
    from desktop_crm.ui.import_wizard import run_page

    def broken(*_args, **_kwargs):
        raise ValidationError("The lead source is too long.")

    wizard = open_wizard(write_csv(tmp_path))
    to_preview(qtbot, wizard)
    monkeypatch.setattr(run_page, "run_import", broken)
    wizard.next()
    qtbot.waitUntil(lambda: not wizard.run_page.running(), timeout=WAIT_MS)
    assert wizard.run_page.message_label.text() == "The lead source is too long."


def test_an_unexpected_error_is_logged_and_shown_in_one_line(
    qtbot, open_wizard, tmp_path, monkeypatch, caplog
):
    from desktop_crm.ui.import_wizard import run_page

    def bug(*_args, **_kwargs):
        raise KeyError("boom")

    wizard = open_wizard(write_csv(tmp_path))
    to_preview(qtbot, wizard)
    monkeypatch.setattr(run_page, "run_import", bug)
    wizard.next()
    qtbot.waitUntil(lambda: not wizard.run_page.running(), timeout=WAIT_MS)
    message = wizard.run_page.message_label.text()
    assert "nothing was changed" in message and "boom" not in message
    assert "background task failed" in caplog.text


# ---- page 5: done, and undo -------------------------------------------------------------


def test_undo_import_removes_the_batch_and_names_the_contacts_it_keeps(
    qtbot, open_wizard, tmp_path
):
    wizard = open_wizard(write_csv(tmp_path))
    to_preview(qtbot, wizard)
    run_to_done(qtbot, wizard)
    assert contact_count() == 4
    edited = m.Contact.get(m.Contact.display_name == "Sanne Wit")
    m.Contact.update(version=2).where(m.Contact.id == edited.id).execute()
    page = wizard.done_page
    assert page.undo_button.isEnabled()
    with qtbot.waitSignal(wizard.imported, timeout=WAIT_MS) as signal:
        page.undo_button.click()
    idle(qtbot, wizard)
    assert signal.args[0].contacts_added_or_removed
    assert contact_count() == 1
    text = page.undo_label.text()
    assert "3 contacts removed" in text and "Sanne Wit" in text
    assert not page.undo_button.isEnabled()


# ---- import history ---------------------------------------------------------------------


def test_history_lists_imports_and_undoes_one(qtbot, open_wizard, tmp_path, clock):
    wizard = open_wizard(write_csv(tmp_path))
    to_preview(qtbot, wizard)
    run_to_done(qtbot, wizard)
    dialog = ImportHistoryDialog(clock=clock, confirm=lambda _text: True)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "contacts.csv"
    # A screen reader hears which import the row's Undo is for, with its day.
    assert dialog.undo_button_at(0).text() == "Undo"
    said = accessible_name(dialog.undo_button_at(0))
    assert said.startswith("Undo the import of contacts.csv, ") and said[-4:].isdigit(), said
    with qtbot.waitSignal(dialog.undone, timeout=WAIT_MS):
        dialog.undo_button_at(0).click()
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=WAIT_MS)
    assert contact_count() == 0
    assert dialog.undo_button_at(0) is None  # undone: no second undo
    assert "4 contacts removed" in dialog.message_label.text()


# ---- custom fields in the mapping (issue 20) ------------------------------------------

CUSTOM_FILE = (
    "Full Name,Email,Maat,Klantnummer\r\n"
    "Anna Bakker,anna@example.com,38,K-1\r\n"
    "Jan de Vries,jan@example.com,44,K-2\r\n"
)


def _values() -> set[tuple[str, str, str]]:
    query = m.CustomField.select(m.Contact.display_name, m.CustomField.key, m.CustomField.value)
    return set(query.join(m.Contact).tuples())


def _mapping_page(qtbot, wizard):
    wizard.next()
    page = wizard.mapping_page
    qtbot.waitUntil(lambda: not wizard.busy(), timeout=60_000)  # the defined fields arrived
    return page


def _texts(combo) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_defined_custom_fields_are_offered_after_the_built_in_fields_and_get_the_values(
    qtbot, open_wizard, tmp_path
):
    define_field("Schoenmaat")
    wizard = open_wizard(write_csv(tmp_path, CUSTOM_FILE))
    page = _mapping_page(qtbot, wizard)
    combo = page.combo_at(2)
    texts = _texts(combo)
    target = combo.findData(CUSTOM_TARGET + "Schoenmaat")
    assert target > combo.findData(Field.IGNORE.value)  # after every built-in field
    assert texts[target] == "Custom field: Schoenmaat"
    assert combo.findData(NEW_CUSTOM) == combo.count() - 1
    combo.setCurrentIndex(target)
    assert wizard.source.mapping[2] == Field.CUSTOM
    assert page.custom_targets() == {2: "Schoenmaat"}
    to_preview(qtbot, wizard)
    run_to_done(qtbot, wizard)
    assert _values() == {
        ("Anna Bakker", "Schoenmaat", "38"),
        ("Jan de Vries", "Schoenmaat", "44"),
        ("Anna Bakker", "Klantnummer", "K-1"),  # an unmapped column keeps its header
        ("Jan de Vries", "Klantnummer", "K-2"),
    }
    assert defined_fields() == ["Schoenmaat"]


def test_new_custom_field_is_named_after_the_column_and_defined_by_the_import(
    qtbot, open_wizard, tmp_path
):
    wizard = open_wizard(write_csv(tmp_path, CUSTOM_FILE))
    page = _mapping_page(qtbot, wizard)
    combo = page.combo_at(3)
    combo.setCurrentIndex(combo.findData(NEW_CUSTOM))
    assert combo.currentData() == CUSTOM_TARGET + "Klantnummer"
    assert combo.currentText() == "Custom field: Klantnummer (new)"
    # The new field is a choice for the other columns too; nothing is defined before the import.
    assert page.combo_at(2).findData(CUSTOM_TARGET + "Klantnummer") > 0
    assert defined_fields() == []
    to_preview(qtbot, wizard)
    run_to_done(qtbot, wizard)
    assert defined_fields() == ["Klantnummer"]
    assert ("Anna Bakker", "Klantnummer", "K-1") in _values()


def test_a_new_field_given_up_again_is_not_defined(qtbot, open_wizard, tmp_path):
    wizard = open_wizard(write_csv(tmp_path, CUSTOM_FILE))
    page = _mapping_page(qtbot, wizard)
    combo = page.combo_at(3)
    combo.setCurrentIndex(combo.findData(NEW_CUSTOM))
    combo.setCurrentIndex(combo.findData(Field.IGNORE.value))
    assert page.fields_to_define() == []
    to_preview(qtbot, wizard)
    run_to_done(qtbot, wizard)
    assert defined_fields() == []
    assert {key for _name, key, _value in _values()} == {"Maat"}


# ---- the search index after the import --------------------------------------------------


def test_with_the_windows_runner_the_search_index_is_built_after_the_import(
    qtbot, db, clock, settings, tmp_path, runner, settle, gate
):
    from desktop_crm.services.contacts import ContactQuery, query_contact_ids
    from desktop_crm.store.search_pending import pending_count

    wizard = ImportWizard(
        str(write_csv(tmp_path)), clock=clock, region="NL", settings=settings, runner=runner
    )
    qtbot.addWidget(wizard)
    wizard.show()
    idle(qtbot, wizard)
    to_preview(qtbot, wizard)
    run_to_done(qtbot, wizard)  # the runner's writer is held: no index built yet

    # The import committed with its texts waiting; the search finds the contacts already.
    assert pending_count(db) == contact_count() > 0
    assert len(query_contact_ids(ContactQuery(search="sanne"))) == 1

    gate.set()
    settle()
    wizard.wait_for_tasks()
    assert pending_count(db) == 0
    assert len(query_contact_ids(ContactQuery(search="sanne"))) == 1
    assert db.execute_sql("SELECT COUNT(*) FROM contact_fts_tri").fetchone()[0] == contact_count()
