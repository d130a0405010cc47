{#
    A planner hint for PostgreSQL, as a pre-hook of a model whose row counts it cannot estimate
    (filters on a CTE read several times, which PostgreSQL materialises without statistics): it
    then picks nested loops over tens of thousands of rows (fct_benchmark_what_if: 290 s with them,
    2.3 s without, on the demo). `set local` lasts for the model's own transaction only. Other
    engines need no hint: nothing is run.
#}
{% macro prefer_hash_joins() %}
    {{ return(adapter.dispatch('prefer_hash_joins', 'jobcenter')()) }}
{% endmacro %}

{% macro default__prefer_hash_joins() %}{% endmacro %}

{% macro postgres__prefer_hash_joins() %}set local enable_nestloop = off{% endmacro %}
