// name: companies-in-exposed-regions
// description: Companies whose region depends most on one sector: the region's largest industry
//   share (or its share in the given industry) is at least min_share (one year, measure, scheme and industry level).
//   The companies of the loaded data only (the bundled China data: Shenzhen Stock Exchange
//   companies only).
// params: industry (Industry.code, default null), min_share (float, default 0.4), year (int, default inferred),
//   measure (str, default inferred), scheme (Industry.scheme, default inferred),
//   industry_level (Industry.level, default inferred), limit (int, default 100)
// returns: id, name, region_code, region_name, sector_code, sector_name, sector_share
// requires: (:Region)-[:HAS_INDUSTRY {year: $year, measure: $measure}]->(:Industry {scheme: $scheme}) =>
//   no {measure} values for {year} in industry scheme {scheme}
// requires: (:Region)-[:HAS_INDUSTRY {year: $year, measure: $measure}]->(:Industry {scheme: $scheme, level: $industry_level}) =>
//   no {measure} values for {year} at industry level {industry_level} of scheme {scheme}
// param industry: an industry code with its scheme: GB4754:C (a GB/T 4754 section), CSRC:C, NBS42:18
//   (an input-output sector); null: each region's largest industry
// param min_share: the smallest share of the region's total that industry must have (0-1)
// param year: the year of the values (inferred: the latest year of the regions' values; the
//   bundled data: county employment, census 2010 or 2020; the national series: 1990-2018)
// param measure: what the values count: employment (counties: census long-form sample persons; the
//   nation: 10,000 persons), gross_output or final_use (10,000 CNY); `clusteratlas query sources`
//   lists the units (inferred: the measure of the regions' values)
// param scheme: the industry classification (inferred: the scheme of the regions' values); the
//   bundled data: GB4754 (sections), CSRC (sections), NBS42 (input-output sectors)
// param industry_level: the level of the scheme whose industries are combined (inferred: the finest
//   level of the regions' values); shares and totals never mix two levels of a scheme
// param limit: at most this many rows (a note says when the limit cut the result)
// column id (str): company id, EXCHANGE:TICKER (SZSE:000001)
// column name (str): company short name as listed
// column region_code (str): region code (text: keep the leading zeros)
// column region_name (str): region name as published
// column sector_code (str): the industry the region depends on, industry code, SCHEME:CODE
// column sector_name (str): industry name as published
// column sector_share (float): that industry's share of the region's total, 0-1
MATCH (r:Region)-[h:HAS_INDUSTRY {year: $year, measure: $measure}]->(i:Industry {scheme: $scheme, level: $industry_level})
WHERE EXISTS { (r)<-[:LOCATED_IN]-(:Company) }
WITH r, collect({industry: i, value: h.value}) AS mix, sum(h.value) AS total
WHERE total > 0
UNWIND mix AS m
WITH r, m.industry AS i, m.value / total AS share
WHERE $industry IS NULL OR i.code = $industry
  ORDER BY share DESC, i.code
WITH r, collect({industry: i, share: share})[0] AS top
WHERE top.share >= $min_share
MATCH (c:Company)-[:LOCATED_IN]->(r)
RETURN c.id AS id, c.name AS name, r.code AS region_code, r.name AS region_name,
       top.industry.code AS sector_code, top.industry.name AS sector_name, top.share AS sector_share
  ORDER BY sector_share DESC, id
  LIMIT $limit
