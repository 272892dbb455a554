from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from ficlens.analysis import Layout, analyse
from ficlens.analysis.network import interactions, to_graph, write_graph
from ficlens.cli import app
from ficlens.errors import UnsupportedFormat
from ficlens.stage import MissingLayer


def test_speech_edges_follow_quotes(seed_work):
    edges = interactions(Layout(seed_work))
    speech = {(e.source, e.target): e for e in edges if e.kind == "speech"}
    expected = {}
    for q in seed_work.quotes:
        for a in q.addressees if q.speaker else []:
            expected[q.speaker, a] = expected.get((q.speaker, a), 0) + 1
    assert {k: e.weight for k, e in speech.items()} == expected
    assert all(e.words > 0 for e in speech.values())


def test_copresence_counts_shared_scenes(seed_work):
    layout = Layout(seed_work)
    edges = [e for e in interactions(layout) if e.kind == "copresence"]
    assert edges
    for e in edges:
        assert e.source < e.target and e.weight == len(e.scenes)
        for index in e.scenes:
            people = layout.mentioned_in_scene[index - 1]
            assert {e.source, e.target} <= people


@pytest.mark.parametrize("suffix, reader", [(".gexf", nx.read_gexf), (".graphml", nx.read_graphml)])
def test_graph_export_round_trips(seed_work, tmp_path, suffix, reader):
    work = analyse(seed_work)
    graph = to_graph(work)
    path = tmp_path / f"net{suffix}"
    write_graph(work, path)
    back = reader(path)
    assert back.number_of_nodes() == len(work.characters)
    assert back.number_of_edges() == graph.number_of_edges() > 0
    ino, sakura = "C1", "C2"
    assert back.nodes[ino]["label"] == "Ino"
    assert back.edges[ino, sakura]["copresence"] == graph.edges[sakura, ino]["copresence"] > 0


def test_the_graph_needs_the_analysis(fresh_seed_work):
    with pytest.raises(MissingLayer, match="the interaction network needs interactions"):
        to_graph(fresh_seed_work)


def test_unknown_graph_format_is_a_clear_error(seed_work, tmp_path):
    with pytest.raises(UnsupportedFormat, match="gexf"):
        write_graph(seed_work, tmp_path / "net.png")


def test_cli_writes_graph_beside_the_json(tmp_path):
    seed = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "000_8f683d6341e37dd5.txt"
    if not seed.exists():
        pytest.skip("seed is not here")
    runner = CliRunner()
    result = runner.invoke(
        app, ["analyze", str(seed), "--graph", str(tmp_path / "g.graphml"), "-o", str(tmp_path / "w.json")]
    )
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(tmp_path / "g.graphml")
    assert "interactions" in (tmp_path / "w.json").read_text(encoding="utf-8")
    assert graph.number_of_nodes() >= 1
    bad = runner.invoke(app, ["analyze", str(seed), "--graph", str(tmp_path / "g.png")])
    assert bad.exit_code == 1 and "E005" in bad.output
