// name: clusters-in-region
// description: Industrial clusters located in a region or its sub-regions, declared and detected
//   side by side. Declared clusters (kind declared: named by a source and loaded from the data's
//   clusters table, e.g. the article's Cixi small household appliances) come first, with their
//   industries and their state (detected, not detected, or not testable when an industry is finer
//   than the detected clusters' level; null when nothing was written back), the same as
//   `clusteratlas analyze` reports. Detected clusters (written back by `clusteratlas analyze
//   --write-back`: kind specialisation or supply_community) follow, ranked by their centrality in
//   the cluster network: degree, strength (summed link weights), pagerank or betweenness (exact,
//   shortest paths with distance 1 / weight, normalised over the whole network); detected
//   clusters without that score are left out. members: the listed companies in a detected
//   cluster (the bundled China data: Shenzhen Stock Exchange companies only; null for a declared
//   one: `clusteratlas analyze` reports the region's listed firms in its industries). The
//   detected clusters and the states come from one analysis written back, never a mix: by default
//   the latest year written back, and of that year the analysis written last (`year`,
//   `analysis`); its year is in every row.
// params: region (Region.code), centrality (str, default pagerank,
//   one of degree|strength|pagerank|betweenness), year (int, default null),
//   analysis (str, default null), limit (int, default 50)
// returns: id, kind, label, region_code, region_name, industry_code, industry_name, lq, members,
//   centrality, state, year, inferred, member_regions
// requires: (:Cluster) => no clusters in the graph: `clusteratlas analyze --write-back` writes them
// requires: (c:Cluster) WHERE c.kind = 'declared' OR c[$centrality] IS NOT NULL =>
//   no cluster has a {centrality} score: write clusters back again with
//   `clusteratlas analyze --write-back`
// requires: (:Cluster)-[:IN_REGION]->(:Region)-[:PART_OF*0..]->(:Region {code: $region}) =>
//   no cluster lies in {region} or a region under it
// requires: (a:Analysis) WHERE $year IS NULL
//   OR (a.year = $year AND EXISTS { (:Cluster)-[:FOUND_BY]->(a) }) =>
//   no clusters of year {year} written back: `clusteratlas analyze --from neo4j --write-back
//   --year {year}` writes them
// requires: (a:Analysis) WHERE $analysis IS NULL
//   OR (a.id = $analysis AND ($year IS NULL OR a.year = $year)) =>
//   no analysis {analysis} of year {year} written back (`clusteratlas cypher "MATCH
//   (a:Analysis) RETURN a.id, a.year"` lists them)
// requires: (a:Analysis) WHERE $analysis IS NULL
//   OR (a.id = $analysis AND EXISTS { (:Cluster)-[:FOUND_BY]->(a) }) =>
//   analysis {analysis} has no clusters left: one scope (level, scheme, measure, year) keeps
//   the detected clusters of the analysis written last, and a later specification replaced
//   them; its scores stay (region-scores -p analysis=...)
// param region: a region code (440305 is 南山区; find codes with `clusteratlas lookup NAME`); its sub-
//   regions' clusters count too
// param centrality: which centrality to rank by (scores written back by `clusteratlas analyze
//   --write-back`)
// param year: the year of the analysis whose detected clusters are listed (null: the latest
//   written back)
// param analysis: an Analysis id (LEVEL|SCHEME|MEASURE|YEAR|SPEC) to read instead of the latest
//   of the year
// param limit: at most this many rows (a note says when the limit cut the result)
// column id (str): cluster id: REGION|INDUSTRY|YEAR for specialisation clusters, community:N|YEAR,
//   or the declared cluster's id
// column kind (str): declared (named by a source, loaded from the data), specialisation (a region x
//   industry cell with a high LQ) or supply_community
// column label (str): the declared cluster's name (Cixi small household appliances); null for
//   detected ones
// column region_code (str): region code (text: keep the leading zeros)
// column region_name (str): region name as published
// column industry_code (str): industry code, SCHEME:CODE
// column industry_name (str): industry name as published
// column lq (float): location quotient s_ri / S_i: the share in the region over the share in all
//   regions of its level (ratio; 1 = the same)
// column members (int): listed companies that are members of a detected cluster (count; null for a
//   declared one)
// column centrality (float): the chosen centrality in the cluster network: degree (links, count),
//   strength (summed link weights), pagerank (sums to 1 over all clusters), betweenness (share of
//   shortest paths, 0-1); null for declared clusters
// column state (str): for a declared cluster: 'not testable' when it names no industry or one not
//   of the scheme and level of the detected specialisation clusters' industries (the bundled data:
//   a Shenwan industry, finer than the census sections: the section-level data cannot tell it
//   apart), else 'detected' when a specialisation cluster of its region is one of its industries,
//   else 'not detected'; null for detected clusters and when no specialisation cluster was written
//   back. `clusteratlas analyze` also says not testable for a region without data in E, and gives
//   the reason and the listed firms' evidence
// column year (int): the year of the detected cluster's analysis, or the declared cluster's year
//   (null when the source gives none)
// column inferred (bool): a supply community all of whose internal links are inferred (from the
//   national input-output table, not observed): read it as a hypothesis; false for
//   specialisation clusters; null for declared ones
// column member_regions (str): a supply community's regions with their shares of its members
//   ('440305 20%; 440306 15%'): a community can span many regions and is listed under the one
//   with most members; null otherwise
CALL () {
  OPTIONAL MATCH (a:Analysis)
  WHERE EXISTS { (:Cluster)-[:FOUND_BY]->(a) }
    AND ($year IS NULL OR a.year = $year) AND ($analysis IS NULL OR a.id = $analysis)
  RETURN a ORDER BY a.year DESC, a.computed_at DESC, a.id LIMIT 1
}
CALL (a) {
  OPTIONAL MATCH (s:Cluster {kind: 'specialisation'})-[:FOUND_BY]->(a),
                 (s)-[:OF_INDUSTRY]->(x:Industry)
  WITH DISTINCT x WHERE x IS NOT NULL
  RETURN collect(DISTINCT [x.scheme, x.level]) AS levels
}
WITH a, levels WHERE a IS NOT NULL OR ($year IS NULL AND $analysis IS NULL)
MATCH (root:Region {code: $region})
MATCH (c:Cluster)-[:IN_REGION]->(r:Region)-[:PART_OF*0..]->(root)
WHERE c.kind = 'declared' OR (c[$centrality] IS NOT NULL AND (c)-[:FOUND_BY]->(a))
OPTIONAL MATCH (c)-[:OF_INDUSTRY]->(i:Industry)
WITH a, levels, c, r, i
  ORDER BY i.code
WITH a, levels, c, r, collect(i) AS industries
WITH a, levels, c, r, industries, c.kind = 'declared' AS declared,
     [x IN industries | x.code] AS codes
RETURN c.id AS id, c.kind AS kind,
       coalesce(c.label, industries[0].name) AS label,
       r.code AS region_code, r.name AS region_name,
       reduce(s = '', x IN codes | s + CASE s WHEN '' THEN '' ELSE ', ' END + x) AS industry_code,
       reduce(s = '', x IN industries | s + CASE s WHEN '' THEN '' ELSE ', ' END + x.name)
         AS industry_name,
       c.lq AS lq,
       CASE WHEN declared THEN null ELSE COUNT { (:Company)-[:MEMBER_OF]->(c) } END AS members,
       CASE WHEN declared THEN null ELSE c[$centrality] END AS centrality,
       CASE
         WHEN NOT declared OR size(levels) = 0 THEN null
         WHEN size(industries) = 0
           OR any(x IN industries WHERE NOT coalesce([x.scheme, x.level] IN levels, false))
           THEN 'not testable'
         WHEN EXISTS {
           MATCH (d:Cluster {kind: 'specialisation'})-[:IN_REGION]->(r),
                 (d)-[:OF_INDUSTRY]->(x:Industry), (d)-[:FOUND_BY]->(a)
           WHERE x.code IN codes }
           THEN 'detected'
         ELSE 'not detected'
       END AS state,
       CASE WHEN declared THEN c.year ELSE a.year END AS year,
       c.inferred AS inferred, c.member_regions AS member_regions
  ORDER BY declared DESC, centrality DESC, id
  LIMIT $limit
