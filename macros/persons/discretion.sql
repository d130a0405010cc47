{#- Jobindsats' discretion rule (Jobcenterindbliksrapporten), the one home of it for figures
    computed from person-level data: a count below var discretion_min_count (3) is suppressed,
    and a total and a part of it (persons in the target group, persons meeting the goal) are
    both suppressed when they differ by 1 or 2, since either would give the other away.
    Suppressed cells are NULL with a flag beside them, never 0. -#}
{% macro hides_total(total, part) -%}
    ({{ total }} < {{ var('discretion_min_count') }}
        or {{ total }} - {{ part }} between 1 and {{ var('discretion_min_count') - 1 }})
{%- endmacro %}

{% macro hides_part(total, part) -%}
    ({{ part }} < {{ var('discretion_min_count') }}
        or {{ total }} - {{ part }} between 1 and {{ var('discretion_min_count') - 1 }})
{%- endmacro %}

{% macro hides_count(count) -%}
    ({{ count }} < {{ var('discretion_min_count') }})
{%- endmacro %}
