// name: industry-downstream
// description: Industries downstream of an industry (its direct and indirect customers) within
//   max_hops input-output links (at most 4), following only links of the year with a technical
//   coefficient a_ij >= min_coefficient. For each customer industry: the fewest hops, and the
//   strongest chain (largest product of coefficients) with its path from the industry. Sales to
//   its own sector count: it is listed itself when a_ii >= min_coefficient (path [i, i], one
//   hop) or a chain returns to it (the only repeated node a path may have is the industry at
//   both ends).
// params: industry (Industry.code), year (int, default 2020), max_hops (int, default 2),
//   min_coefficient (float, default 0.05), limit (int, default 50)
// returns: code, name, hops, coefficient, path
// requires: ()-[:INPUT_TO {year: $year}]->() => no input-output links for {year}
// requires: (:Industry {code: $industry})-[:INPUT_TO {year: $year}]-() =>
//   {industry} is not a sector of the {year} input-output table
// requires: (:Industry {code: $industry})-[l:INPUT_TO {year: $year}]->() WHERE l.coefficient >= $min_coefficient =>
//   no customer of {industry} has a coefficient of at least {min_coefficient}
// param industry: the supplying industry, an input-output sector (NBS42:18)
// param year: the year of the input-output table (2018 or 2020)
// param max_hops: the most input-output links on a chain (1-4)
// param min_coefficient: links with a technical coefficient a_ij below this are not followed (ratio)
// param limit: at most this many rows (a note says when the limit cut the result)
// column code (str): customer industry, industry code, SCHEME:CODE
// column name (str): industry name as published
// column hops (int): the fewest links from the industry (count)
// column coefficient (float): product of the technical coefficients a_ij along the strongest chain
//   (CNY of input per CNY of output)
// column path (list): the industry codes of that chain, from the industry
MATCH (origin:Industry {code: $industry})
MATCH p = (origin)
            (()-[hop:INPUT_TO WHERE hop.year = $year AND hop.coefficient >= $min_coefficient]->()){1,4}
            (customer:Industry)
WHERE length(p) <= $max_hops
  AND all(n IN nodes(p)[1..] WHERE single(m IN nodes(p)[1..] WHERE m = n))
  AND NOT nodes(p)[0] IN nodes(p)[1..-1]
WITH customer, length(p) AS hops, [n IN nodes(p) | n.code] AS path,
     reduce(c = 1.0, l IN relationships(p) | c * l.coefficient) AS strength
  ORDER BY strength DESC, hops, path
WITH customer, min(hops) AS fewest, collect({strength: strength, path: path})[0] AS best
RETURN customer.code AS code, customer.name AS name, fewest AS hops, best.strength AS coefficient,
       best.path AS path
  ORDER BY coefficient DESC, code
  LIMIT $limit
