"""Possible duplicates in the window: the Duplicates view, the side-by-side merge and the badges."""
