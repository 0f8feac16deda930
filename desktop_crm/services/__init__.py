"""Use cases over the store: each mutation is one transaction and returns what changed. No Qt."""
