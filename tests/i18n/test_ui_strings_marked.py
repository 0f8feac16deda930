"""Every string a user can see in `desktop_crm/ui/` goes through `_()` or `ngettext()`.

An AST scan, so it needs no display and catches text in code paths no test clicks.
A literal that is not for people (an object name, a settings key, a format) passed to
one of these calls is allowed with `# not user-visible` on the same line."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

UI_DIR = Path(__file__).resolve().parents[2] / "desktop_crm" / "ui"
OPT_OUT = "# not user-visible"

# Methods whose string arguments end up on screen.
VISIBLE_METHODS = frozenset(
    {
        "setText",
        "setWindowTitle",
        "setToolTip",
        "setStatusTip",
        "setWhatsThis",
        "setPlaceholderText",
        "setTitle",
        "setLabelText",
        "setInformativeText",
        "setDetailedText",
        "setButtonText",
        "setOkButtonText",
        "setCancelButtonText",
        "setPrefix",
        "setSuffix",
        "setSpecialValueText",
        "setTabText",
        "setTabToolTip",
        "setItemText",
        "setHeaderLabels",
        "setHorizontalHeaderLabels",
        "setVerticalHeaderLabels",
        "setAccessibleName",
        "setAccessibleDescription",
        "setSubTitle",
        "setNameFilter",
        "setNameFilters",
        "addMenu",
        "addAction",
        "addTab",
        "insertTab",
        "addItem",
        "addItems",
        "insertItem",
        "addRow",
        "addButton",
        "addSection",
        "insertSection",
        "showMessage",  # QSystemTrayIcon and QStatusBar
        "setToolTipText",
    }
)
# Widgets and dialogs whose constructor takes a visible text.
VISIBLE_CONSTRUCTORS = frozenset(
    {
        "QLabel",
        "QPushButton",
        "QToolButton",
        "QCheckBox",
        "QRadioButton",
        "QGroupBox",
        "QAction",
        "QMenu",
        "QMessageBox",
        "QCommandLinkButton",
        "QDockWidget",
        "QWizardPage",
        "QProgressDialog",
        "QTreeWidgetItem",
        "QListWidgetItem",
        "QTableWidgetItem",
        "QStandardItem",
    }
)
# Static dialogs: every string argument is a title, a text or a file filter.
VISIBLE_STATIC_OWNERS = frozenset({"QMessageBox", "QInputDialog", "QFileDialog"})
# Calls whose text is followed by item data (QComboBox.addItem(_("Lead"), "lead")):
# only the first text-like argument is shown.
TEXT_THEN_DATA = frozenset({"addItem", "insertItem"})
# Keyword arguments that are never shown.
INVISIBLE_KEYWORDS = frozenset({"objectName", "dir", "directory", "name", "key"})


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    call: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.call}({self.text!r}) is not marked for translation"


def _call_name(node: ast.Call) -> tuple[str | None, str | None]:
    """(owner, name): QMessageBox.warning → ('QMessageBox', 'warning'), QLabel → (None, …)."""
    func = node.func
    if isinstance(func, ast.Name):
        return None, func.id
    if isinstance(func, ast.Attribute):
        owner = func.value
        owner_name = owner.id if isinstance(owner, ast.Name) else None
        if isinstance(owner, ast.Attribute):
            owner_name = owner.attr  # QtWidgets.QMessageBox.warning
        return owner_name, func.attr
    return None, None


def _is_visible_call(node: ast.Call) -> bool:
    owner, name = _call_name(node)
    if name is None:
        return False
    if owner in VISIBLE_STATIC_OWNERS:
        return True
    return name in VISIBLE_METHODS or name in VISIBLE_CONSTRUCTORS


_MARKUP = re.compile(r"<[^<>]*>|&[A-Za-z]+;|&#\d+;")


def _has_words(text: str) -> bool:
    """Text a person reads: two letters in a row ('…', '%', 'x' and '<b></b>&nbsp;' pass)."""
    run = 0
    for char in _MARKUP.sub(" ", text):
        run = run + 1 if char.isalpha() else 0
        if run >= 2:
            return True
    return False


def _untranslated_text(node: ast.AST) -> str | None:
    """The literal text in an argument that is shown as is, or None when it is fine."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if _has_words(node.value) else None
    if isinstance(node, ast.JoinedStr):  # f"{n} contacts": the words are not translated
        literal = "".join(part.value for part in node.values if isinstance(part, ast.Constant))
        return literal if _has_words(literal) else None
    if isinstance(node, ast.BinOp):  # "Contacts: " + name, or "%s items" % n
        return _untranslated_text(node.left) or _untranslated_text(node.right)
    if isinstance(node, ast.Call):
        # "Hello {name}".format(...) formats an unmarked literal; _("…").format(…) is fine.
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "format":
            return _untranslated_text(func.value)
        return None
    if isinstance(node, ast.List | ast.Tuple):
        for element in node.elts:
            found = _untranslated_text(element)
            if found:
                return found
    if isinstance(node, ast.IfExp):
        return _untranslated_text(node.body) or _untranslated_text(node.orelse)
    return None


def _is_text_like(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    return isinstance(node, ast.JoinedStr | ast.BinOp | ast.Call)


def scan_source(source: str, path: str = "<string>") -> list[Finding]:
    tree = ast.parse(source, filename=path)
    lines = source.splitlines()
    findings: list[Finding] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not _is_visible_call(node):
            continue
        span = lines[node.lineno - 1 : (node.end_lineno or node.lineno)]
        if any(OPT_OUT in line for line in span):
            continue
        arguments = list(node.args) + [
            kw.value for kw in node.keywords if kw.arg not in INVISIBLE_KEYWORDS
        ]
        if _call_name(node)[1] in TEXT_THEN_DATA:
            arguments = [a for a in arguments if _is_text_like(a)][:1]
        for argument in arguments:
            text = _untranslated_text(argument)
            if text:
                findings.append(Finding(path, argument.lineno, _call_name(node)[1] or "?", text))
    return findings


def scan_ui() -> list[Finding]:
    findings: list[Finding] = []
    root = UI_DIR.parent.parent
    for path in sorted(UI_DIR.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        findings.extend(scan_source(source, str(path.relative_to(root))))
    return findings


def test_every_visible_ui_string_is_marked_for_translation():
    findings = scan_ui()
    assert not findings, "\n" + "\n".join(str(f) for f in findings)


# ---- the scanner itself: it must catch what it claims to catch ------------------------


@pytest.mark.parametrize(
    "code",
    [
        'label.setText("Contacts")',
        'self.setWindowTitle("Desktop CRM settings")',
        'button = QPushButton("Save", self)',
        'action = QAction(icon, "Open", self)',
        'QMessageBox.warning(self, "Careful", _("Really?"))',
        'QtWidgets.QMessageBox.information(self, _("Done"), "It worked")',
        'menu.addMenu("File")',
        'edit.setPlaceholderText("Search contacts")',
        'widget.setToolTip(f"{count} follow-ups due")',
        'label.setText("Due: {n}".format(n=n))',
        'label.setText("Total: " + total)',
        'label.setText(f"<b>Total</b> {n}")',
        'table.setHorizontalHeaderLabels([_("Name"), "Company"])',
        'path, _ = QFileDialog.getOpenFileName(self, _("Import"), "", "CSV files (*.csv)")',
        'tray.showMessage("Reminder", text)',
        'label = QLabel(text="Hello")',
        'combo.addItem("Lead", "lead")',
        'combo.addItem(icon, "Lead")',
    ],
)
def test_scanner_catches_an_unmarked_string(code):
    assert scan_source(code), code


@pytest.mark.parametrize(
    "code",
    [
        'label.setText(_("Contacts"))',
        'label.setText(ngettext("{n} contact", "{n} contacts", n).format(n=n))',
        'label.setText(_("Due: {n}").format(n=n))',
        "label.setText(contact.display_name)",
        'label.setText("")',
        'label.setText("…")',
        'label.setText(f"{name} — {company}")',
        'label.setText("%")',
        'label.setText(f"<b>{heading}</b> &nbsp;" + " &nbsp;".join(chips))',
        'widget.setObjectName("contactList")',
        'button = QPushButton("x")  # not user-visible',
        'QAction(\n    icon,\n    "debug-dump",  # not user-visible\n    self,\n)',
        'settings.setValue("window/geometry", geometry)',
        'label = QLabel(objectName="title")',
        'QMessageBox.warning(self, _("Careful"), message)',
        'combo.addItem(_("Lead"), "lead")',
        'combo.insertItem(0, _("Lead"), "lead")',
    ],
)
def test_scanner_allows_marked_or_invisible_text(code):
    assert not scan_source(code), code
