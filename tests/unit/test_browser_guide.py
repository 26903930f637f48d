"""The Neo4j Browser guide and node style in docs/browser/ (issue 24, item 9).

The guide is generated from the query library by scripts/browser-guide, so every query it
shows is a library query, with every parameter the query takes; the style gives every
label of the schema a colour and a caption. No server here: the integration test runs
the guide's blocks, the browser test plays it in Neo4j Browser.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from browser_guide import COMMAND, COUNTIES, DOC, SCHEMA, SLIDES, STYLE, cypher_literal, render

from clusteratlas.graph.neo4j_store.schema import NODES
from clusteratlas.queries.library import load_library

# Neo4j Browser 5.24's cleanHtml: what it strips from a fetched guide before showing it
BROWSER_STRIPS = (
    re.compile(r"(\s+(on[^\s=]+)[^\s=]*\s*=\s*(\"[^\"]*\"|'[^']*'|[\w\-.:]+\s*))", re.I),
    re.compile(r"<script\b[^<]*(?:(?!</script>)<[^<]*)*(</script>)?", re.I),
    re.compile(r"href=\".*javascript:[^\"]*\""),
)


class _Blocks(HTMLParser):
    """The guide's slides: each a title and its runnable blocks (classes, data-query, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.slides: list[dict[str, object]] = []
        self._pre: dict[str, object] | None = None
        self._h3 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "slide":
            self.slides.append({"title": "", "blocks": []})
        elif tag == "h3":
            self._h3 = True
        elif tag == "pre" and "runnable" in (attr.get("class") or "").split():
            self._pre = {
                "classes": (attr.get("class") or "").split(),
                "query": attr.get("data-query"),
                "text": "",
            }

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3":
            self._h3 = False
        elif tag == "pre" and self._pre is not None:
            self.slides[-1]["blocks"].append(self._pre)  # type: ignore[union-attr]
            self._pre = None

    def handle_data(self, data: str) -> None:
        if self._pre is not None:
            self._pre["text"] = str(self._pre["text"]) + data
        elif self._h3:
            self.slides[-1]["title"] = str(self.slides[-1]["title"]) + data


def _slides() -> list[dict[str, object]]:
    parser = _Blocks()
    parser.feed(DOC.read_text(encoding="utf-8"))
    return parser.slides


def _params(text: str) -> dict[str, str]:
    """``:param name => value;`` lines -> {name: value literal}."""
    found = {}
    for line in text.strip().splitlines():
        m = re.fullmatch(r":param ([A-Za-z_]\w*) => (.+?);?", line.strip())
        assert m, f"not a :param line: {line!r}"
        found[m.group(1)] = m.group(2)
    return found


def test_the_committed_guide_is_the_generated_one():
    assert DOC.read_text(encoding="utf-8") == render(), f"{DOC.name} is stale: run {COMMAND}"


def test_every_query_in_the_guide_is_a_library_query_with_all_its_parameters():
    library = load_library()
    shown = []
    for slide in _slides()[1:]:
        blocks = slide["blocks"]
        assert isinstance(blocks, list)
        queries = [b for b in blocks if "query" in b["classes"]]
        assert len(queries) == 1, slide["title"]
        query = queries[0]
        if query["query"] is None:
            assert query["text"] == SCHEMA  # the one statement that is not the library's
            continue
        spec = library[str(query["query"])]
        shown.append(spec.name)
        assert query["text"] == spec.body(), f"{spec.name}: the guide's Cypher is not the library's"
        param_blocks = [b for b in blocks if "params" in b["classes"]]
        if not spec.params:
            assert not param_blocks
            continue
        (params,) = param_blocks
        values = _params(str(params["text"]))
        assert list(values) == [p.name for p in spec.params], spec.name  # all, in order
        for alternative in (b for b in blocks if "param" in b["classes"]):
            assert set(_params(str(alternative["text"]))) <= set(values)
    assert shown == [s.query for s in SLIDES if s.query], "a slide lost its query"
    expected = {
        "sources",
        "diversification-in-province",
        "region-industries-by-lq",
        "clusters-in-region",
        "industry-upstream",
        "industry-downstream",
        "single-supplier-dependencies",
    }
    assert expected <= set(shown)


def test_each_slide_has_a_title_a_meaning_and_a_caveat():
    text = DOC.read_text(encoding="utf-8")
    slides = _slides()
    assert slides[0]["title"] == "China's county economies as a graph"
    assert [s["title"] for s in slides[1:]] == [s.title for s in SLIDES]
    assert text.count("<b>What it means.</b>") == text.count("<b>Caveat.</b>") == len(SLIDES)
    for code in COUNTIES:  # the article's counties are on the first slide
        assert f"<code>{code}</code>" in text
    assert "census long-form sample" in text and "Shenzhen Stock Exchange" in text
    assert "--write-back" in text


def test_the_browser_strips_nothing_from_the_guide():
    text = DOC.read_text(encoding="utf-8")
    for pattern in BROWSER_STRIPS:
        assert not pattern.search(text), pattern.search(text)


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        ("320583", "'320583'"),
        (2020, "2020"),
        (0.05, "0.05"),
        (True, "true"),
        (None, "null"),
        ("it's", "'it\\'s'"),
        (["a", 1], "['a', 1]"),
    ],
)
def test_parameter_values_are_cypher_literals(value, literal):
    assert cypher_literal(value) == literal


def _grass() -> dict[str, dict[str, str]]:
    """The style as Neo4j Browser 5.24's parseGrass reads it: character by character, quotes
    dropped (braces inside them kept), a declaration kept only when it splits into exactly
    two parts on ':'."""
    blocks: dict[str, str] = {}
    selector = body = ""
    quoted = in_rule = nested = False
    for ch in STYLE.read_text(encoding="utf-8"):
        if ch in "'\"":
            quoted = not quoted
        elif ch == "{" and not quoted:
            nested, in_rule = (True, True) if in_rule else (nested, True)
        elif ch == "}" and not quoted:
            if nested:
                nested = False
            else:
                blocks[selector], selector, body, in_rule = body, "", "", False
        elif in_rule:
            body += ch
        elif not ch.isspace():
            selector += ch
    rules = {}
    for name, text in blocks.items():
        declarations = {}
        for part in text.split(";"):
            pieces = part.split(":")
            if len(pieces) == 2:
                declarations[pieces[0].strip()] = pieces[1].strip()
            else:
                assert not part.strip(), f"the Browser drops {part.strip()!r} of {name}"
        rules[name] = declarations
    return rules


def test_the_style_gives_every_label_a_colour_and_a_caption():
    rules = _grass()
    assert {"node", "relationship"} <= set(rules)
    for label in NODES:
        rule = rules[f"node.{label}"]
        assert re.fullmatch(r"#[0-9A-F]{6}", rule["color"]), label
        captions = re.findall(r"\{(\w+)\}", rule["caption"])
        properties = NODES[label].properties
        assert captions and all(c in properties or c == "name" for c in captions), label
    colours = [rules[f"node.{label}"]["color"] for label in NODES]
    assert len(set(colours)) == len(colours), "two labels share a colour"
    assert rules["node.Region"]["caption"] == "{name}"
    assert rules["node.Cluster"]["caption"].startswith("{id}")


def test_the_generator_examples_run():
    import doctest

    import browser_guide

    result = doctest.testmod(browser_guide)
    assert result.attempted >= 4 and result.failed == 0
