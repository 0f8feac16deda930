"""Every focusable control of every window state and dialog has a name, in English and in
Dutch: what a screen reader says when the user Tabs to it (the AT-SPI walk of the same
states on a real X display is tests/e2e/test_accessibility_e2e.py)."""

from __future__ import annotations

import pytest

from tests.ui.workflows.accessibility import unlabelled_combo_boxes, unnamed_controls
from tests.ui.workflows.state_walk import visit_states


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_control_of_every_state_has_a_name(qtbot, qapp, people, clock, tmp_path, language):
    unnamed = {}

    def visit(name: str, shown) -> None:
        assert shown.isVisible(), name  # the state is on screen, so its controls count
        missing = unnamed_controls(shown)
        # A combo box's name is its value: only a label says which choice it is.
        missing += [f"unlabelled combo box in {box}" for box in unlabelled_combo_boxes(shown)]
        if missing:
            unnamed[name] = missing

    visit_states(qtbot, qapp, list(people.values()), clock, tmp_path, language, visit)
    assert unnamed == {}, "\n".join(f"{state}: {missing}" for state, missing in unnamed.items())
