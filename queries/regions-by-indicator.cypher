// name: regions-by-indicator
// description: Regions ranked by an indicator (gdp, listed_companies, ...) with its year, unit
//   and source; optionally one year and a minimum value.
// params: indicator (Indicator.name, default gdp), year (int, default null), min_value (float, default null),
//   limit (int, default 50)
// returns: code, name, level, year, value, unit, source
// requires: ()-[m:MEASURED]->(:Indicator {name: $indicator}) WHERE $year IS NULL OR m.year = $year =>
//   no region has {indicator} for {year}
MATCH (r:Region)-[m:MEASURED]->(:Indicator {name: $indicator})
WHERE ($year IS NULL OR m.year = $year) AND ($min_value IS NULL OR m.value >= $min_value)
RETURN r.code AS code, r.name AS name, r.level AS level, m.year AS year, m.value AS value,
       m.unit AS unit, m.source AS source
  ORDER BY value DESC, code, year
  LIMIT $limit
