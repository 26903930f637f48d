// name: companies-in-industry
// description: Companies in an industry or any industry under it in the hierarchy (so a GB/T 4754
//   section also finds companies classified in the CSRC section mapped to it), with their region;
//   optionally only primary classifications (a company's only classification in a scheme counts as
//   its primary one there: the bundled data's Shenwan 2021 industries, secondary to the CSRC
//   section) and only within a region. Listed companies of the loaded data only (the bundled
//   China data: Shenzhen Stock Exchange companies only).
// params: industry (Industry.code), primary_only (bool, default true), region (Region.code, default null),
//   limit (int, default 1000)
// returns: id, name, industry_code, share, primary, region_code, region_name
// requires: (:Company)-[:IN_INDUSTRY]->(:Industry)-[:SUBDIVISION_OF*0..]->(:Industry {code: $industry}) =>
//   no company is classified in {industry} or an industry under it
// param industry: an industry code with its scheme: GB4754:C (a GB/T 4754 section), CSRC:C, NBS42:18
//   (an input-output sector); industries under it count too
// param primary_only: only the companies' primary industry
// param region: a region code (440305 is 南山区; find codes with `clusteratlas lookup NAME`) (null:
//   everywhere)
// param limit: at most this many rows (a note says when the limit cut the result)
// column id (str): company id, EXCHANGE:TICKER (SZSE:000001)
// column name (str): company short name as listed
// column industry_code (str): the company's own industry, industry code, SCHEME:CODE
// column share (float): share of the company in that industry, 0-1
// column primary (bool): whether it is the company's primary industry
// column region_code (str): where the company is registered, region code (text: keep the leading
//   zeros)
// column region_name (str): region name as published
MATCH (target:Industry {code: $industry})
MATCH (c:Company)-[ci:IN_INDUSTRY]->(i:Industry)-[:SUBDIVISION_OF*0..]->(target)
WHERE NOT $primary_only OR ci.primary
   OR NOT EXISTS { (c)-[:IN_INDUSTRY {primary: true}]->(:Industry {scheme: i.scheme}) }
OPTIONAL MATCH (c)-[:LOCATED_IN]->(r:Region)
WITH c, ci, i, r
WHERE $region IS NULL OR EXISTS { (r)-[:PART_OF*0..]->(:Region {code: $region}) }
RETURN c.id AS id, c.name AS name, i.code AS industry_code, ci.share AS share,
       ci.primary AS primary, r.code AS region_code, r.name AS region_name
  ORDER BY id, industry_code
  LIMIT $limit
