// name: listed-firm-specialisation
// description: What a region's listed companies do, counted in firms (not jobs): for each
//   industry of one company classification at one level (default the finest classification of the
//   companies at its top level; the bundled data: the Shenwan 2021 level-1 industries), the listed firms registered in the region or below it, their share of the
//   region's classified listed firms, the industry's share of all classified listed firms, and
//   the listed-firm location quotient firm_lq = firm_share / national_share. Listed companies
//   only (the bundled China data: Shenzhen Stock Exchange companies only); never census
//   employment. Small counts: read firms beside firm_lq.
// params: region (Region.code), scheme (Industry.scheme, default inferred firm_scheme),
//   industry_level (str, default inferred firm_level), limit (int, default 20)
// returns: industry_code, industry_name, firms, region_firms, firm_share, national_share, firm_lq
// requires: (:Company)-[:IN_INDUSTRY]->(:Industry {scheme: $scheme}) =>
//   no company is classified in scheme {scheme}
// requires: (:Industry {scheme: $scheme, level: $industry_level}) =>
//   scheme {scheme} has no industries of level {industry_level}
// requires: (:Company)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(:Region {code: $region}) =>
//   no listed company is registered in {region} or a region under it
// param region: a region code (440305 is 南山区; find codes with `clusteratlas lookup NAME`); companies
//   of its sub-regions count too
// param scheme: the company classification (inferred: the one whose industries lie deepest in the
//   industry hierarchy, the finest; the bundled data: SW2021, Shenwan 2021; CSRC)
// param industry_level: the level of that classification to count at (inferred: its top level;
//   SW2021: level1, level2, level3)
// param limit: at most this many rows (a note says when the limit cut the result)
// column industry_code (str): industry code, SCHEME:CODE
// column industry_name (str): industry name as published
// column firms (int): listed firms of the region (and below) in the industry (count)
// column region_firms (int): the region's listed firms classified in the scheme (count)
// column firm_share (float): firms / region_firms, 0-1
// column national_share (float): the industry's share of all classified listed firms, 0-1
// column firm_lq (float): listed-firm location quotient firm_share / national_share (ratio; small
//   counts: read firms beside it)
MATCH (root:Region {code: $region})
MATCH (c:Company)-[:IN_INDUSTRY]->(:Industry {scheme: $scheme})
      -[:SUBDIVISION_OF*0..]->(top:Industry {scheme: $scheme, level: $industry_level})
WITH root, top, collect(DISTINCT c) AS everywhere
WITH root, collect({top: top, everywhere: everywhere}) AS tops,
     sum(size(everywhere)) AS national_total
UNWIND tops AS t
WITH root, t.top AS top, size(t.everywhere) AS national_firms, national_total,
     size([f IN t.everywhere WHERE EXISTS {
       (f)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(root) }]) AS firms
WITH collect({top: top, firms: firms, national: national_firms}) AS rows, national_total,
     sum(firms) AS region_firms
UNWIND rows AS row
WITH row, national_total, region_firms
WHERE row.firms > 0
WITH row.top AS top, row.firms AS firms, region_firms,
     toFloat(row.firms) / region_firms AS firm_share,
     toFloat(row.national) / national_total AS national_share
RETURN top.code AS industry_code, top.name AS industry_name, firms, region_firms,
       firm_share, national_share, firm_share / national_share AS firm_lq
  ORDER BY firms DESC, firm_lq DESC, industry_code
  LIMIT $limit
