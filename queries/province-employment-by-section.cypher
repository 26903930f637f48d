// name: province-employment-by-section
// description: Roll-up of county values (employment by default) to a province, or to any region
//   (a prefecture such as 440300 Shenzhen, a county), by industry: the sum over the regions of
//   level `level` in it (itself included when it has that level), its share of the total, and
//   how many of those regions report the industry. When province is null: every region directly
//   under the country (level country), the provinces of the bundled data, the states or
//   comunidades of another country's.
//   Each region counts once, in its PART_OF parent: a region that also overlaps another
//   (region_overlaps, a metro area across states) is not split here (see
//   graph.definitions.regions.rollup_with_overlaps).
// params: province (Region.code, default null), year (int, default inferred), measure (str, default inferred),
//   scheme (Industry.scheme, default inferred), industry_level (Industry.level, default inferred),
//   level (Region.level, default inferred)
// returns: province_code, province_name, industry_code, industry_name, value, share, regions
// requires: (:Region)-[:HAS_INDUSTRY {year: $year, measure: $measure}]->(:Industry {scheme: $scheme}) =>
//   no {measure} values for {year} in industry scheme {scheme}
// requires: (:Region)-[:HAS_INDUSTRY {year: $year, measure: $measure}]->(:Industry {scheme: $scheme, level: $industry_level}) =>
//   no {measure} values for {year} at industry level {industry_level} of scheme {scheme}
// requires: (c:Region {level: $level})-[:PART_OF*0..]->(p:Region)
//   WHERE ($province IS NULL AND EXISTS { (p)-[:PART_OF]->(:Region {level: 'country'}) })
//   OR p.code = $province =>
//   no region of level {level} lies in {province}
// param province: a province, or any region (440300 Shenzhen): its regions of `level` are summed
//   (null: every region directly under the country: the provinces of the bundled data)
// param year: the year of the values (inferred: the latest year of the regions' values; the
//   bundled data: county employment, census 2010 or 2020; the national series: 1990-2018)
// param measure: what the values count: employment (counties: census long-form sample persons; the
//   nation: 10,000 persons), gross_output or final_use (10,000 CNY); `clusteratlas query sources`
//   lists the units (inferred: the measure of the regions' values)
// param scheme: the industry classification (inferred: the scheme of the regions' values); the
//   bundled data: GB4754 (sections), CSRC (sections), NBS42 (input-output sectors)
// param industry_level: the level of the scheme whose industries are combined (inferred: the finest
//   level of the regions' values); shares and totals never mix two levels of a scheme
// param level: the region level that holds the values (inferred: the deepest level with values; the
//   bundled data: county)
// column province_code (str): the region rolled up to, region code (text: keep the leading zeros)
// column province_name (str): region name as published
// column industry_code (str): industry code, SCHEME:CODE
// column industry_name (str): industry name as published
// column value (float): the summed values, in the measure's unit (`clusteratlas query sources`:
//   census employment is a sample count of persons)
// column share (float): share of the region's total, 0-1
// column regions (int): regions of `level` inside that report the industry (count)
MATCH (p:Region)
WHERE ($province IS NULL AND EXISTS { (p)-[:PART_OF]->(:Region {level: 'country'}) })
   OR p.code = $province
MATCH (c:Region {level: $level})-[:PART_OF*0..]->(p)
MATCH (c)-[h:HAS_INDUSTRY {year: $year, measure: $measure}]->(i:Industry {scheme: $scheme, level: $industry_level})
WITH p, i, sum(h.value) AS value, count(DISTINCT c) AS regions
WITH p, collect({industry: i, value: value, regions: regions}) AS rows, sum(value) AS total
UNWIND rows AS row
RETURN p.code AS province_code, p.name AS province_name, row.industry.code AS industry_code,
       row.industry.name AS industry_name, row.value AS value,
       CASE WHEN total > 0 THEN row.value / total END AS share, row.regions AS regions
  ORDER BY province_code, value DESC, industry_code
