// name: industry-downstream
// description: Where an industry's output goes, ranked by output shares (the Ghosh allocation
//   coefficient b_ij = z_ij / x_i: the share of supplier i's gross output x_i that j buys; not
//   the buyer's input coefficient a_ij = z_ij / x_j, which industry-upstream ranks by). First
//   level (hops 1): every direct buyer of the year with a share >= min_share (and every negative
//   share: an inventory drawdown the table records as a negative final use), industries
//   (INPUT_TO.output_share) and final-demand categories (SOLD_TO.share: final consumption,
//   gross fixed capital formation, inventory change, exports, as the table publishes them)
//   together, largest first; then two rows that close the account: below_min_share (the
//   direct shares from 0 to min_share, summed) and unallocated (1 minus every direct share: x_i
//   not sold to an industry or a final-demand category of the table, i.e. its statistical
//   discrepancy; rounded to 12 decimals, below the noise of summing the shares), so the hops-1
//   shares plus these two sum to 1. Then industries
//   reached only through chains of 2 to max_hops INPUT_TO links (at most 4), every link with
//   b >= min_share: the fewest hops and the strongest chain, whose share is the product of the
//   output shares b along it (the part of i's output that reaches the customer along that
//   chain, in the Ghosh model); these overlap the first level and are not added to it. Sales
//   to its own sector count (b_ii, path [i, i]); a chain may return to the industry (the only
//   repeated node a path may have is the industry at both ends). Final-demand categories are
//   listed as direct buyers only.
// params: industry (Industry.code), year (int, default inferred io_year), max_hops (int, default 2, one of 1|2|3|4),
//   min_share (float, default 0.02), limit (int, default 50)
// returns: code, name, kind, hops, share, path
// requires: ()-[:INPUT_TO {year: $year}]->() => no input-output links for {year}
// requires: (:Industry {code: $industry})-[:INPUT_TO {year: $year}]-() =>
//   {industry} is not a sector of the {year} input-output table
// requires: (:Industry {code: $industry})-[l:INPUT_TO {year: $year}]->() WHERE l.output_share IS NOT NULL =>
//   no output shares for {industry} in {year}: the national region has no gross_output of it (x_i)
// param industry: the supplying industry, an input-output sector (NBS42:17)
// param year: the year of the input-output table (inferred: the latest year of the input-output
//   links; the bundled data: 2018 or 2020)
// param max_hops: the most input-output links on a chain (1-4; 1: direct buyers only)
// param min_share: the smallest output share listed as a direct buyer, and followed on a chain
//   (b = z_ij / x_i, or f_ik / x_i; a share of the industry's gross output, 0.02 = 2%)
// param limit: at most this many rows (a note says when the limit cut the result)
// column code (str): the buyer: an industry code (SCHEME:CODE), a final-demand category code
//   (exports), or below_min_share / unallocated
// column name (str): the buyer's name as published (for the two closing rows, what they hold)
// column kind (str): industry, final_demand, below_min_share or unallocated
// column hops (int): 1 for direct buyers and the two closing rows; else the fewest links from the
//   industry (count)
// column share (float): hops 1: share of the industry's gross output x_i the buyer takes (z_ij / x_i
//   or f_ik / x_i, ratio; negative for an inventory drawn down); more hops: product of the output
//   shares b along the strongest chain (ratio)
// column path (list): the codes from the industry to the buyer ([] for the two closing rows)
MATCH (origin:Industry {code: $industry})
WITH origin,
     [(origin)-[l:INPUT_TO {year: $year}]->(j:Industry) |
       {code: j.code, name: j.name, kind: 'industry', share: l.output_share}]
   + [(origin)-[s:SOLD_TO {year: $year}]->(f:FinalDemand) |
       {code: f.code, name: f.name, kind: 'final_demand', share: s.share}] AS direct
WHERE size(direct) > 0 AND all(d IN direct WHERE d.share IS NOT NULL)
CALL (origin) {
  OPTIONAL MATCH p = (origin)
            (()-[hop:INPUT_TO WHERE hop.year = $year AND hop.output_share >= $min_share]->()){2,4}
            (customer:Industry)
  WHERE length(p) <= $max_hops
    AND all(n IN nodes(p)[1..] WHERE single(m IN nodes(p)[1..] WHERE m = n))
    AND NOT nodes(p)[0] IN nodes(p)[1..-1]
  WITH customer, length(p) AS hops, [n IN nodes(p) | n.code] AS path,
       reduce(c = 1.0, l IN relationships(p) | c * l.output_share) AS strength
    ORDER BY strength DESC, hops, path
  WITH customer, min(hops) AS fewest, collect({share: strength, path: path})[0] AS best
  RETURN collect(CASE WHEN customer IS NOT NULL THEN
           {code: customer.code, name: customer.name, kind: 'industry', hops: fewest,
            share: best.share, path: best.path} END) AS chains
}
WITH origin, direct, chains,
     [d IN direct WHERE d.share >= $min_share OR d.share < 0 |
       {code: d.code, name: d.name, kind: d.kind, hops: 1, share: d.share,
        path: [origin.code, d.code]}] AS kept,
     [d IN direct WHERE 0 <= d.share < $min_share] AS small
WITH kept, chains, small,
     reduce(t = 0.0, d IN direct | t + d.share) AS allocated,
     [k IN kept WHERE k.kind = 'industry' | k.code] AS listed
UNWIND kept
     + [{code: 'below_min_share', kind: 'below_min_share', hops: 1, path: [],
         name: 'direct buyers under min_share (' + toString(size(small)) + ')',
         share: reduce(t = 0.0, d IN small | t + d.share)},
        {code: 'unallocated', kind: 'unallocated', hops: 1, path: [],
         name: 'output the table leaves unallocated (discrepancy, rounding)',
         share: round(1.0 - allocated, 12) + 0.0}]
     + [c IN chains WHERE NOT c.code IN listed] AS row
RETURN row.code AS code, row.name AS name, row.kind AS kind, row.hops AS hops,
       row.share AS share, row.path AS path
  ORDER BY CASE row.kind WHEN 'below_min_share' THEN 1 WHEN 'unallocated' THEN 2
                         ELSE CASE row.hops WHEN 1 THEN 0 ELSE 3 END END,
           share DESC, code
  LIMIT $limit
