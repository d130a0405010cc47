{#- "The newest load wins", the one rule for picking a version of a figure.

    A window expression: the rank of a row's load among the loads that hold the same key
    (`partition_by`), 1 = the load received last; load_id breaks a tie in received_at (two
    files landed in the same instant). `priority` (optional) is an ordering that comes first,
    e.g. a dedicated source before a generic template. dense_rank, so that every row of the
    winning load ranks 1 when a load holds several rows of one key (a goal catalogue).

    Use: `{{ load_recency(['period_code']) }} = 1 as is_current_version`, or filter on it in
    the next CTE. Portable (no QUALIFY): DuckDB, PostgreSQL and Spark. -#}
{% macro load_recency(partition_by, priority=none, received_at='received_at', load_id='load_id') -%}
    dense_rank() over (
        partition by {{ partition_by | join(', ') }}
        order by
            {%- if priority %} {{ priority }},{% endif %} {{ received_at }} desc, {{ load_id }} desc
    )
{%- endmacro %}
