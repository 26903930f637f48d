"""Settings precedence: flag > environment > defaults; the password never shows."""

from __future__ import annotations

from clusteratlas.graph.neo4j_store.settings import DEFAULT_URI, Neo4jSettings


def test_defaults():
    s = Neo4jSettings.resolve(env={})
    assert (s.uri, s.user, s.database) == (DEFAULT_URI, "neo4j", "neo4j")


def test_environment_overrides_defaults():
    env = {
        "NEO4J_URI": "bolt://db:7000",
        "NEO4J_USER": "u1",
        "NEO4J_PASSWORD": "pw-env-1234",
        "NEO4J_DATABASE": "atlas",
    }
    s = Neo4jSettings.resolve(env=env)
    assert (s.uri, s.user, s.password, s.database) == (
        "bolt://db:7000",
        "u1",
        "pw-env-1234",
        "atlas",
    )


def test_user_wins_over_username():
    assert Neo4jSettings.resolve(env={"NEO4J_USER": "a", "NEO4J_USERNAME": "b"}).user == "a"
    assert Neo4jSettings.resolve(env={"NEO4J_USERNAME": "b"}).user == "b"


def test_flags_override_environment():
    env = {"NEO4J_URI": "bolt://db:7000", "NEO4J_USER": "u1", "NEO4J_PASSWORD": "pw-env-1234"}
    s = Neo4jSettings.resolve(uri="bolt://flag:1", user="u2", password="pw-flag-1234", env=env)
    assert (s.uri, s.user, s.password) == ("bolt://flag:1", "u2", "pw-flag-1234")


def test_password_not_in_repr_or_describe():
    s = Neo4jSettings.resolve(env={"NEO4J_PASSWORD": "Very-Secret-991"})
    assert "Very-Secret-991" not in repr(s)
    assert "Very-Secret-991" not in str(s)
    assert "Very-Secret-991" not in s.describe()
