{#- A published difference equals minuend − subtrahend, within what rounding allows.

    The three figures are each rounded to `rounding_unit`: three half-units of slack when the
    difference was rounded from the unrounded figures, none when it was computed from the
    rounded ones, so three half-units is the bound (macros/tests/rounding.sql). Fails with the
    rows beyond it: `key_columns`, the three figures and the residual
    (difference − (minuend − subtrahend)). -#}
{% test difference_within_rounding(
    model, difference, minuend, subtrahend, rounding_unit, key_columns
) %}
    {%- set residual = difference ~ ' - (' ~ minuend ~ ' - ' ~ subtrahend ~ ')' %}
    select
        {%- for column in key_columns %}
            {{ column }},
        {%- endfor %}
        {{ minuend }},
        {{ subtrahend }},
        {{ difference }},
        {{ residual }} as residual,
        {{ rounding_tolerance(3, rounding_unit) }} as tolerance
    from {{ model }}
    where {{ beyond_rounding(residual, 3, rounding_unit) }}
{% endtest %}
