{#- Every municipality of the seed is in every group (`group_by`, e.g. a list period), and,
    with `every_value_of`, in every value of that column from its seed (e.g. every benefit
    group of seeds/benefit_groups.csv) — so "98 municipalities × 4 benefit groups per list"
    comes from the seeds, never from a number typed here. Fails with one row per missing
    combination: the group's keys, the missing value, kommunekode and municipality name. -#}
{% test covers_every_municipality(model, group_by, every_value_of=none) %}
    with

    groups as (
        select distinct {{ group_by | join(', ') }}
        from {{ model }}
    ),

    municipalities as (
        select
            kommunekode,
            kommune as municipality_name
        from {{ ref('municipalities') }}
    ),

    {%- if every_value_of %}
        required_values as (
            select {{ every_value_of.column }}
            from {{ ref(every_value_of.seed) }}
        ),
    {%- endif %}

    expected as (
        select
            {%- for column in group_by %}
                groups.{{ column }},
            {%- endfor %}
            {%- if every_value_of %}
                required_values.{{ every_value_of.column }},
            {%- endif %}
            municipalities.kommunekode,
            municipalities.municipality_name
        from groups
        cross join municipalities
        {%- if every_value_of %}
            cross join required_values
        {%- endif %}
    ),

    present as (
        select distinct
            {%- for column in group_by %}
                {{ column }},
            {%- endfor %}
            {%- if every_value_of %}
                {{ every_value_of.column }},
            {%- endif %}
            kommunekode
        from {{ model }}
    )

    select expected.*
    from expected
    left join present
        on
            expected.kommunekode = present.kommunekode
            {%- for column in group_by %}
                and expected.{{ column }} = present.{{ column }}
            {%- endfor %}
            {%- if every_value_of %}
                and expected.{{ every_value_of.column }} = present.{{ every_value_of.column }}
            {%- endif %}
    where present.kommunekode is null
{% endtest %}
