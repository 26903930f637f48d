// name: supply-paths
// description: Supply paths from one company to another through firm-to-firm SUPPLIES links
//   (at most max_hops links, at most 6; optionally one year), shortest first, with the weakest
//   observed input share on the path, the weakest inference score (a ranking of inferred
//   links, not a share of inputs), and whether any link on it is inferred rather than observed.
// params: supplier (Company.id), customer (Company.id),
//   max_hops (int, default 4, one of 1|2|3|4|5|6), year (int, default null), limit (int, default 25)
// returns: path, hops, years, min_share, min_score, inferred
// requires: ()-[:SUPPLIES]->() => no supply links in the graph
// requires: ()-[l:SUPPLIES]->() WHERE $year IS NULL OR l.year = $year =>
//   no supply links of year {year}
// requires: (:Company {id: $supplier})-[:SUPPLIES]->() => {supplier} supplies no company in the
//   graph
// requires: ()-[:SUPPLIES]->(:Company {id: $customer}) => {customer} has no supplier in the graph
// param supplier: the first company's id (SZSE:000001)
// param customer: the last company's id
// param max_hops: the most links on a path (1-6)
// param year: only links of this year (null: all)
// param limit: at most this many rows (a note says when the limit cut the result)
// column path (list): the company ids along the path
// column hops (int): links on the path (count)
// column years (list): the year of each link
// column min_share (float): the weakest observed share of a customer's inputs on the path, 0-1
//   (null: unknown, or every link inferred)
// column min_score (float): the weakest inference score of an inferred link on the path, 0-1;
//   a ranking, not a share of inputs (null: no inferred link)
// column inferred (bool): true when any link on it is inferred
MATCH (a:Company {id: $supplier}), (b:Company {id: $customer})
MATCH p = (a) (()-[hop:SUPPLIES WHERE $year IS NULL OR hop.year = $year]->()){1,6} (b)
WHERE length(p) <= $max_hops
  AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
WITH p, [l IN relationships(p) WHERE l.share IS NOT NULL | l.share] AS shares,
     [l IN relationships(p) WHERE l.score IS NOT NULL | l.score] AS scores
RETURN [n IN nodes(p) | n.id] AS path, length(p) AS hops,
       [l IN relationships(p) | l.year] AS years,
       CASE WHEN size(shares) = 0 THEN null
            ELSE reduce(m = shares[0], s IN shares | CASE WHEN s < m THEN s ELSE m END) END AS min_share,
       CASE WHEN size(scores) = 0 THEN null
            ELSE reduce(m = scores[0], s IN scores | CASE WHEN s < m THEN s ELSE m END) END AS min_score,
       any(l IN relationships(p) WHERE coalesce(l.inferred, false)) AS inferred
  ORDER BY hops, path, years
  LIMIT $limit
