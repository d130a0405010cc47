-- Peer groups: "kommuner med tilsvarende rammevilkår" are those with a similar expected share
-- (DOMAIN §2.1, §8.5). Our reproducible stand-in, not STAR's: for every municipality in a list
-- (period × benefit group), the var('peer_group_size') municipalities nearest to it in
-- expected_share_pct, itself included (it is always first). Ties in distance are broken by
-- kommunekode. Each municipality has its own group (nearness is not transitive), so the group id
-- is the list plus the anchor municipality. rank_in_peer_group orders the members by
-- rank_national, as the national list shows them.
with

ranked as (
    select * from {{ ref('int_benchmark__ranked') }}
),

pairs as (
    select
        anchor.kommunekode,
        anchor.period_code,
        anchor.benefit_group,
        anchor.municipality_name as anchor_name,
        anchor.rank_national as anchor_rank_national,
        peer.kommunekode as peer_kommunekode,
        peer.municipality_name as peer_name,
        peer.expected_share_pct as peer_expected_share_pct,
        peer.rank_national as peer_rank_national,
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

grouped as (
    select
        kommunekode,
        period_code,
        benefit_group,
        max(anchor_name) as anchor_name,
        cast(count(*) as integer) as peer_group_size,
        cast(1 + sum(
            case when peer_rank_national < anchor_rank_national then 1 else 0 end
        ) as integer) as rank_in_peer_group,
        min(peer_expected_share_pct) as peer_group_expected_share_min,
        max(peer_expected_share_pct) as peer_group_expected_share_max,
        string_agg(
            peer_name, ', ' order by peer_rank_national, peer_kommunekode
        ) as peer_group_members
    from members
    group by kommunekode, period_code, benefit_group
),

final as (
    select
        kommunekode,
        period_code,
        benefit_group,
        period_code || '-' || benefit_group || '-' || cast(kommunekode as varchar)
            as peer_group_id,
        cast(peer_group_size as varchar)
        || ' municipalities nearest to ' || anchor_name
        || ' in expected share ('
        || cast(peer_group_expected_share_min as varchar) || '–'
        || cast(peer_group_expected_share_max as varchar) || ' %)'
            as peer_group_description,
        peer_group_size,
        rank_in_peer_group,
        peer_group_expected_share_min,
        peer_group_expected_share_max,
        peer_group_members
    from grouped
)

select * from final
