"""Hand-made person histories for the rules of the person-level models (docs/person_level.md),
written as the monthly Parquet files of the landing layout: each history is one rule at its
boundary, and its expected anciennitet and fokusmål are stated beside it."""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from orchestration.landing import LandingZone

NORDDJURS, AARHUS, SYDDJURS = 707, 751, 706

SCHEMAS = {
    "benefit_weeks": pa.schema(
        [
            ("person_id", pa.int64()),
            ("kommunekode", pa.int32()),
            ("week_start", pa.date32()),
            ("benefit_code", pa.string()),
            ("month_start", pa.date32()),
        ]
    ),
    "samtaler": pa.schema(
        [
            ("person_id", pa.int64()),
            ("kommunekode", pa.int32()),
            ("samtale_date", pa.date32()),
            ("month_start", pa.date32()),
        ]
    ),
    "offers": pa.schema(
        [
            ("person_id", pa.int64()),
            ("kommunekode", pa.int32()),
            ("offer_start", pa.date32()),
            ("offer_end", pa.date32()),
            ("month_start", pa.date32()),
        ]
    ),
    "ordinary_hours": pa.schema(
        [("person_id", pa.int64()), ("month_start", pa.date32()), ("ordinary_hours", pa.float64())]
    ),
}

FIRST_MONTH = date(2023, 1, 1)
LAST_MONTH = date(2024, 6, 1)


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def months(first: date, last: date) -> list[date]:
    found, month = [], first
    while month <= last:
        found.append(month)
        month = next_month(month)
    return found


def mondays(first: date, last: date) -> list[date]:
    """Every Monday from `first` (or the Monday after it) up to and including `last`."""
    day = first + timedelta(days=(7 - first.weekday()) % 7)
    found = []
    while day <= last:
        found.append(day)
        day += timedelta(days=7)
    return found


def month_end(month: date) -> date:
    return next_month(month) - timedelta(days=1)


class Histories:
    """Rows of the four datasets, added person by person."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict]] = defaultdict(list)

    def weeks(self, person: int, kommune: int, benefit: str, first: date, last: date) -> None:
        for monday in mondays(first, last):
            self.rows["benefit_weeks"].append(
                {
                    "person_id": person,
                    "kommunekode": kommune,
                    "week_start": monday,
                    "benefit_code": benefit,
                    "month_start": month_of(monday),
                }
            )

    def samtaler(self, person: int, kommune: int, days: list[date]) -> None:
        for day in days:
            self.rows["samtaler"].append(
                {
                    "person_id": person,
                    "kommunekode": kommune,
                    "samtale_date": day,
                    "month_start": month_of(day),
                }
            )

    def offer(self, person: int, kommune: int, first: date, last: date) -> None:
        self.rows["offers"].append(
            {
                "person_id": person,
                "kommunekode": kommune,
                "offer_start": first,
                "offer_end": last,
                "month_start": month_of(first),
            }
        )

    def hours(self, person: int, month: date, hours: float) -> None:
        self.rows["ordinary_hours"].append(
            {"person_id": person, "month_start": month, "ordinary_hours": hours}
        )

    def monthly_tables(self, first: date = FIRST_MONTH, last: date = LAST_MONTH):
        """(dataset, 'YYYY-MM', table) for every dataset and month, empty months included."""
        for month in months(first, last):
            for dataset, schema in SCHEMAS.items():
                rows = [r for r in self.rows[dataset] if r["month_start"] == month]
                yield dataset, f"{month:%Y-%m}", pa.Table.from_pylist(rows, schema=schema)


def land_tables(landing_dir: Path, tables) -> int:
    """Land each monthly table as its own file (the landing layout, load record included)."""
    zone = LandingZone(landing_dir)
    landed = 0
    for dataset, month, table in tables:
        buffer = io.BytesIO()
        pq.write_table(table, buffer)
        zone.land(
            buffer.getvalue(),
            file_name=f"{dataset}_{month}.parquet",
            source="persons",
            table=dataset,
            row_count=table.num_rows,
            fmt="parquet",
            request_params={"dataset": dataset, "month": month},
        )
        landed += 1
    return landed


def rule_histories() -> Histories:
    """One person per rule; the expectations are in tests/test_person_rules.py."""
    h = Histories()
    # 1. kontanthjælp Jan 2023 – Jun 2024 with May 2023 empty: the spell restarts in June 2023,
    #    so June 2024 is its 13th month (target group) and April 2024 its 11th (not).
    h.weeks(1, NORDDJURS, "kontanthjaelp", date(2023, 1, 1), date(2023, 4, 30))
    h.weeks(1, NORDDJURS, "kontanthjaelp", date(2023, 6, 1), date(2024, 6, 30))
    # 2. selvforsørgelsesydelse Jan – Jun 2023, then kontanthjælp without a gap: one spell
    #    (STAR's exception), 18 months in June 2024.
    h.weeks(2, NORDDJURS, "selvforsoergelse", date(2023, 1, 1), date(2023, 6, 30))
    h.weeks(2, NORDDJURS, "kontanthjaelp", date(2023, 7, 1), date(2024, 6, 30))
    # 3. kontanthjælp Jan – Jun 2023, then uddannelseshjælp: a change of benefit, a new spell of
    #    12 months in June 2024.
    h.weeks(3, NORDDJURS, "kontanthjaelp", date(2023, 1, 1), date(2023, 6, 30))
    h.weeks(3, NORDDJURS, "uddannelseshjaelp", date(2023, 7, 1), date(2024, 6, 30))
    # 4. and 5. on kontanthjælp all along; 4 had exactly 4 samtaler in Jul 2023 – Jun 2024
    #    (and one before), 5 had 3: 4 meets the samtale goal, 5 does not.
    for person in (4, 5):
        h.weeks(person, NORDDJURS, "kontanthjaelp", date(2023, 1, 1), date(2024, 6, 30))
    h.samtaler(
        4,
        NORDDJURS,
        [
            date(2023, 6, 15),
            date(2023, 7, 3),
            date(2023, 10, 2),
            date(2024, 1, 8),
            date(2024, 6, 28),
        ],
    )
    h.samtaler(5, NORDDJURS, [date(2023, 7, 3), date(2023, 10, 2), date(2024, 6, 28)])
    # 6. and 7.: exactly 100 ordinary hours (the threshold from 2023) in the 12 months to June
    #    2024 meets the tilbud goal; 99.5 hours does not; neither had an offer.
    for person in (6, 7):
        h.weeks(person, NORDDJURS, "kontanthjaelp", date(2023, 1, 1), date(2024, 6, 30))
    h.hours(6, date(2023, 9, 1), 60.0)
    h.hours(6, date(2024, 2, 1), 40.0)
    h.hours(7, date(2023, 9, 1), 60.0)
    h.hours(7, date(2024, 2, 1), 39.5)
    # 8. an offer from May to August 2023 reaches into the 12 months ending June 2024: met.
    h.weeks(8, NORDDJURS, "kontanthjaelp", date(2023, 1, 1), date(2024, 6, 30))
    h.offer(8, NORDDJURS, date(2023, 5, 15), date(2023, 8, 20))
    # 9. moves from Norddjurs to Aarhus in March 2024, same benefit: one spell; counted in
    #    Aarhus from March 2024 (its last week), Norddjurs before; its samtaler in Norddjurs
    #    count for Aarhus (4 in the window).
    h.weeks(9, NORDDJURS, "kontanthjaelp", date(2023, 1, 1), date(2024, 3, 10))
    h.weeks(9, AARHUS, "kontanthjaelp", date(2024, 3, 11), date(2024, 6, 30))
    h.samtaler(
        9, NORDDJURS, [date(2023, 8, 1), date(2023, 11, 1), date(2024, 1, 2), date(2024, 2, 1)]
    )
    # 10. sygedagpenge with one week missing in October 2023: the spell ends there (9 months
    #     in June 2024, not in the target group).
    h.weeks(10, SYDDJURS, "sygedagpenge", date(2023, 1, 1), date(2023, 10, 8))
    h.weeks(10, SYDDJURS, "sygedagpenge", date(2023, 10, 16), date(2024, 6, 30))
    # 11. a-dagpenge with three months off (Mar – May 2023): sammenlagt ledighed adds up, so
    #     June 2024 is month 15 (18 months minus the 3 without).
    h.weeks(11, SYDDJURS, "a_dagpenge", date(2023, 1, 1), date(2023, 2, 28))
    h.weeks(11, SYDDJURS, "a_dagpenge", date(2023, 6, 1), date(2024, 6, 30))
    return h
