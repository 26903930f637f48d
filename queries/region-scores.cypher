// name: region-scores
// description: Regions of one level within a region ranked by a score the analytics wrote back
//   onto Region nodes (resilience, entropy, herfindahl, worst_loss, ...), highest first or, with
//   lowest_first, lowest first; regions without the score are left out. With the score's 90%
//   bootstrap interval where the analytics wrote one (resilience, entropy, herfindahl) and the
//   census sample size, so small samples can be read as such.
// params: within (Region.code), score (str, default resilience), level (Region.level, default county),
//   lowest_first (bool, default false), limit (int, default 20)
// returns: code, name, score, score_low, score_high, sample_size, small_sample
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
// column score_low (float): lower end of the score's 90% bootstrap interval (SCORE_low on the
//   region; null when the analytics give the score no interval)
// column score_high (float): upper end of that interval (SCORE_high; null likewise)
// column sample_size (int): sampled units behind the region's matrix row (census long-form
//   workers; null when the measure is not declared a sample)
// column small_sample (bool): sample_size below the analysis' minimum (2,000 by default): read the
//   score with its interval
MATCH (root:Region {code: $within})
MATCH (r:Region {level: $level})-[:PART_OF*0..]->(root)
WITH r, r[$score] AS score
WHERE score IS NOT NULL
RETURN r.code AS code, r.name AS name, score, r[$score + '_low'] AS score_low,
       r[$score + '_high'] AS score_high, r.sample_size AS sample_size,
       r.small_sample AS small_sample
  ORDER BY CASE WHEN $lowest_first THEN score ELSE -score END, code
  LIMIT $limit
