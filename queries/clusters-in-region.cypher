// name: clusters-in-region
// description: Industrial clusters (written back by the analytics) located in a region or its
//   sub-regions, ranked by their centrality in the cluster network; centrality names the score
//   property to rank by (degree, strength, pagerank, betweenness, ...).
// params: region (str), centrality (str, default pagerank), limit (int, default 50)
// returns: id, kind, region_code, region_name, industry_code, industry_name, lq, members, centrality
MATCH (root:Region {code: $region})
MATCH (c:Cluster)-[:IN_REGION]->(r:Region)-[:PART_OF*0..]->(root)
OPTIONAL MATCH (c)-[:OF_INDUSTRY]->(i:Industry)
RETURN c.id AS id, c.kind AS kind, r.code AS region_code, r.name AS region_name,
       i.code AS industry_code, i.name AS industry_name, c.lq AS lq,
       COUNT { (:Company)-[:MEMBER_OF]->(c) } AS members, c[$centrality] AS centrality
  ORDER BY centrality DESC, id
  LIMIT $limit
