{#- The parts add up to the total, within what rounding allows.

    Per group (`group_by`, e.g. municipality × period), the rows whose `part_column` is not
    `total_value` are the parts and the row with `total_value` is the total; for every column of
    `measures`: residual = sum(parts) − total. Each figure is rounded on its own to
    `rounding_unit`, so (parts + 1) half-units is what rounding alone explains
    (macros/tests/rounding.sql). Fails with one row per group beyond that: the group's keys, the
    residual of each measure and the tolerance, so a check result names who and by how much.
    A group without its total or without parts is the completeness test's concern: its
    residual is NULL here. -#}
{% test subcomponents_sum_to_total(
    model, group_by, part_column, total_value, measures, rounding_unit
) %}
    with

    balances as (
        select
            {%- for column in group_by %}
                {{ column }},
            {%- endfor %}
            {%- for measure in measures %}
                sum(case when {{ part_column }} <> '{{ total_value }}' then {{ measure }} end)
                - max(case when {{ part_column }} = '{{ total_value }}' then {{ measure }} end)
                    as {{ measure }}_residual,
            {%- endfor %}
            count(case when {{ part_column }} <> '{{ total_value }}' then 1 end) as parts
        from {{ model }}
        group by {{ group_by | join(', ') }}
    )

    select
        *,
        {{ rounding_tolerance('parts + 1', rounding_unit) }} as tolerance
    from balances
    where
        false
        {%- for measure in measures %}
            or {{ beyond_rounding(measure ~ '_residual', 'parts + 1', rounding_unit) }}
        {%- endfor %}
{% endtest %}
