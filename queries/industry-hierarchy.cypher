// name: industry-hierarchy
// description: The industry hierarchy: each industry with its parent (across schemes this is the
//   documented mapping, e.g. CSRC section -> GB/T 4754 section) and its number of children;
//   optionally one scheme and/or only the industries under a root code (the root included).
// params: scheme (Industry.scheme, default null), root (Industry.code, default null)
// returns: code, name, scheme, level, parent_code, parent_name, children
// param scheme: the industry classification: GB4754 (sections), CSRC (sections), NBS42 (input-output
//   sectors) (null: all)
// param root: an industry code: only it and the industries under it (null: all)
// column code (str): industry code, SCHEME:CODE
// column name (str): industry name as published
// column scheme (str): its classification
// column level (str): section, sector, ...
// column parent_code (str): its parent (across schemes: the documented mapping), industry code,
//   SCHEME:CODE
// column parent_name (str): industry name as published
// column children (int): industries directly under it (count)
MATCH (i:Industry)
WHERE ($scheme IS NULL OR i.scheme = $scheme)
  AND ($root IS NULL OR EXISTS { (i)-[:SUBDIVISION_OF*0..]->(:Industry {code: $root}) })
OPTIONAL MATCH (i)-[:SUBDIVISION_OF]->(parent:Industry)
RETURN i.code AS code, i.name AS name, i.scheme AS scheme, i.level AS level,
       parent.code AS parent_code, parent.name AS parent_name,
       COUNT { (i)<-[:SUBDIVISION_OF]-(:Industry) } AS children
  ORDER BY scheme, code
