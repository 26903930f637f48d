// name: region-scores
// description: Regions of one level within a region ranked by a score the analytics wrote back
//   onto Region nodes (resilience, entropy, herfindahl, worst_loss, ...), highest first or, with
//   lowest_first, lowest first; regions without the score are left out.
// params: within (Region.code), score (str, default resilience), level (Region.level, default county),
//   lowest_first (bool, default false), limit (int, default 20)
// returns: code, name, score
// requires: (r:Region) WHERE r[$score] IS NOT NULL =>
//   no region has the score {score}: `clusteratlas analyze --write-back` writes the scores
// param within: a region code (440305 is 南山区; find codes with `clusteratlas lookup NAME`); its
//   regions of `level` are ranked
// param score: a score written back onto Region nodes by `clusteratlas analyze --write-back`
//   (resilience 0-100, entropy, ...)
// param level: a region level: country, province, prefecture or county
// param lowest_first: rank the lowest first
// param limit: at most this many rows (a note says when the limit cut the result)
// column code (str): region code (text: keep the leading zeros)
// column name (str): region name as published
// column score (float): the score, in its own unit (resilience: 0-100 percentile composite; see the
//   README)
MATCH (root:Region {code: $within})
MATCH (r:Region {level: $level})-[:PART_OF*0..]->(root)
WITH r, r[$score] AS score
WHERE score IS NOT NULL
RETURN r.code AS code, r.name AS name, score
  ORDER BY CASE WHEN $lowest_first THEN score ELSE -score END, code
  LIMIT $limit
