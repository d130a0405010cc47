{{ config(
    materialized='incremental',
    unique_key='month_index',
    partition_by=person_partitions('month_index'),
) }}
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
    where {{ months_from('month_index', rebuild_from) }}
),

benefits as (
    select * from {{ ref('person_benefits') }}
),

carried_rows as (
    -- each person's last benefit-month before the recomputed months (none on a full build):
    -- one aggregate per person, no sort of the 13 months' rows
    select
        previous_rows.person_id,
        max(previous_rows.month_index) as month_index,
        {{ max_by('previous_rows.benefit_code', 'previous_rows.month_index') }} as benefit_code,
        {{ max_by('previous_rows.last_week_day', 'previous_rows.month_index') }} as last_week_day,
        {{ max_by('previous_rows.anciennitet_months', 'previous_rows.month_index') }}
            as anciennitet_months,
        {{ max_by('previous_rows.spell_start_month_index', 'previous_rows.month_index') }}
            as spell_start_month_index
    from {{ rows_before_rebuild(rebuild_from, 13, [
        ('person_id', 'bigint'), ('month_index', 'integer'), ('benefit_code', type_string()),
        ('last_week_day', 'integer'), ('anciennitet_months', 'integer'),
        ('spell_start_month_index', 'integer')]) }} as previous_rows
    group by previous_rows.person_id
),

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
        false as is_carried,
        0 as carried_anciennitet_months,
        month_index as carried_spell_start_month_index
    from benefit_months
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
        true as is_carried,
        anciennitet_months as carried_anciennitet_months,
        spell_start_month_index as carried_spell_start_month_index
    from carried_rows
),

with_previous as (
    select
        months_in_order.*,
        -- the person's months numbered in order: a carried-in row, if any, is number 1
        row_number() over person_months as month_number,
        lag(months_in_order.benefit_code) over person_months as previous_benefit_code,
        lag(months_in_order.month_index) over person_months as previous_month_index,
        lag(months_in_order.last_week_day) over person_months as previous_last_week_day
    from months_in_order
    window person_months as (
        partition by months_in_order.person_id order by months_in_order.month_index
    )
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

spell_starts as (
    -- running over the person's months (one window, one sort): the latest spell start so far,
    -- and what the carried-in row brings (it is month number 1, so every later month sees it)
    select
        flagged.*,
        max(case when flagged.starts_spell = 1 then flagged.month_number end)
            over months_so_far as start_month_number,
        max(case when flagged.starts_spell = 1 then flagged.month_index end)
            over months_so_far as start_month_index,
        max(case when flagged.is_carried then flagged.carried_anciennitet_months end)
            over months_so_far as carried_in_anciennitet_months,
        max(case when flagged.is_carried then flagged.carried_spell_start_month_index end)
            over months_so_far as carried_in_spell_start_month_index
    from flagged
    window months_so_far as (
        partition by flagged.person_id
        order by flagged.month_index
        rows between unbounded preceding and current row
    )
),

counted as (
    -- a spell's anciennitet is its benefit-months so far: the months since its first; a spell
    -- carried in (no start since) goes on from the carried row's count
    select
        spell_starts.*,
        case
            when spell_starts.start_month_number is null
                then
                    spell_starts.carried_in_anciennitet_months + spell_starts.month_number - 1
            else spell_starts.month_number - spell_starts.start_month_number + 1
        end as anciennitet_months,
        coalesce(
            spell_starts.start_month_index, spell_starts.carried_in_spell_start_month_index
        ) as spell_start_month_index
    from spell_starts
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
        {{ person_inputs_watermark(datasets) }} as built_through_load_id
    from counted
    where not is_carried
)

select * from final
