// name: industry-upstream
// description: Industries upstream of an industry within max_hops input-output links (at most 4),
//   ranked by input (technical) coefficients a_ij = z_ij / x_j: the share of the BUYER j's gross
//   output x_j that it spends on input from i (what a supplier means to the industry; where a
//   supplier's own output goes is industry-downstream, by output shares b_ij = z_ij / x_i),
//   following only links of the year with a technical coefficient a_ij >= min_coefficient. For each
//   supplier industry: the fewest hops, and the strongest chain (largest product of coefficients)
//   with its path from the supplier to the industry. The industry's purchases from its own
//   sector count: it is listed itself when a_ii >= min_coefficient (path [i, i], one hop) or
//   a chain returns to it (the only repeated node a path may have is the industry at both ends).
// params: industry (Industry.code), year (int, default inferred io_year), max_hops (int, default 2, one of 1|2|3|4),
//   min_coefficient (float, default 0.05), limit (int, default 50)
// returns: code, name, hops, coefficient, path
// requires: ()-[:INPUT_TO {year: $year}]->() => no input-output links for {year}
// requires: (:Industry {code: $industry})-[:INPUT_TO {year: $year}]-() =>
//   {industry} is not a sector of the {year} input-output table
// requires: (:Industry {code: $industry})<-[l:INPUT_TO {year: $year}]-() WHERE l.coefficient >= $min_coefficient =>
//   no input of {industry} has a coefficient of at least {min_coefficient}
// param industry: the buying industry, an input-output sector (NBS42:18)
// param year: the year of the input-output table (inferred: the latest year of the input-output
//   links; the bundled data: 2018 or 2020)
// param max_hops: the most input-output links on a chain (1-4)
// param min_coefficient: links with a technical coefficient a_ij below this are not followed (ratio)
// param limit: at most this many rows (a note says when the limit cut the result)
// column code (str): supplier industry, industry code, SCHEME:CODE
// column name (str): industry name as published
// column hops (int): the fewest links to the industry (count)
// column coefficient (float): product of the technical coefficients a_ij along the strongest chain
//   (CNY of input per CNY of output)
// column path (list): the industry codes of that chain, ending at the industry
MATCH (target:Industry {code: $industry})
MATCH p = (source:Industry)
            (()-[hop:INPUT_TO WHERE hop.year = $year AND hop.coefficient >= $min_coefficient]->()){1,4}
            (target)
WHERE length(p) <= $max_hops
  AND all(n IN nodes(p)[1..] WHERE single(m IN nodes(p)[1..] WHERE m = n))
  AND NOT nodes(p)[0] IN nodes(p)[1..-1]
WITH source, length(p) AS hops, [n IN nodes(p) | n.code] AS path,
     reduce(c = 1.0, l IN relationships(p) | c * l.coefficient) AS strength
  ORDER BY strength DESC, hops, path
WITH source, min(hops) AS fewest, collect({strength: strength, path: path})[0] AS best
RETURN source.code AS code, source.name AS name, fewest AS hops, best.strength AS coefficient,
       best.path AS path
  ORDER BY coefficient DESC, code
  LIMIT $limit
