"""Desktop CRM: a contact manager for solo entrepreneurs."""

__version__ = "0.1.0"
