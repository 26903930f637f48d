// name: diversification-in-province
// description: The most (or, with least_first, the least) diversified counties of a province:
//   Shannon entropy -sum s ln s and Herfindahl index sum s^2 of their industry shares s
//   (one year, measure, scheme and industry level), and the effective number of industries 1 / HHI.
// params: province (Region.code), year (int, default inferred), measure (str, default inferred),
//   scheme (Industry.scheme, default inferred), industry_level (Industry.level, default inferred),
//   level (Region.level, default inferred), least_first (bool, default false), limit (int, default 10)
// returns: code, name, entropy, hhi, effective_industries, industries
// requires: (:Region)-[:HAS_INDUSTRY {year: $year, measure: $measure}]->(:Industry {scheme: $scheme}) =>
//   no {measure} values for {year} in industry scheme {scheme}
// requires: (:Region)-[:HAS_INDUSTRY {year: $year, measure: $measure}]->(:Industry {scheme: $scheme, level: $industry_level}) =>
//   no {measure} values for {year} at industry level {industry_level} of scheme {scheme}
// requires: (:Region {level: $level})-[:PART_OF*1..]->(:Region {code: $province}) =>
//   {province} has no regions of level {level} under it
// param province: a province (or any region) code; the regions of `level` under it are ranked
// param year: the year of the values (inferred: the latest year of the regions' values; the
//   bundled data: county employment, census 2010 or 2020; the national series: 1990-2018)
// param measure: what the values count: employment (counties: census long-form sample persons; the
//   nation: 10,000 persons), gross_output or final_use (10,000 CNY); `clusteratlas query sources`
//   lists the units (inferred: the measure of the regions' values)
// param scheme: the industry classification (inferred: the scheme of the regions' values); the
//   bundled data: GB4754 (sections), CSRC (sections), NBS42 (input-output sectors)
// param industry_level: the level of the scheme whose industries are combined (inferred: the finest
//   level of the regions' values); shares and totals never mix two levels of a scheme
// param level: the region level that holds the values (inferred: the deepest level with values; the
//   bundled data: county)
// param least_first: rank the least diversified first
// param limit: at most this many rows (a note says when the limit cut the result)
// column code (str): region code (text: keep the leading zeros)
// column name (str): region name as published
// column entropy (float): Shannon entropy -sum s ln s of the industry shares (nats; higher = more
//   diverse)
// column hhi (float): Herfindahl index sum s^2 (0-1; higher = more concentrated)
// column effective_industries (float): 1 / HHI: the number of equally sized industries with the same
//   concentration
// column industries (int): industries with a value above 0 (count)
MATCH (p:Region {code: $province})
MATCH (r:Region {level: $level})-[:PART_OF*1..]->(p)
MATCH (r)-[h:HAS_INDUSTRY {year: $year, measure: $measure}]->(:Industry {scheme: $scheme, level: $industry_level})
WITH r, collect(h.value) AS values, sum(h.value) AS total
WHERE total > 0
WITH r, [v IN values WHERE v > 0 | v / total] AS shares
WITH r, size(shares) AS industries,
     reduce(e = 0.0, s IN shares | e - s * log(s)) AS entropy,
     reduce(acc = 0.0, s IN shares | acc + s * s) AS hhi
RETURN r.code AS code, r.name AS name, entropy, hhi, 1.0 / hhi AS effective_industries, industries
  ORDER BY CASE WHEN $least_first THEN entropy ELSE -entropy END, code
  LIMIT $limit
