"""The Today view: follow-ups due, birthdays coming, open questions and idle prospects."""
