// name: regions-specialised-in
// description: Regions of one level whose location quotient in an industry is at least min_lq
//   (LQ = s_ri / S_i over all regions of that level, one year and measure), most specialised first.
// params: industry (Industry.code), level (Region.level, default county), year (int, default 2020),
//   measure (str, default employment), min_lq (float, default 1.25), min_value (float, default 0),
//   limit (int, default 20)
// returns: code, name, value, share, lq
// requires: (:Region {level: $level})-[:HAS_INDUSTRY {year: $year, measure: $measure}]->() =>
//   no region of level {level} has {measure} values for {year}
// requires: (:Region {level: $level})-[:HAS_INDUSTRY {year: $year, measure: $measure}]->(i:Industry),
//   (t:Industry {code: $industry}) WHERE i.scheme = t.scheme =>
//   no {measure} values for {year} in the industry scheme of {industry}
MATCH (target:Industry {code: $industry})
MATCH (r:Region {level: $level})-[h:HAS_INDUSTRY {year: $year, measure: $measure}]->(i:Industry {scheme: target.scheme})
WITH target, r, sum(h.value) AS region_total,
     sum(CASE WHEN i = target THEN h.value ELSE 0.0 END) AS value
WITH collect({region: r, total: region_total, value: value}) AS rows,
     sum(region_total) AS grand_total, sum(value) AS industry_total
WHERE industry_total > 0
UNWIND rows AS row
WITH row, industry_total / grand_total AS reference_share
WHERE row.total > 0 AND row.value >= $min_value
WITH row.region AS r, row.value AS value, row.value / row.total AS share, reference_share
WITH r, value, share, share / reference_share AS lq
WHERE lq >= $min_lq
RETURN r.code AS code, r.name AS name, value, share, lq
  ORDER BY lq DESC, code
  LIMIT $limit
