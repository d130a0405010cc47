{#- How far apart independently rounded figures can be from rounding alone.

    A figure rounded to the nearest `unit` is off by at most half a unit, so a comparison of
    `figures` rounded figures (e.g. three parts against their total: four) can be off by
    figures × unit / 2 without anything being wrong. Beyond that, the figures were not rounded
    from consistent values. The comparison is made in half-units (|residual| × 2 against
    figures × unit), exact in decimal arithmetic on every engine. -#}
{% macro beyond_rounding(residual, figures, unit) -%}
    abs({{ residual }}) * 2 > ({{ figures }}) * {{ unit }}
{%- endmacro %}

{% macro rounding_tolerance(figures, unit) -%}
    cast(({{ figures }}) * {{ unit }} as decimal(18, 4)) / 2
{%- endmacro %}
