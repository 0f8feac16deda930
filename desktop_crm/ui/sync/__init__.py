"""The window side of sync: the account dialog and the background controller."""
