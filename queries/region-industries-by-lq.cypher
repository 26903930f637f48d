// name: region-industries-by-lq
// description: A region's industries ranked by location quotient LQ = s_ri / S_i, where s_ri is
//   the industry's share of the region's total and S_i its share over all regions of the same
//   level (one year, measure, industry scheme and industry level). An industry counted by a sample
//   (HAS_INDUSTRY.sample: the census long-form sample) with fewer than min_count sampled units in
//   the region is flagged small_sample and ranked after the others: an LQ of 81 from 3 sampled
//   workers is noise, not a specialisation.
// params: region (Region.code), year (int, default inferred), measure (str, default inferred),
//   scheme (Industry.scheme, default inferred), industry_level (Industry.level, default inferred),
//   min_count (int, default 30), limit (int, default 25)
// returns: industry_code, industry_name, value, share, reference_share, lq, small_sample
// requires: (:Region)-[:HAS_INDUSTRY {year: $year, measure: $measure}]->(:Industry {scheme: $scheme}) =>
//   no {measure} values for {year} in industry scheme {scheme}
// requires: (:Region)-[:HAS_INDUSTRY {year: $year, measure: $measure}]->(:Industry {scheme: $scheme, level: $industry_level}) =>
//   no {measure} values for {year} at industry level {industry_level} of scheme {scheme}
// requires: (:Region {code: $region})-[:HAS_INDUSTRY {year: $year, measure: $measure}]->(:Industry {scheme: $scheme, level: $industry_level}) =>
//   {region} has no {measure} values for {year} in scheme {scheme} ({industry_level})
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
// param min_count: fewest sampled units for an LQ of a sample count to rank (30: a count of 30 has
//   a relative sampling error of about 18%, of 3 about 58%); full counts are never flagged
// param limit: at most this many rows (a note says when the limit cut the result)
// column industry_code (str): industry code, SCHEME:CODE
// column industry_name (str): industry name as published
// column value (float): the summed values, in the measure's unit (`clusteratlas query sources`:
//   census employment is a sample count of persons)
// column share (float): s_ri, the industry's share of the region's total, 0-1
// column reference_share (float): S_i, the industry's share over all regions of the same level, 0-1
// column lq (float): location quotient s_ri / S_i: the share in the region over the share in all
//   regions of its level (ratio; 1 = the same)
// column small_sample (bool): the value is a sample count below min_count (ranked last: its LQ
//   is not reliable)
MATCH (target:Region {code: $region})
// the region first, once: a subquery per region keeps the planner from looking the region up
// again for every value of its level (a plan it chose on stale statistics: 60 s, not 0.2 s)
CALL (target) {
  MATCH (r:Region {level: target.level})-[h:HAS_INDUSTRY {year: $year, measure: $measure}]->(i:Industry {scheme: $scheme, level: $industry_level})
  RETURN i, sum(h.value) AS industry_total, sum(CASE WHEN r = target THEN h.value ELSE 0.0 END) AS value,
         max(CASE WHEN r = target AND coalesce(h.sample, false) THEN 1 ELSE 0 END) = 1 AS sampled
}
WITH collect({industry: i, total: industry_total, value: value, sampled: sampled}) AS rows,
     sum(industry_total) AS grand_total, sum(value) AS region_total
WHERE region_total > 0
UNWIND rows AS row
WITH row, region_total, grand_total
WHERE row.total > 0
WITH row.industry AS i, row.value AS value, row.value / region_total AS share,
     row.total / grand_total AS reference_share, row.sampled AND row.value < $min_count AS small
RETURN i.code AS industry_code, i.name AS industry_name, value, share, reference_share,
       share / reference_share AS lq, small AS small_sample
  ORDER BY small, lq DESC, industry_code
  LIMIT $limit
