// name: region-scores
// description: Regions of one level within a region ranked by a score of one analysis written
//   back by `clusteratlas analyze --write-back` (resilience, entropy, herfindahl, worst_loss, ...),
//   highest first or, with lowest_first, lowest first; regions without the score are left out.
//   Scores hang on (:Region)-[:HAS_SCORES]->(:Analysis): one analysis is read, never a mix (by
//   default the latest year written back for the level, and of that year the analysis written
//   last), and every row names it (year, measure, analysis). With the score's 90% bootstrap
//   interval where the analytics wrote one (resilience, entropy, herfindahl) and the census
//   sample size, so small samples can be read as such.
// params: within (Region.code), score (str, default resilience, one of amount|sample_size|
//   n_industries|entropy|herfindahl|hachman|krugman|theil|unrelated_variety|related_variety|
//   diversity|eci|portfolio_variance|growth_coverage|worst_loss|worst_sector_loss|
//   worst_sector_excess|mean_loss|io_coverage|dependency_loss|main_dependency_loss|
//   main_dependency_excess|resilience|rank), level (Region.level, default inferred),
//   year (int, default null), analysis (str, default null), lowest_first (bool, default false),
//   limit (int, default 20)
// returns: code, name, score, score_low, score_high, score_spec_low, score_spec_high,
//   sample_size, small_sample, year, measure, analysis
// requires: (:Analysis) => no analysis written back: `clusteratlas analyze --from neo4j
//   --write-back` writes the scores
// requires: (a:Analysis) WHERE coalesce(a.level, $level) = $level =>
//   no analysis of {level} regions written back (`clusteratlas cypher "MATCH (a:Analysis)
//   RETURN a.id"` lists those that are)
// requires: (a:Analysis) WHERE coalesce(a.level, $level) = $level
//   AND ($year IS NULL OR a.year = $year) =>
//   no analysis of {level} regions for year {year} written back: `clusteratlas analyze --from
//   neo4j --write-back --year {year}` writes one
// requires: (a:Analysis) WHERE $analysis IS NULL OR (a.id = $analysis
//   AND coalesce(a.level, $level) = $level AND ($year IS NULL OR a.year = $year)) =>
//   no analysis {analysis} of {level} regions and year {year} (`clusteratlas cypher "MATCH
//   (a:Analysis) RETURN a.id, a.year, a.level"` lists them)
// requires: ()-[s:HAS_SCORES]->(:Analysis) WHERE s[$score] IS NOT NULL =>
//   no region has the score {score}: `clusteratlas analyze --write-back` writes the scores
// param within: a region code (440305 is 南山区; find codes with `clusteratlas lookup NAME`); its
//   regions of `level` are ranked
// param score: a numeric score written back by `clusteratlas analyze --write-back` (resilience
//   0-100, entropy, ...; docs/graph-model.md gives each one's meaning and unit, HAS_SCORES)
// param level: the region level of the analysis (inferred: the deepest level with values, the level
//   `clusteratlas analyze` infers; the bundled data: county)
// param year: the year of the analysis (null: the latest written back for the level)
// param analysis: an Analysis id (LEVEL|SCHEME|MEASURE|YEAR|SPEC) to read instead of the latest
//   of the year
// param lowest_first: rank the lowest first
// param limit: at most this many rows (a note says when the limit cut the result)
// column code (str): region code (text: keep the leading zeros)
// column name (str): region name as published
// column score (float): the score, in its own unit (resilience: 0-100 percentile composite; see the
//   README)
// column score_low (float): lower end of the score's 90% bootstrap interval (SCORE_low; null when
//   the analytics give the score no interval)
// column score_high (float): upper end of that interval (SCORE_high; null likewise)
// column score_spec_low (float): the score's lowest value over the analysis' specifications
//   (SCORE_spec_low: shock level and size, growth windows, weights, small samples; resilience and
//   rank only, null otherwise; for rank, the best rank)
// column score_spec_high (float): its highest value over them (SCORE_spec_high; null likewise)
// column sample_size (int): sampled units behind the region's matrix row (census long-form
//   workers; null when the measure is not declared a sample)
// column small_sample (bool): sample_size below the analysis' minimum (2,000 by default): read the
//   score with its interval
// column year (int): the year of the analysis the scores come from
// column measure (str): what its matrix counts (employment)
// column analysis (str): the Analysis id: LEVEL|SCHEME|MEASURE|YEAR|SPEC, SPEC a hash of the other
//   choices (weights, thresholds, growth years; the Analysis node's parameters)
CALL () {
  MATCH (a:Analysis)
  WHERE coalesce(a.level, $level) = $level
    AND ($year IS NULL OR a.year = $year) AND ($analysis IS NULL OR a.id = $analysis)
  RETURN a ORDER BY a.year DESC, a.computed_at DESC, a.id LIMIT 1
}
MATCH (root:Region {code: $within})
MATCH (r:Region {level: $level})-[:PART_OF*0..]->(root)
MATCH (r)-[s:HAS_SCORES]->(a)
WITH r, s, a, s[$score] AS score
WHERE score IS NOT NULL
RETURN r.code AS code, r.name AS name, score, s[$score + '_low'] AS score_low,
       s[$score + '_high'] AS score_high, s[$score + '_spec_low'] AS score_spec_low,
       s[$score + '_spec_high'] AS score_spec_high, s.sample_size AS sample_size,
       s.small_sample AS small_sample, a.year AS year, a.measure AS measure, a.id AS analysis
  ORDER BY CASE WHEN $lowest_first THEN score ELSE -score END, code
  LIMIT $limit
