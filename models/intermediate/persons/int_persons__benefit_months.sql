-- One row per person × month with at least one week on a benefit: the benefit and municipality
-- of the person's last week in the month (a person who moves or changes benefit mid-month
-- counts where and on what the month ends), the first and last week's Monday as day numbers
-- and the weeks on benefit, which the spell rules of int_persons__anciennitet read.
with

weeks as (
    select * from {{ ref('stg_persons__benefit_weeks') }}
),

months as (
    select
        -- keys
        person_id,
        month_index,
        -- the month
        month_start,
        {{ max_by('benefit_code', 'week_start_day') }} as benefit_code,
        {{ max_by('kommunekode', 'week_start_day') }} as kommunekode,
        min(week_start_day) as first_week_day,
        max(week_start_day) as last_week_day,
        count(*) as weeks_on_benefit,
        -- lineage
        max(load_id) as load_id
    from weeks
    group by person_id, month_index, month_start
)

select * from months
