"""Help: the keyboard shortcuts list and the About box."""
