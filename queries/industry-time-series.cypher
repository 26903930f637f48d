// name: industry-time-series
// description: One industry's observations in one region over the years (the national
//   employment series by default) with the growth rate over the previous observation.
// params: industry (Industry.code), region (Region.code, default "100000"), measure (str, default employment),
//   from_year (int, default null), to_year (int, default null)
// returns: year, value, growth
// requires: (:Region {code: $region})-[:HAS_INDUSTRY {measure: $measure}]->(:Industry {code: $industry}) =>
//   {region} has no {measure} values for {industry}
MATCH (:Region {code: $region})-[h:HAS_INDUSTRY {measure: $measure}]->(:Industry {code: $industry})
WHERE ($from_year IS NULL OR h.year >= $from_year) AND ($to_year IS NULL OR h.year <= $to_year)
WITH h ORDER BY h.year
WITH collect(h) AS obs
UNWIND range(0, size(obs) - 1) AS k
WITH obs[k] AS h, CASE WHEN k > 0 AND obs[k - 1].value > 0
                       THEN obs[k].value / obs[k - 1].value - 1.0 END AS growth
RETURN h.year AS year, h.value AS value, growth
  ORDER BY year
