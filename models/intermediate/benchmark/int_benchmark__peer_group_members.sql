-- A table, not a view: several models and tests read it, and a view would be computed again
-- for each of them.
{{ config(materialized='table') }}

-- The members of every peer group (our reproducible stand-in for "kommuner med tilsvarende
-- rammevilkår", not STAR's), one row per anchor × member: the var('peer_group_size')
-- municipalities nearest to the anchor in expected_share_pct, itself included, ties in distance
-- broken by kommunekode: the one home of the nearness rule. fct_benchmark aggregates the groups
-- (size, place in the group, members' names); the what-if names "the member in the middle
-- place". member_position orders the members by rank_national, as the national list shows them.
with

ranked as (
    select * from {{ ref('int_benchmark__ranked') }}
),

pairs as (
    select
        anchor.kommunekode,
        anchor.period_code,
        anchor.benefit_group,
        peer.kommunekode as member_kommunekode,
        peer.rank_national as member_rank_national,
        row_number() over (
            partition by anchor.period_code, anchor.benefit_group, anchor.kommunekode
            order by
                case when peer.kommunekode = anchor.kommunekode then 0 else 1 end,
                abs(peer.expected_share_pct - anchor.expected_share_pct),
                peer.kommunekode
        ) as nearness
    from ranked as anchor
    inner join ranked as peer
        on
            anchor.period_code = peer.period_code
            and anchor.benefit_group = peer.benefit_group
),

members as (
    select *
    from pairs
    where nearness <= {{ var('peer_group_size') }}
),

final as (
    select
        kommunekode,
        period_code,
        benefit_group,
        member_kommunekode,
        cast(nearness as integer) as nearness,
        member_rank_national,
        cast(row_number() over (
            partition by period_code, benefit_group, kommunekode
            order by member_rank_national, member_kommunekode
        ) as integer) as member_position,
        cast(count(*) over (
            partition by period_code, benefit_group, kommunekode
        ) as integer) as peer_group_size
    from members
)

select * from final
