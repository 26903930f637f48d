// name: province-employment-by-section
// description: Roll-up of county values (employment by default) to provinces, by industry:
//   the sum over every county in the province, its share of the province total, and how many
//   counties report it. One province, or all when province is null.
// params: province (Region.code, default null), year (int, default 2020), measure (str, default employment),
//   scheme (Industry.scheme, default GB4754), level (Region.level, default county)
// returns: province_code, province_name, industry_code, industry_name, value, share, regions
// requires: (:Region)-[:HAS_INDUSTRY {year: $year, measure: $measure}]->(:Industry {scheme: $scheme}) =>
//   no {measure} values for {year} in industry scheme {scheme}
// requires: (p:Region {level: 'province'}) WHERE $province IS NULL OR p.code = $province =>
//   {province} is not a province
MATCH (p:Region {level: 'province'})
WHERE $province IS NULL OR p.code = $province
MATCH (c:Region {level: $level})-[:PART_OF*1..]->(p)
MATCH (c)-[h:HAS_INDUSTRY {year: $year, measure: $measure}]->(i:Industry {scheme: $scheme})
WITH p, i, sum(h.value) AS value, count(DISTINCT c) AS regions
WITH p, collect({industry: i, value: value, regions: regions}) AS rows, sum(value) AS total
UNWIND rows AS row
RETURN p.code AS province_code, p.name AS province_name, row.industry.code AS industry_code,
       row.industry.name AS industry_name, row.value AS value,
       CASE WHEN total > 0 THEN row.value / total END AS share, row.regions AS regions
  ORDER BY province_code, value DESC, industry_code
