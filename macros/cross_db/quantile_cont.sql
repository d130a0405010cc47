{#- The continuous quantile of an expression within a group (linear interpolation between the
    two nearest values, as numpy's default), as an aggregate. DuckDB has quantile_cont;
    PostgreSQL spells it as an ordered-set aggregate; Spark has percentile. `fraction` must be
    a constant (0.1, 0.5, …). -#}
{% macro quantile_cont(expression, fraction) -%}
    {{ return(adapter.dispatch('quantile_cont', 'jobcenter')(expression, fraction)) }}
{%- endmacro %}

{% macro default__quantile_cont(expression, fraction) -%}
    quantile_cont({{ expression }}, {{ fraction }})
{%- endmacro %}

{% macro postgres__quantile_cont(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}

{% macro spark__quantile_cont(expression, fraction) -%}
    percentile({{ expression }}, {{ fraction }})
{%- endmacro %}
