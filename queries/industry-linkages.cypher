// name: industry-linkages
// description: Key sectors of the input-output table: for each industry, its backward linkage
//   (sum of its input coefficients a_ij, the intermediate input per unit of its output), its
//   intermediate inputs (sum of flows z_ij into it) and intermediate sales (sum of flows out).
// params: year (int, default inferred io_year), limit (int, default 50)
// returns: code, name, backward_linkage, intermediate_inputs, intermediate_sales
// requires: ()-[:INPUT_TO {year: $year}]->() => no input-output links for {year}
// param year: the year of the input-output table (inferred: the latest year of the input-output
//   links; the bundled data: 2018 or 2020)
// param limit: at most this many rows (a note says when the limit cut the result)
// column code (str): industry code, SCHEME:CODE
// column name (str): industry name as published
// column backward_linkage (float): sum of its input coefficients sum_i a_ij: intermediate input per
//   unit of its output (CNY per CNY)
// column intermediate_inputs (float): sum of the flows z_ij into it (10,000 CNY)
// column intermediate_sales (float): sum of the flows z_ij out of it (10,000 CNY)
MATCH (j:Industry)
WHERE EXISTS { (j)-[:INPUT_TO {year: $year}]-() }
CALL (j) {
  OPTIONAL MATCH (:Industry)-[l:INPUT_TO {year: $year}]->(j)
  RETURN coalesce(sum(l.coefficient), 0.0) AS backward_linkage,
         coalesce(sum(l.flow), 0.0) AS intermediate_inputs
}
CALL (j) {
  OPTIONAL MATCH (j)-[l:INPUT_TO {year: $year}]->(:Industry)
  RETURN coalesce(sum(l.flow), 0.0) AS intermediate_sales
}
RETURN j.code AS code, j.name AS name, backward_linkage, intermediate_inputs, intermediate_sales
  ORDER BY backward_linkage DESC, code
  LIMIT $limit
