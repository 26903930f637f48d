// name: single-supplier-dependencies
// description: Companies with exactly one supplier in the supply network (optionally in one
//   year): a single point of failure. Share is the largest share of the customer's inputs on
//   those links (null when unknown); inferred is true when any of them is not observed.
// params: year (int, default null), min_share (float, default 0), limit (int, default 100)
// returns: customer_id, customer_name, customer_region, supplier_id, supplier_name, share, inferred
// requires: ()-[:SUPPLIES]->() => no supply links in the graph
// param year: only links of this year (null: all)
// param min_share: the smallest share of the customer's inputs kept (0-1)
// param limit: at most this many rows (a note says when the limit cut the result)
// column customer_id (str): company id, EXCHANGE:TICKER (SZSE:000001)
// column customer_name (str): company short name as listed
// column customer_region (str): region code (text: keep the leading zeros)
// column supplier_id (str): company id, EXCHANGE:TICKER (SZSE:000001)
// column supplier_name (str): company short name as listed
// column share (float): the largest share of the customer's inputs on those links, 0-1 (null:
//   unknown)
// column inferred (bool): true when a link is inferred, not observed
MATCH (supplier:Company)-[l:SUPPLIES]->(customer:Company)
WHERE $year IS NULL OR l.year = $year
WITH customer, collect(DISTINCT supplier) AS suppliers, collect(l) AS links
WHERE size(suppliers) = 1
WITH customer, suppliers[0] AS supplier, links,
     [x IN links WHERE x.share IS NOT NULL | x.share] AS shares
WITH customer, supplier, links,
     CASE WHEN size(shares) = 0 THEN null
          ELSE reduce(m = shares[0], s IN shares | CASE WHEN s > m THEN s ELSE m END) END AS share
WHERE coalesce(share, 0.0) >= $min_share
OPTIONAL MATCH (customer)-[:LOCATED_IN]->(r:Region)
RETURN customer.id AS customer_id, customer.name AS customer_name, r.code AS customer_region,
       supplier.id AS supplier_id, supplier.name AS supplier_name, share,
       any(x IN links WHERE coalesce(x.inferred, false)) AS inferred
  ORDER BY coalesce(share, 0.0) DESC, customer_id
  LIMIT $limit
