"""The Cypher query library (``*.cypher``, one research question each) and its runner."""

__all__: list[str] = []
