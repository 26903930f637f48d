// name: lookup
// description: Regions, industries and companies whose name matches a text, each with its code,
//   level and parent, so that namesakes are told apart (four 鼓楼区: Nanjing, Xuzhou, Fuzhou,
//   Kaifeng). Matching uses the fulltext index name_fulltext (CJK-aware: 万科A finds 万科Ａ;
//   score = Lucene relevance) and also takes every name that contains the text (score 0);
//   exact names come first.
// params: text (str), kind (str, default null, one of region|industry|company),
//   limit (int, default 50)
// returns: kind, code, name, level, parent_code, parent_name, within, score
// param text: a name or part of one (Chinese or Latin; full-width letters match)
// param kind: only regions, industries or companies (null: all)
// param limit: at most this many rows (a note says when the limit cut the result)
// column kind (str): region, industry or company
// column code (str): the code other commands take (region code, SCHEME:CODE, company id)
// column name (str): the name as published
// column level (str): region: its level; industry: its level (section, sector); company: the level
//   of the region it is placed in
// column parent_code (str): parent region or industry, or the company's region
// column parent_name (str): the name of that parent
// column within (str): the enclosing regions from the province down (companies: down to their
//   region); industries: the scheme
// column score (float): fulltext relevance (Lucene; 0 = matched only because the name contains the
//   text)
CALL () {
  CALL db.index.fulltext.queryNodes('name_fulltext',
    '"' + replace(replace($text, '\\', '\\\\'), '"', '\\"') + '"') YIELD node, score
  RETURN node, score
  UNION ALL
  MATCH (node:Region) WHERE node.name CONTAINS $text RETURN node, 0.0 AS score
  UNION ALL
  MATCH (node:Industry) WHERE node.name CONTAINS $text RETURN node, 0.0 AS score
  UNION ALL
  MATCH (node:Company) WHERE node.name CONTAINS $text RETURN node, 0.0 AS score
}
WITH node, max(score) AS score
WITH node, score,
     CASE WHEN node:Region THEN 'region' WHEN node:Industry THEN 'industry' ELSE 'company' END AS kind
WHERE $kind IS NULL OR kind = $kind
OPTIONAL MATCH (node)-[:PART_OF|LOCATED_IN]->(parent)
WITH node, score, kind, parent,
     [(parent)-[:PART_OF*0..]->(a:Region) WHERE a.level <> 'country' | a.name] AS up
RETURN kind, coalesce(node.code, node.id) AS code, node.name AS name,
       CASE kind WHEN 'company' THEN coalesce(parent.level, 'company') ELSE node.level END AS level,
       coalesce(parent.code, parent.id) AS parent_code, parent.name AS parent_name,
       CASE kind WHEN 'industry' THEN node.scheme
            ELSE reduce(s = '', n IN reverse(up) | s + CASE s WHEN '' THEN '' ELSE ' / ' END + n)
       END AS within,
       score
  ORDER BY node.name = $text DESC, score DESC, kind, code
  LIMIT $limit
