// name: similar-regions
// description: Regions of the same level whose industrial specialisation is most like a given
//   region's (one year, measure, industry scheme and industry level). lq_cosine is the cosine similarity of the
//   two regions' location-quotient vectors, LQ_ri = s_ri / S_i with S_i the industry's share over
//   all regions of the level: 1 when they are over- and under-represented in the same industries
//   in the same proportions, whatever the size of the industries nationally. krugman is Krugman's
//   (1991) dissimilarity index sum_i |s_ri - s_ti| of their industry shares: 0 for the same mix,
//   2 for no industry in common. Ranked by lq_cosine (highest first) or, with by=krugman, by
//   krugman (lowest first). Raw-share cosine is not offered: with one dominant sector (industry
//   in most manufacturing counties) it is near 1 for very different specialisations. In a sample
//   count (HAS_INDUSTRY.sample: the census long-form sample) a cell whose observed and expected
//   counts (region total x S_i) are both below min_count sampled units enters the LQ vector as 1,
//   no evidence either way: an LQ of 81 from 3 sampled workers in a section of 560 nationally
//   would otherwise make any two regions with a few such workers look alike. In full counts
//   (any other measure) an industry whose share S_i of all regions' total is below min_share
//   enters every LQ vector as 1: its LQ, s_ri / S_i, grows as 1 / S_i, so with hundreds of
//   detailed industries one tiny industry (LQ 50 from 0.1% of a region in an industry of 0.002%
//   nationally) outweighs every large one and makes any two regions that have it look alike.
// params: region (Region.code), year (int, default inferred), measure (str, default inferred),
//   scheme (Industry.scheme, default inferred), industry_level (Industry.level, default inferred), by (str, default lq_cosine, one of lq_cosine|krugman),
//   limit (int, default 10), min_count (int, default 30), min_share (float, default 0.001)
// returns: code, name, lq_cosine, krugman
// requires: (:Region)-[:HAS_INDUSTRY {year: $year, measure: $measure}]->(:Industry {scheme: $scheme}) =>
//   no {measure} values for {year} in industry scheme {scheme}
// requires: (:Region)-[:HAS_INDUSTRY {year: $year, measure: $measure}]->(:Industry {scheme: $scheme, level: $industry_level}) =>
//   no {measure} values for {year} at industry level {industry_level} of scheme {scheme}
// requires: (:Region {code: $region})-[:HAS_INDUSTRY {year: $year, measure: $measure}]->(:Industry {scheme: $scheme, level: $industry_level}) =>
//   {region} has no {measure} values for {year} in industry scheme {scheme} ({industry_level})
// param region: a region code (440305 is 南山区; find codes with `clusteratlas lookup NAME`)
// param year: the year of the values (inferred: the latest year of the regions' values; the
//   bundled data: county employment, census 2010 or 2020; the national series: 1990-2018)
// param measure: what the values count: employment (counties: census long-form sample persons; the
//   nation: 10,000 persons), gross_output or final_use (10,000 CNY); `clusteratlas query sources`
//   lists the units (inferred: the measure of the regions' values)
// param scheme: the industry classification (inferred: the scheme of the regions' values); the
//   bundled data: GB4754 (sections), CSRC (sections), NBS42 (input-output sectors)
// param industry_level: the level of the scheme whose industries are combined (inferred: the finest
//   level of the regions' values); shares and totals never mix two levels of a scheme
// param by: rank by lq_cosine (most similar first) or krugman (least dissimilar first)
// param min_count: fewest sampled units (observed or expected) for a cell's LQ of a sample count to
//   count in lq_cosine (30: a count of 30 has a relative sampling error of about 18%)
// param min_share: smallest share of all regions' total (0-1) for an industry's LQ of a full count
//   to count in lq_cosine (0.001 = 0.1%; 0 keeps every industry)
// param limit: at most this many rows (a note says when the limit cut the result)
// column code (str): region code (text: keep the leading zeros)
// column name (str): region name as published
// column lq_cosine (float): cosine of the two regions' location-quotient vectors (-1 to 1; 1 = the
//   same specialisation)
// column krugman (float): Krugman dissimilarity sum_i |s_ri - s_ti| of the industry shares (0 = the
//   same mix, 2 = nothing in common)
MATCH (t:Region {code: $region})
CALL (t) {
  MATCH (:Region {level: t.level})-[h:HAS_INDUSTRY {year: $year, measure: $measure}]->(i:Industry {scheme: $scheme, level: $industry_level})
  WITH i, sum(h.value) AS industry_total
  WITH collect({industry: i, total: industry_total}) AS rows, sum(industry_total) AS grand_total
  UNWIND rows AS row
  WITH row, grand_total
  WHERE row.total > 0
  RETURN collect({industry: row.industry, reference: row.total / grand_total}) AS refs
}
CALL (t, refs) {
  MATCH (t)-[h:HAS_INDUSTRY {year: $year, measure: $measure}]->(i:Industry {scheme: $scheme, level: $industry_level})
  WITH refs, sum(h.value) AS total, collect({industry: i, value: h.value}) AS cells,
       max(CASE WHEN coalesce(h.sample, false) THEN 1 ELSE 0 END) = 1 AS sampled
  WHERE total > 0
  WITH refs, total, sampled, [ref IN refs |
         reduce(v = 0.0, c IN cells | CASE WHEN c.industry = ref.industry THEN v + c.value ELSE v END)
       ] AS values
  WITH refs, total, sampled, values, [v IN values | v / total] AS shares
  RETURN shares AS t_shares, [k IN range(0, size(refs) - 1) |
           CASE WHEN sampled AND values[k] < $min_count
                     AND refs[k].reference * total < $min_count THEN 1.0
                WHEN NOT sampled AND refs[k].reference < $min_share THEN 1.0
                ELSE shares[k] / refs[k].reference END] AS t_lq
}
MATCH (r:Region {level: t.level})-[h:HAS_INDUSTRY {year: $year, measure: $measure}]->(i:Industry {scheme: $scheme, level: $industry_level})
WHERE r <> t
WITH refs, t_shares, t_lq, r, sum(h.value) AS total, collect({industry: i, value: h.value}) AS cells,
     max(CASE WHEN coalesce(h.sample, false) THEN 1 ELSE 0 END) = 1 AS sampled
WHERE total > 0
WITH refs, t_shares, t_lq, r, total, sampled, [ref IN refs |
       reduce(v = 0.0, c IN cells | CASE WHEN c.industry = ref.industry THEN v + c.value ELSE v END)
     ] AS values
WITH refs, t_shares, t_lq, r, total, sampled, values, [v IN values | v / total] AS shares
WITH t_shares, t_lq, r, shares, [k IN range(0, size(refs) - 1) |
       CASE WHEN sampled AND values[k] < $min_count
                 AND refs[k].reference * total < $min_count THEN 1.0
            WHEN NOT sampled AND refs[k].reference < $min_share THEN 1.0
            ELSE shares[k] / refs[k].reference END] AS lq
WITH r,
     reduce(d = 0.0, k IN range(0, size(lq) - 1) | d + lq[k] * t_lq[k])
       / sqrt(reduce(a = 0.0, v IN lq | a + v * v))
       / sqrt(reduce(a = 0.0, v IN t_lq | a + v * v)) AS lq_cosine,
     reduce(a = 0.0, k IN range(0, size(shares) - 1) | a + abs(shares[k] - t_shares[k])) AS krugman
RETURN r.code AS code, r.name AS name, lq_cosine, krugman
  ORDER BY CASE WHEN $by = 'krugman' THEN krugman ELSE -lq_cosine END, code
  LIMIT $limit
