// name: graph-statistics
// description: What is in the graph: the number of nodes for each label and of relationships
//   for each type.
// params:
// returns: kind, name, count
// requires: (n) => the graph is empty: load data first (`clusteratlas load --bundled china`)
// column kind (str): label or relationship
// column name (str): the label or relationship type
// column count (int): nodes or relationships (count)
CALL () {
  MATCH (n)
  UNWIND labels(n) AS name
  RETURN 'label' AS kind, name, count(*) AS count
  UNION ALL
  MATCH ()-[r]->()
  RETURN 'relationship' AS kind, type(r) AS name, count(*) AS count
}
RETURN kind, name, count
  ORDER BY kind, name
