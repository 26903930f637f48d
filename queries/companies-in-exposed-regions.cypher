// name: companies-in-exposed-regions
// description: Companies whose region depends most on one sector: the region's largest industry
//   share (or its share in the given industry) is at least min_share (one year, measure, scheme).
//   The companies of the loaded data only (the bundled China data: Shenzhen Stock Exchange
//   companies only).
// params: industry (Industry.code, default null), min_share (float, default 0.4), year (int, default 2020),
//   measure (str, default employment), scheme (Industry.scheme, default GB4754), limit (int, default 100)
// returns: id, name, region_code, region_name, sector_code, sector_name, sector_share
// requires: (:Region)-[:HAS_INDUSTRY {year: $year, measure: $measure}]->(:Industry {scheme: $scheme}) =>
//   no {measure} values for {year} in industry scheme {scheme}
// param industry: an industry code with its scheme: GB4754:C (a GB/T 4754 section), CSRC:C, NBS42:18
//   (an input-output sector); null: each region's largest industry
// param min_share: the smallest share of the region's total that industry must have (0-1)
// param year: the year of the values (county employment: census 2010 or 2020; the national series:
//   1990-2018)
// param measure: what the values count: employment (counties: census long-form sample persons; the
//   nation: 10,000 persons), gross_output or final_use (10,000 CNY); `clusteratlas query sources`
//   lists the units
// param scheme: the industry classification: GB4754 (sections), CSRC (sections), NBS42 (input-output
//   sectors)
// param limit: at most this many rows (a note says when the limit cut the result)
// column id (str): company id, EXCHANGE:TICKER (SZSE:000001)
// column name (str): company short name as listed
// column region_code (str): region code (text: keep the leading zeros)
// column region_name (str): region name as published
// column sector_code (str): the industry the region depends on, industry code, SCHEME:CODE
// column sector_name (str): industry name as published
// column sector_share (float): that industry's share of the region's total, 0-1
MATCH (r:Region)-[h:HAS_INDUSTRY {year: $year, measure: $measure}]->(i:Industry {scheme: $scheme})
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
