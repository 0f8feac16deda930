"""Kanban boards: a reusable column/card set with drag and drop, the sales board and the deals board."""
