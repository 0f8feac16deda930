"""Persistence with Peewee: opening the database, tables, migrations and search. No Qt."""
