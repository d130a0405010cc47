"""SQL text for names that come from a catalogue or a manifest, never from a user's string."""

from __future__ import annotations


def quote_identifier(name: str) -> str:
    """A DuckDB (and PostgreSQL) identifier in double quotes, a quote inside doubled."""
    return '"' + name.replace('"', '""') + '"'


def relation(schema: str, name: str) -> str:
    """`"schema"."name"`, both quoted."""
    return f"{quote_identifier(schema)}.{quote_identifier(name)}"
