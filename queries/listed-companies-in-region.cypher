// name: listed-companies-in-region
// description: Listed companies registered in a region or any of its sub-regions
//   (a province, a prefecture or a county), with their primary industry. The companies of the
//   loaded data only (the bundled China data: Shenzhen Stock Exchange companies only).
// params: region (Region.code), limit (int, default 1000)
// returns: id, name, exchange, ticker, region_code, region_name, industry_code, industry_name
// requires: (:Company)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(:Region {code: $region}) =>
//   no listed company is registered in {region} or a region under it
// param region: a region code (440305 is 南山区; find codes with `clusteratlas lookup NAME`); companies
//   of its sub-regions count too
// param limit: at most this many rows (a note says when the limit cut the result)
// column id (str): company id, EXCHANGE:TICKER (SZSE:000001)
// column name (str): company short name as listed
// column exchange (str): the exchange (SZSE)
// column ticker (str): listing code as text (000001)
// column region_code (str): where it is registered, region code (text: keep the leading zeros)
// column region_name (str): region name as published
// column industry_code (str): its primary industry, industry code, SCHEME:CODE
// column industry_name (str): industry name as published
MATCH (root:Region {code: $region})
MATCH (c:Company)-[:LOCATED_IN]->(r:Region)-[:PART_OF*0..]->(root)
OPTIONAL MATCH (c)-[ci:IN_INDUSTRY]->(i:Industry)
WITH c, r, i
  ORDER BY coalesce(ci.primary, false) DESC, coalesce(ci.share, 0.0) DESC, i.code
WITH c, r, collect(i)[0] AS industry
RETURN c.id AS id, c.name AS name, c.exchange AS exchange, c.ticker AS ticker,
       r.code AS region_code, r.name AS region_name,
       industry.code AS industry_code, industry.name AS industry_name
  ORDER BY id
  LIMIT $limit
