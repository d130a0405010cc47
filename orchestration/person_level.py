"""The one rule for person-level data: which schemas hold it. Person-level rows (every benefit
spell, samtale and offer of a person) stay in the build file; the serving copy, the exports and
the PostgreSQL copy never take them."""

from __future__ import annotations

PERSON_LEVEL_SCHEMA_PREFIXES = ("persons", "raw_persons")


def is_person_level(schema: str) -> bool:
    """A schema of person-level data: its name starts with `persons` or `raw_persons`."""
    return schema.lower().startswith(PERSON_LEVEL_SCHEMA_PREFIXES)
