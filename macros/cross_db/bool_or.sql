{#- True when `expression` is true on any row of the group, as an aggregate (NULL rows are
    ignored; false for a group of only false). DuckDB and PostgreSQL: bool_or; Spark: bool_or
    too (an alias of `some`), kept here so a model need not know. -#}
{% macro bool_or(expression) -%}
    {{ return(adapter.dispatch('bool_or', 'jobcenter')(expression)) }}
{%- endmacro %}

{% macro default__bool_or(expression) -%}
    bool_or({{ expression }})
{%- endmacro %}

{% macro spark__bool_or(expression) -%}
    bool_or({{ expression }})
{%- endmacro %}
