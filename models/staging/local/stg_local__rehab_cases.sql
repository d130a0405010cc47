-- One row per municipality × quarter × load: cases moving between rehabiliteringsteam and
-- pensionsnævn (goal 2.1).
with

source as (
    select * from {{ source('local', 'rehab_cases') }}
),

renamed as (
    select
        load_id,
        source_row_number,
        cast(kommunekode as integer) as kommunekode,
        period_code,
        cast(left(period_code, 4) as integer) as period_year,
        cast(wandering_cases as integer) as wandering_cases,
        cast(team_cases as integer) as team_cases
    from source
)

select * from renamed
