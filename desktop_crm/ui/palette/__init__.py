"""The command palette (Ctrl+K): every action of the window and every contact, by typing."""
