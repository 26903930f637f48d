// name: similar-regions
// description: Regions of the same level whose industry mix is most similar to a given region's:
//   cosine similarity of their industry share vectors (one year, measure and scheme).
// params: region (str), year (int, default 2020), measure (str, default employment),
//   scheme (str, default GB4754), limit (int, default 10)
// returns: code, name, cosine
MATCH (t:Region {code: $region})-[th:HAS_INDUSTRY {year: $year, measure: $measure}]->(:Industry {scheme: $scheme})
WITH t, sum(th.value) AS t_total
WHERE t_total > 0
MATCH (t)-[th:HAS_INDUSTRY {year: $year, measure: $measure}]->(i:Industry {scheme: $scheme})
WITH t, collect({industry: i, share: th.value / t_total}) AS target
WITH t, target, sqrt(reduce(a = 0.0, x IN target | a + x.share * x.share)) AS t_norm
MATCH (r:Region {level: t.level})-[h:HAS_INDUSTRY {year: $year, measure: $measure}]->(:Industry {scheme: $scheme})
WHERE r <> t
WITH target, t_norm, r, sum(h.value) AS r_total, collect(h.value) AS values
WHERE r_total > 0
WITH target, t_norm, r, r_total,
     sqrt(reduce(a = 0.0, v IN values | a + (v / r_total) * (v / r_total))) AS r_norm
UNWIND target AS x
WITH t_norm, r, r_total, r_norm, x.industry AS i, x.share AS t_share
OPTIONAL MATCH (r)-[h:HAS_INDUSTRY {year: $year, measure: $measure}]->(i)
WITH r, t_norm, r_norm, sum(t_share * coalesce(h.value, 0.0) / r_total) AS dot
RETURN r.code AS code, r.name AS name, dot / (t_norm * r_norm) AS cosine
  ORDER BY cosine DESC, code
  LIMIT $limit
