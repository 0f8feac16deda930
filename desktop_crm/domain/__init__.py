"""Pure sales-process rules: no Qt, no Peewee, the clock always passed in."""
