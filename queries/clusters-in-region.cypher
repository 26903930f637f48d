// name: clusters-in-region
// description: Industrial clusters (written back by the analytics) located in a region or its
//   sub-regions, ranked by their centrality in the cluster network: degree, strength (summed
//   link weights), pagerank or betweenness (exact, shortest paths with distance 1 / weight,
//   normalised over the whole network); clusters without that score are left out.
// params: region (Region.code), centrality (str, default pagerank,
//   one of degree|strength|pagerank|betweenness), limit (int, default 50)
// returns: id, kind, region_code, region_name, industry_code, industry_name, lq, members, centrality
// requires: (:Cluster) => no clusters in the graph: `clusteratlas analyze --write-back` writes them
// requires: (c:Cluster) WHERE c[$centrality] IS NOT NULL => no cluster has a {centrality} score:
//   write clusters back again with `clusteratlas analyze --write-back`
// requires: (:Cluster)-[:IN_REGION]->(:Region)-[:PART_OF*0..]->(:Region {code: $region}) =>
//   no cluster lies in {region} or a region under it
MATCH (root:Region {code: $region})
MATCH (c:Cluster)-[:IN_REGION]->(r:Region)-[:PART_OF*0..]->(root)
WHERE c[$centrality] IS NOT NULL
OPTIONAL MATCH (c)-[:OF_INDUSTRY]->(i:Industry)
RETURN c.id AS id, c.kind AS kind, r.code AS region_code, r.name AS region_name,
       i.code AS industry_code, i.name AS industry_name, c.lq AS lq,
       COUNT { (:Company)-[:MEMBER_OF]->(c) } AS members, c[$centrality] AS centrality
  ORDER BY centrality DESC, id
  LIMIT $limit
