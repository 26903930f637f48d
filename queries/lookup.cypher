// name: lookup
// description: Regions, industries and companies whose name, code, pinyin or English name matches
//   a text, each with its code, level and parent, so that namesakes are told apart (four 鼓楼区:
//   Nanjing, Xuzhou, Fuzhou, Kaifeng; Nanshan: 南山区 of Shenzhen and of Hegang). Matching uses the
//   fulltext index name_fulltext over names, English names, pinyin and aliases (CJK-aware: 万科A
//   finds 万科Ａ; score = Lucene relevance), exact codes and tickers, the aliases (pinyin without
//   spaces, hyphens, apostrophes or case, with or without the administrative suffix: kunshan,
//   kunshanshi, "Kun Shan"; the short name 昆山) and names that contain the text (score 0).
//   Exact matches come first. `clusteratlas lookup` also takes traditional characters and tone
//   marks (崑山市, Kūnshān): it converts them before it runs this query.
// params: text (str), kind (str, default null, one of region|industry|company),
//   limit (int, default 50)
// returns: kind, code, name, level, parent_code, parent_name, within, matched, score
// param text: a code, a name or part of one (Chinese or Latin; full-width letters match), pinyin,
//   or an English name
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
// column matched (str): how the text matched: code, name, english name, alias (pinyin or short
//   name, computed at load), part of name, or fulltext
// column score (float): fulltext relevance (Lucene; 0 = matched without the index: a code, an alias
//   or a name containing the text)
WITH $text AS text,
     toLower(replace(replace(replace(replace($text, ' ', ''), '-', ''), "'", ''), '’', '')) AS key
CALL (text, key) {
  CALL db.index.fulltext.queryNodes('name_fulltext',
    '"' + replace(replace(text, '\\', '\\\\'), '"', '\\"') + '"') YIELD node, score
  RETURN node, score
  UNION ALL
  MATCH (node:Region) WHERE node.code = text OR node.name CONTAINS text OR key IN node.aliases
  RETURN node, 0.0 AS score
  UNION ALL
  MATCH (node:Industry)
  WHERE node.code = text OR node.name CONTAINS text OR key IN node.aliases
     OR toLower(node.name_en) CONTAINS toLower(text)
  RETURN node, 0.0 AS score
  UNION ALL
  MATCH (node:Company) WHERE node.id = text OR node.ticker = text OR node.name CONTAINS text
  RETURN node, 0.0 AS score
}
WITH text, key, node, max(score) AS score
WITH text, key, node, score,
     CASE WHEN node:Region THEN 'region' WHEN node:Industry THEN 'industry' ELSE 'company' END AS kind,
     CASE WHEN coalesce(node.code, node.id) = text OR node.ticker = text THEN 'code'
          WHEN node.name = text THEN 'name'
          WHEN toLower(node.name_en) = toLower(text) THEN 'english name'
          WHEN key IN coalesce(node.aliases, []) THEN 'alias'
          WHEN node.name CONTAINS text THEN 'part of name'
          ELSE 'fulltext' END AS matched
WHERE $kind IS NULL OR kind = $kind
OPTIONAL MATCH (node)-[:PART_OF|SUBDIVISION_OF|LOCATED_IN]->(parent)
WITH node, score, kind, matched, parent,
     [(parent)-[:PART_OF*0..]->(a:Region) WHERE a.level <> 'country' | a.name] AS up
RETURN kind, coalesce(node.code, node.id) AS code, node.name AS name,
       CASE kind WHEN 'company' THEN coalesce(parent.level, 'company') ELSE node.level END AS level,
       coalesce(parent.code, parent.id) AS parent_code, parent.name AS parent_name,
       CASE kind WHEN 'industry' THEN node.scheme
            ELSE reduce(s = '', n IN reverse(up) | s + CASE s WHEN '' THEN '' ELSE ' / ' END + n)
       END AS within,
       matched, score
  ORDER BY matched IN ['code', 'name', 'english name', 'alias'] DESC, score DESC, kind, code
  LIMIT $limit
