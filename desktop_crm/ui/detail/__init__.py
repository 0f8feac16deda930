"""The detail pane: one contact's fields, stage, qualification, activity, questions, deals."""
