"""Person-level data: the synthetic national generator, the four monthly Parquet datasets and
their landing (source "persons"; docs/person_level.md)."""
