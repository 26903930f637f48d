// name: industry-time-series
// description: One industry's observations in one region over the years (the national
//   employment series by default): the value; its share of the region's total over the
//   industries of the same scheme and level (same year and measure, HAS_INDUSTRY.share); the
//   change of that share since the previous observation (share_change, a difference of
//   shares: x100 for percentage points); and the growth rate of the value since the previous
//   observation. growth is null where either value is a sample count (sample: true, from
//   HAS_INDUSTRY.sample, which dataset.json "samples" declares, e.g. the county census
//   long-form counts of the bundled data): sample levels depend on the sampling rate, so only
//   their shares compare across years.
// params: industry (Industry.code), region (Region.code, default inferred),
//   measure (str, default inferred), from_year (int, default null), to_year (int, default null)
// returns: year, value, share, share_change, growth, sample
// requires: (:Region {code: $region})-[:HAS_INDUSTRY {measure: $measure}]->(:Industry {code: $industry}) =>
//   {region} has no {measure} values for {industry}
// param industry: an industry code with its scheme: GB4754:C (a GB/T 4754 section), CSRC:C, NBS42:18
//   (an input-output sector)
// param region: a region code (440305 is 南山区; find codes with `clusteratlas lookup NAME`) (inferred:
//   the top region, the one in no other; the bundled data: 100000, the national series)
// param measure: what the values count: employment (counties: census long-form sample persons; the
//   nation: 10,000 persons), gross_output or final_use (10,000 CNY); `clusteratlas query sources`
//   lists the units (inferred: the measure of the regions' values)
// param from_year: the first year (null: the earliest)
// param to_year: the last year (null: the latest)
// column year (int): the year of the observation
// column value (float): the value in the measure's unit (`clusteratlas query sources`)
// column share (float): the industry's share of the region's total that year, 0-1
// column share_change (float): change of that share since the previous observation (share points)
// column growth (float): value / previous value - 1 (null for sample counts, whose levels are not
//   comparable)
// column sample (bool): true when the values are sample counts (dataset.json samples)
MATCH (:Region {code: $region})-[h:HAS_INDUSTRY {measure: $measure}]->(:Industry {code: $industry})
WHERE ($from_year IS NULL OR h.year >= $from_year) AND ($to_year IS NULL OR h.year <= $to_year)
WITH h ORDER BY h.year
WITH collect(h) AS obs
UNWIND range(0, size(obs) - 1) AS k
WITH obs[k] AS h, CASE WHEN k > 0 THEN obs[k - 1] END AS previous
WITH h, previous, coalesce(h.sample, false) OR coalesce(previous.sample, false) AS sampled
RETURN h.year AS year, h.value AS value, h.share AS share,
       h.share - previous.share AS share_change,
       CASE WHEN NOT sampled AND previous.value > 0 THEN h.value / previous.value - 1.0 END
         AS growth,
       coalesce(h.sample, false) AS sample
  ORDER BY year
