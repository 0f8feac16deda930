"""Kanban boards: reusable columns and cards with drag and drop; the sales and deals boards."""
