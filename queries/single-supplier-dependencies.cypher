// name: single-supplier-dependencies
// description: Companies with exactly one supplier in the supply network (optionally in one
//   year): a single point of failure. Share is the largest observed share of the customer's
//   inputs on those links (null when unknown, and on inferred links, which infer no input
//   share); score is the largest inference score of inferred links (a ranking normalised over
//   the customer's inferred links, not a share of inputs); tied says the inferred link was
//   picked among equally scored candidates; inferred is true when any link is not observed.
// params: year (int, default null), min_share (float, default 0), limit (int, default 100)
// returns: customer_id, customer_name, customer_region, supplier_id, supplier_name, share, score, tied, inferred
// requires: ()-[:SUPPLIES]->() => no supply links in the graph
// requires: ()-[l:SUPPLIES]->() WHERE $year IS NULL OR l.year = $year =>
//   no supply links of year {year} (`clusteratlas cypher "MATCH ()-[l:SUPPLIES]->() RETURN
//   DISTINCT l.year"` lists the years)
// requires: ()-[l:SUPPLIES]->() WHERE $min_share <= 0 OR l.share IS NOT NULL =>
//   no supply link has an observed input share, so min_share {min_share} keeps nothing
//   (inferred links have a score, not a share: leave min_share at 0)
// param year: only links of this year (null: all)
// param min_share: the smallest observed share of the customer's inputs kept (0-1; above 0
//   leaves out links without a share, the inferred ones included)
// param limit: at most this many rows (a note says when the limit cut the result)
// column customer_id (str): company id, EXCHANGE:TICKER (SZSE:000001)
// column customer_name (str): company short name as listed
// column customer_region (str): region code (text: keep the leading zeros)
// column supplier_id (str): company id, EXCHANGE:TICKER (SZSE:000001)
// column supplier_name (str): company short name as listed
// column share (float): the largest observed share of the customer's inputs on those links,
//   0-1 (null: unknown or inferred)
// column score (float): the largest inference score on those links, 0-1: 1 when the rule
//   found no other supplier; a ranking, not a share of inputs (null: observed links)
// column tied (int): the most equally scored candidates an inferred link among them was
//   chosen from (0: no tie; null: observed links)
// column inferred (bool): true when a link is inferred, not observed
MATCH (supplier:Company)-[l:SUPPLIES]->(customer:Company)
WHERE $year IS NULL OR l.year = $year
WITH customer, collect(DISTINCT supplier) AS suppliers, collect(l) AS links
WHERE size(suppliers) = 1
WITH customer, suppliers[0] AS supplier, links,
     [x IN links WHERE x.share IS NOT NULL | x.share] AS shares,
     [x IN links WHERE x.score IS NOT NULL | x.score] AS scores,
     [x IN links WHERE x.tied IS NOT NULL | x.tied] AS ties
WITH customer, supplier, links,
     CASE WHEN size(shares) = 0 THEN null
          ELSE reduce(m = shares[0], s IN shares | CASE WHEN s > m THEN s ELSE m END) END AS share,
     CASE WHEN size(scores) = 0 THEN null
          ELSE reduce(m = scores[0], s IN scores | CASE WHEN s > m THEN s ELSE m END) END AS score,
     CASE WHEN size(ties) = 0 THEN null
          ELSE reduce(m = ties[0], t IN ties | CASE WHEN t > m THEN t ELSE m END) END AS tied
WHERE coalesce(share, 0.0) >= $min_share
OPTIONAL MATCH (customer)-[:LOCATED_IN]->(r:Region)
RETURN customer.id AS customer_id, customer.name AS customer_name, r.code AS customer_region,
       supplier.id AS supplier_id, supplier.name AS supplier_name, share, score, tied,
       any(x IN links WHERE coalesce(x.inferred, false)) AS inferred
  ORDER BY coalesce(share, score, 0.0) DESC, customer_id
  LIMIT $limit
