// name: regions-by-listed-companies
// description: Regions of one level ranked by the number of listed companies registered in them
//   or in their sub-regions; optionally only regions within a given region. Counts the companies
//   of the loaded data only (the bundled China data: Shenzhen Stock Exchange companies only). A
//   company's region with no ancestor of that level counts in an equivalent, said in
//   region_level: the four municipalities (Beijing, Shanghai, Tianjin, Chongqing: provinces
//   without prefectures) stand as prefectures, and a county directly under a province that has
//   prefectures (济源市, 仙桃市) as one itself; a company placed only in a province with
//   prefectures counts in none of them.
// params: level (Region.level, default inferred), within (Region.code, default null), limit (int, default 20)
// returns: code, name, companies, region_level
// requires: (:Company) => no companies in the graph
// param level: a region level (inferred: the deepest level with values, as the other queries infer
//   it; the bundled data: county)
// param within: a region code (440305 is 南山区; find codes with `clusteratlas lookup NAME`) (null:
//   everywhere)
// param limit: at most this many rows (a note says when the limit cut the result)
// column code (str): region code (text: keep the leading zeros)
// column name (str): region name as published
// column companies (int): listed companies registered in it or its sub-regions (count)
// column region_level (str): the region's own level; another than `level` when it stands in as an
//   equivalent of that level (a municipality as a prefecture: province; a county directly under
//   its province: county)
MATCH (c:Company)-[:LOCATED_IN]->(placed:Region)
CALL (placed) {
  OPTIONAL MATCH (placed)-[:PART_OF*0..]->(own:Region {level: $level})
  OPTIONAL MATCH (placed)-[:PART_OF]->(parent:Region)
  RETURN CASE
    WHEN own IS NOT NULL THEN own
    WHEN parent IS NULL OR EXISTS { (placed)<-[:PART_OF*1..]-(:Region {level: $level}) }
      OR NOT EXISTS { (placed)-[:PART_OF*1..]->(:Region)<-[:PART_OF*1..]-(:Region {level: $level}) }
      THEN null
    WHEN EXISTS { (parent)<-[:PART_OF*1..]-(:Region {level: $level}) } THEN placed
    ELSE parent
  END AS r
}
WITH c, r WHERE r IS NOT NULL
  AND ($within IS NULL OR EXISTS { (r)-[:PART_OF*0..]->(:Region {code: $within}) })
RETURN r.code AS code, r.name AS name, count(DISTINCT c) AS companies, r.level AS region_level
  ORDER BY companies DESC, code
  LIMIT $limit
