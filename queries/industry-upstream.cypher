// name: industry-upstream
// description: Industries upstream of an industry within max_hops input-output links (at most 4),
//   following only links of the year with a technical coefficient a_ij >= min_coefficient. For each
//   supplier industry: the fewest hops, and the strongest chain (largest product of coefficients)
//   with its path from the supplier to the industry.
// params: industry (str), year (int, default 2020), max_hops (int, default 2),
//   min_coefficient (float, default 0.05), limit (int, default 50)
// returns: code, name, hops, coefficient, path
MATCH (target:Industry {code: $industry})
MATCH p = (source:Industry)
            (()-[hop:INPUT_TO WHERE hop.year = $year AND hop.coefficient >= $min_coefficient]->()){1,4}
            (target)
WHERE length(p) <= $max_hops
  AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
WITH source, length(p) AS hops, [n IN nodes(p) | n.code] AS path,
     reduce(c = 1.0, l IN relationships(p) | c * l.coefficient) AS strength
  ORDER BY strength DESC, hops, path
WITH source, min(hops) AS fewest, collect({strength: strength, path: path})[0] AS best
RETURN source.code AS code, source.name AS name, fewest AS hops, best.strength AS coefficient,
       best.path AS path
  ORDER BY coefficient DESC, code
  LIMIT $limit
