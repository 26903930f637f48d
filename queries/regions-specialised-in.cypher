// name: regions-specialised-in
// description: Regions of one level whose location quotient in an industry is at least min_lq
//   (LQ = s_ri / S_i over all regions of that level, one year and measure, the industries of the
//   industry's scheme and level), most specialised first.
//   Roll-up: only regions of from_level hold values (the bundled data: counties), so the value of
//   a region of another level is the sum over its from_level descendants (a prefecture's
//   employment is that of its counties). A from_level region with no ancestor of that level
//   rolls up into an equivalent, said in region_level: the four municipalities (Beijing,
//   Shanghai, Tianjin, Chongqing: provinces without prefectures) stand as prefectures, and a
//   county directly under a province that has prefectures (济源市, 仙桃市, 石河子市) stands as one
//   itself. level = from_level uses the regions' own values. A value counted by
//   a sample (HAS_INDUSTRY.sample: the census long-form sample) below min_count sampled units is
//   flagged small_sample and ranked after the others.
// params: industry (Industry.code), level (Region.level, default inferred), year (int, default inferred),
//   measure (str, default inferred), min_lq (float, default 1.25), min_value (float, default 0),
//   limit (int, default 20), from_level (Region.level, default inferred), min_count (int, default 30)
// returns: code, name, value, share, lq, small_sample, region_level
// requires: (:Region {level: $from_level})-[:HAS_INDUSTRY {year: $year, measure: $measure}]->() =>
//   no region of level {from_level} has {measure} values for {year}
// requires: (:Region {level: $from_level})-[:HAS_INDUSTRY {year: $year, measure: $measure}]->(i:Industry),
//   (t:Industry {code: $industry}) WHERE i.scheme = t.scheme =>
//   no {measure} values for {year} in the industry scheme of {industry}
// requires: (:Region {level: $from_level})-[:PART_OF*0..]->(:Region {level: $level}) =>
//   no region of level {from_level} lies in a region of level {level}
// param industry: an industry code with its scheme: GB4754:C (a GB/T 4754 section), CSRC:C, NBS42:18
//   (an input-output sector)
// param level: a region level (the bundled data: country, province, prefecture or county); regions
//   above from_level get the sum of their from_level regions (inferred: from_level)
// param year: the year of the values (inferred: the latest year of the regions' values; the
//   bundled data: county employment, census 2010 or 2020; the national series: 1990-2018)
// param measure: what the values count: employment (counties: census long-form sample persons; the
//   nation: 10,000 persons), gross_output or final_use (10,000 CNY); `clusteratlas query sources`
//   lists the units (inferred: the measure of the regions' values)
// param min_lq: the smallest location quotient kept (ratio)
// param min_value: the smallest value kept, in the measure's unit
// param min_count: fewest sampled units for an LQ of a sample count to rank (30: a count of 30 has
//   a relative sampling error of about 18%, of 3 about 58%); full counts are never flagged
// param limit: at most this many rows (a note says when the limit cut the result)
// param from_level: the level that holds the values (inferred: the deepest level with values; the
//   bundled data: county)
// column code (str): region code (text: keep the leading zeros)
// column name (str): region name as published
// column value (float): the summed values, in the measure's unit (`clusteratlas query sources`:
//   census employment is a sample count of persons)
// column share (float): s_ri, the industry's share of the region's total, 0-1
// column lq (float): location quotient s_ri / S_i: the share in the region over the share in all
//   regions of its level (ratio; 1 = the same)
// column small_sample (bool): the value is a sample count below min_count (ranked last: its LQ
//   is not reliable)
// column region_level (str): the region's own level; another than `level` when it stands in as an
//   equivalent of that level (a municipality as a prefecture: province; a county directly under
//   its province: county)
MATCH (target:Industry {code: $industry})
MATCH (c:Region {level: $from_level})-[h:HAS_INDUSTRY {year: $year, measure: $measure}]->(i:Industry {scheme: target.scheme, level: target.level})
CALL (c) {
  OPTIONAL MATCH (c)-[:PART_OF*0..]->(own:Region {level: $level})
  OPTIONAL MATCH (c)-[:PART_OF]->(parent:Region)
  RETURN CASE
    WHEN own IS NOT NULL THEN own
    WHEN parent IS NULL OR $level = $from_level
      OR EXISTS { (c)<-[:PART_OF*1..]-(:Region {level: $level}) }
      OR NOT EXISTS { (c)-[:PART_OF*1..]->(:Region)<-[:PART_OF*1..]-(:Region {level: $level}) }
      THEN null
    WHEN EXISTS { (parent)<-[:PART_OF*1..]-(:Region {level: $level}) } THEN c
    ELSE parent
  END AS r
}
WITH target, c, h, i, r WHERE r IS NOT NULL
WITH target, r, sum(h.value) AS region_total,
     sum(CASE WHEN i = target THEN h.value ELSE 0.0 END) AS value,
     max(CASE WHEN i = target AND coalesce(h.sample, false) THEN 1 ELSE 0 END) = 1 AS sampled
WITH collect({region: r, total: region_total, value: value, sampled: sampled}) AS rows,
     sum(region_total) AS grand_total, sum(value) AS industry_total
WHERE industry_total > 0
UNWIND rows AS row
WITH row, industry_total / grand_total AS reference_share
WHERE row.total > 0 AND row.value >= $min_value
WITH row.region AS r, row.value AS value, row.value / row.total AS share, reference_share,
     row.sampled AND row.value < $min_count AS small
WITH r, value, share, share / reference_share AS lq, small
WHERE lq >= $min_lq
RETURN r.code AS code, r.name AS name, value, share, lq, small AS small_sample,
       r.level AS region_level
  ORDER BY small, lq DESC, code
  LIMIT $limit
