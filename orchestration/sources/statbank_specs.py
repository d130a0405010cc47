"""Specifications of the Danmarks Statistik Statbank tables the warehouse loads
(docs/domain.md, Sources).

FOLK1A: population on the first day of each quarter by OMRÅDE, KØN, ALDER (and CIVILSTAND, which
we do not request, so it is aggregated by Statbank). Requested with `valuePresentation=Code`, so
OMRÅDE is the 3-digit kommunekode (`101`, `707`). The national total (`000`), the regions
(`081`–`085`) and Christiansø (`411`, not a municipality, no jobcenter) are aggregates or outside
the 98 municipalities: the client requests only the 98 kommuner, and the reader
(`parsing.read_statbank_csv`) drops those codes explicitly if a file has them anyway.
"""

from orchestration.tables import Column, TableSpec, register

FOLK1A = register(
    TableSpec(
        source="statbank",
        table="folk1a",
        description=(
            "FOLK1A Befolkningen den 1. i kvartalet efter område, køn, alder og civilstand "
            "(Danmarks Statistik, api.statbank.dk/v1, valuePresentation=Code): persons per "
            "kommune, sex, age and quarter."
        ),
        columns=(
            Column("kommunekode", ("OMRÅDE", "OMRADE", "AREA"), "kommunekode", "Kommunekode"),
            Column(
                "sex_code",
                ("KØN", "KON", "SEX"),
                "text",
                "KØN code: TOT, 1 (men), 2 (women)",
                allowed=("TOT", "1", "2"),
            ),
            Column("age_code", ("ALDER", "AGE"), "text", "ALDER code: IALT or the age in years"),
            Column("quarter_code", ("TID", "Tid", "TIME"), "period", "Quarter, e.g. 2024K1"),
            Column("persons", ("INDHOLD", "CONTENT"), "integer", "Number of persons", minimum=0),
        ),
        key=("kommunekode", "sex_code", "age_code", "quarter_code"),
        period_types=("K", "Q"),
    )
)
