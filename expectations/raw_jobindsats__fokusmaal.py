"""raw_jobindsats.fokusmaal: the two fokusmål measures (numerator, denominator, share)."""

from expectations.base import between, within_tolerance
from expectations.raw_generic import suite_for_spec
from orchestration.tables import get_spec

SPEC = get_spec("jobindsats", "fokusmaal")
_ROW = ("load_id", "area_name", "period_code", "focus_measure_label")

SUITE = suite_for_spec(
    SPEC,
    derived_columns=(
        "persons_count - persons_meeting_count as persons_not_meeting_count, "
        "cast(share_meeting_pct - 100.0 * persons_meeting_count / nullif(persons_count, 0) "
        "as double) as share_residual_pp"
    ),
    extra_rules=(
        between(
            "meeting_not_more_than_persons",
            "persons_not_meeting_count",
            0,
            None,
            "Persons meeting the fokusmål never exceed the persons measured",
            _ROW,
        ),
        within_tolerance(
            "share_is_meeting_over_persons",
            "share_residual_pp",
            "focus_share_tolerance_pp",
            "The published share = persons meeting ÷ persons × 100, within rounding",
            _ROW,
        ),
    ),
)
