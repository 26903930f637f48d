// name: sources
// description: Where the data in the graph come from (dataset.json provenance): each Source with
//   its title, publisher, vintage (the date or period of the data, e.g. the exchange list's
//   date), licence and url, what it supports (nodes linked by SOURCED_FROM, relationships whose
//   source_id names it, counted by label or type) and its measures with their units.
// params:
// returns: id, title, publisher, vintage, licence, url, supports, measures, note
// requires: (:Source) => no sources in the graph: the dataset declares none (dataset.json
//   provenance), or it was loaded before they were written; load it again
// column id (str): the source id (HAS_INDUSTRY.source_id and the other source_id properties name it)
// column title (str): what the source is
// column publisher (str): who publishes it (and through whom it came)
// column vintage (str): the date or period of the data (the SZSE list: 2025-10-22)
// column licence (str): the licence or terms
// column url (str): where it is
// column supports (list): what it supports: LABEL or TYPE and a count
// column measures (list): its measures with their units
// column note (str): caveats about the data of the source
CALL () {
  MATCH (n)-[:SOURCED_FROM]->(s:Source)
  RETURN s.id AS sid, labels(n)[0] AS what, count(*) AS n
  UNION ALL
  MATCH ()-[r]->() WHERE r.source_id IS NOT NULL
  RETURN r.source_id AS sid, type(r) AS what, count(*) AS n
}
WITH sid, what, n ORDER BY what
WITH sid, collect(what + ' ' + toString(n)) AS supports
MATCH (s:Source {id: sid})
OPTIONAL MATCH (m:Measure)-[:FROM_SOURCE]->(s)
WITH s, supports, m ORDER BY m.id
WITH s, supports, [x IN collect(m) | x.name + ' (' + x.unit + ')'] AS measures
RETURN s.id AS id, s.title AS title, s.publisher AS publisher, s.vintage AS vintage,
       s.licence AS licence, s.url AS url, supports, measures, s.note AS note
  ORDER BY id
