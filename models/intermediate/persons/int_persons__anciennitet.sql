{{ config(**person_incremental_config()) }}
{%- set datasets = ['benefit_weeks'] -%}
{%- set rebuild_from = person_rebuild_from_month(datasets) -%}
-- One row per person × month on a benefit: the spell the month belongs to and its
-- ydelsesanciennitet, the benefit-months of the spell up to and including the month (STAR's
-- counting rules, seeds/person_benefits.csv):
-- - a change of benefit starts a new spell, except from the benefit a benefit continues_from;
-- - calendar_month: a full calendar month without the benefit breaks the spell;
-- - continuous_weeks (sygedagpenge): a week without it breaks the spell;
-- - cumulative (a-dagpenge, sammenlagt ledighed): months add up across gaps, and 12 full
--   months without end the spell.
-- Incremental: a build after new files recomputes from the earliest new month on, carrying
-- each person's spell in from the table's rows of the 13 months before (a longer gap breaks
-- every spell, so older rows cannot matter).
with

benefit_months as (
    select * from {{ ref('int_persons__benefit_months') }}
    {%- if rebuild_from is not none %}
    where month_index >= {{ rebuild_from }}
    {%- endif %}
),

benefits as (
    select * from {{ ref('person_benefits') }}
),

{%- if rebuild_from is not none %}

carried_rows as (
    -- each person's last benefit-month before the recomputed months
    select
        person_id,
        month_index,
        benefit_code,
        last_week_day,
        anciennitet_months,
        spell_start_month_index,
        row_number() over (partition by person_id order by month_index desc) as recency
    from {{ this }}
    where month_index >= {{ rebuild_from - 13 }} and month_index < {{ rebuild_from }}
),
{%- endif %}

months_in_order as (
    select
        person_id,
        month_index,
        month_start,
        benefit_code,
        kommunekode,
        first_week_day,
        last_week_day,
        weeks_on_benefit,
        load_id,
        false as is_carried,
        0 as carried_anciennitet_months,
        month_index as carried_spell_start_month_index
    from benefit_months
    {%- if rebuild_from is not none %}
    union all
    select
        person_id,
        month_index,
        cast(null as date) as month_start,
        benefit_code,
        cast(null as integer) as kommunekode,
        cast(null as integer) as first_week_day,
        last_week_day,
        cast(null as bigint) as weeks_on_benefit,
        cast(null as {{ dbt.type_string() }}) as load_id,
        true as is_carried,
        anciennitet_months as carried_anciennitet_months,
        spell_start_month_index as carried_spell_start_month_index
    from carried_rows
    where recency = 1
    {%- endif %}
),

with_previous as (
    select
        months_in_order.*,
        lag(months_in_order.benefit_code) over (
            partition by months_in_order.person_id order by months_in_order.month_index
        ) as previous_benefit_code,
        lag(months_in_order.month_index) over (
            partition by months_in_order.person_id order by months_in_order.month_index
        ) as previous_month_index,
        lag(months_in_order.last_week_day) over (
            partition by months_in_order.person_id order by months_in_order.month_index
        ) as previous_last_week_day
    from months_in_order
),

flagged as (
    select
        with_previous.*,
        case
            when with_previous.is_carried then 0
            when with_previous.previous_month_index is null then 1
            when
                with_previous.benefit_code != with_previous.previous_benefit_code
                and coalesce(benefits.continues_from, '') != with_previous.previous_benefit_code
                then 1
            when
                benefits.spell_rule = 'calendar_month'
                and with_previous.month_index - with_previous.previous_month_index > 1
                then 1
            when
                benefits.spell_rule = 'continuous_weeks'
                and (
                    with_previous.month_index - with_previous.previous_month_index > 1
                    or with_previous.first_week_day - with_previous.previous_last_week_day > 7
                    or with_previous.weeks_on_benefit
                    < (with_previous.last_week_day - with_previous.first_week_day) / 7 + 1
                )
                then 1
            when
                benefits.spell_rule = 'cumulative'
                and with_previous.month_index - with_previous.previous_month_index - 1 >= 12
                then 1
            else 0
        end as starts_spell
    from with_previous
    left join benefits
        on with_previous.benefit_code = benefits.benefit_code
),

numbered as (
    select
        flagged.*,
        sum(flagged.starts_spell) over (
            partition by flagged.person_id
            order by flagged.month_index
            rows between unbounded preceding and current row
        ) as spell_number
    from flagged
),

counted as (
    select
        numbered.*,
        sum(case when numbered.is_carried then numbered.carried_anciennitet_months else 1 end)
            over (
                partition by numbered.person_id, numbered.spell_number
                order by numbered.month_index
                rows between unbounded preceding and current row
            )
            as anciennitet_months,
        min(numbered.carried_spell_start_month_index) over (
            partition by numbered.person_id, numbered.spell_number
        ) as spell_start_month_index
    from numbered
),

final as (
    select
        -- keys
        person_id,
        month_index,
        -- the month
        month_start,
        kommunekode,
        benefit_code,
        first_week_day,
        last_week_day,
        weeks_on_benefit,
        -- the spell
        spell_start_month_index,
        cast(starts_spell = 1 as boolean) as starts_spell,
        cast(anciennitet_months as integer) as anciennitet_months,
        -- lineage
        load_id,
        {{ person_inputs_watermark(datasets) }} as built_through_load_id
    from counted
    where not is_carried
)

select * from final
