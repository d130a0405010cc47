-- One row per person × month with at least one week on a benefit: the benefit and municipality
-- of the person's last week in the month (a person who moves or changes benefit mid-month
-- counts where and on what the month ends), the first and last week's Monday as day numbers
-- and the weeks on benefit, which the spell rules of int_persons__anciennitet read. A person
-- has one benefit a week, so the last week lies in exactly one of the month's folded rows.
with

weeks_monthly as (
    select * from {{ ref('int_persons__benefit_weeks_monthly') }}
),

months as (
    select
        -- keys
        person_id,
        month_index,
        -- the month
        month_start,
        {{ max_by('benefit_code', 'last_week_day') }} as benefit_code,
        {{ max_by('kommunekode', 'last_week_day') }} as kommunekode,
        min(first_week_day) as first_week_day,
        max(last_week_day) as last_week_day,
        cast(sum(weeks_on_benefit) as bigint) as weeks_on_benefit
    from weeks_monthly
    group by person_id, month_index, month_start
)

select * from months
