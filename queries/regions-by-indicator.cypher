// name: regions-by-indicator
// description: Regions ranked by an indicator (gdp, listed_companies, ...) with its year, unit,
//   source and qualifier: a value of 200 with qualifier lower_bound means "more than 200" (the
//   source gives a bound, not a figure), approximate "about", exact the figure itself; the
//   ranking is by the stated value. Optionally one year and a minimum value.
// params: indicator (Indicator.name, default gdp), year (int, default null), min_value (float, default null),
//   limit (int, default 50)
// returns: code, name, level, year, value, qualifier, unit, source
// requires: ()-[m:MEASURED]->(:Indicator {name: $indicator}) WHERE $year IS NULL OR m.year = $year =>
//   no region has {indicator} for {year}
// param indicator: an indicator name (gdp, listed_companies, ...)
// param year: only this year (null: all)
// param min_value: only values at least this (in the indicator's unit)
// param limit: at most this many rows (a note says when the limit cut the result)
// column code (str): region code (text: keep the leading zeros)
// column name (str): region name as published
// column level (str): the region's level
// column year (int): the year of the figure
// column value (float): the stated figure, in `unit`
// column qualifier (str): lower_bound (the source says more than), upper_bound, approximate or exact
// column unit (str): the unit of value (CNY, count, share)
// column source (str): the citation, as given
MATCH (r:Region)-[m:MEASURED]->(:Indicator {name: $indicator})
WHERE ($year IS NULL OR m.year = $year) AND ($min_value IS NULL OR m.value >= $min_value)
RETURN r.code AS code, r.name AS name, r.level AS level, m.year AS year, m.value AS value,
       m.qualifier AS qualifier, m.unit AS unit, m.source AS source
  ORDER BY value DESC, code, year
  LIMIT $limit
