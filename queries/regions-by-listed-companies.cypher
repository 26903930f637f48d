// name: regions-by-listed-companies
// description: Regions of one level ranked by the number of listed companies registered in them
//   or in their sub-regions; optionally only regions within a given region. Counts the companies
//   of the loaded data only (the bundled China data: Shenzhen Stock Exchange companies only).
// params: level (Region.level, default county), within (Region.code, default null), limit (int, default 20)
// returns: code, name, companies
// requires: (:Company) => no companies in the graph
// param level: a region level: country, province, prefecture or county
// param within: a region code (440305 is 南山区; find codes with `clusteratlas lookup NAME`) (null:
//   everywhere)
// param limit: at most this many rows (a note says when the limit cut the result)
// column code (str): region code (text: keep the leading zeros)
// column name (str): region name as published
// column companies (int): listed companies registered in it or its sub-regions (count)
MATCH (c:Company)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(r:Region {level: $level})
WHERE $within IS NULL OR EXISTS { (r)-[:PART_OF*0..]->(:Region {code: $within}) }
RETURN r.code AS code, r.name AS name, count(DISTINCT c) AS companies
  ORDER BY companies DESC, code
  LIMIT $limit
