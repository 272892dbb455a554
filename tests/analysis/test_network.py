import networkx as nx
import pytest

from ficlens.analysis import Layout
from ficlens.analysis.network import interactions, to_graph, write_graph
from ficlens.errors import UnsupportedFormat


def test_speech_edges_follow_quotes(seed_work):
    edges = interactions(Layout(seed_work))
    speech = {(e["source"], e["target"]): e for e in edges if e["kind"] == "speech"}
    expected = {}
    for q in seed_work.quotes:
        for a in q.addressees if q.speaker else []:
            expected[q.speaker, a] = expected.get((q.speaker, a), 0) + 1
    assert {k: e["weight"] for k, e in speech.items()} == expected
    assert all(e["words"] > 0 for e in speech.values())


def test_copresence_counts_shared_scenes(seed_work):
    layout = Layout(seed_work)
    edges = [e for e in interactions(layout) if e["kind"] == "copresence"]
    assert edges
    for e in edges:
        assert e["source"] < e["target"] and e["weight"] == len(e["scenes"])
        for index in e["scenes"]:
            people = layout.mentioned_in_scene[index - 1]
            assert {e["source"], e["target"]} <= people


@pytest.mark.parametrize("suffix, reader", [(".gexf", nx.read_gexf), (".graphml", nx.read_graphml)])
def test_graph_export_round_trips(seed_work, tmp_path, suffix, reader):
    graph = to_graph(seed_work)
    path = tmp_path / f"net{suffix}"
    write_graph(seed_work, path)
    back = reader(path)
    assert back.number_of_nodes() == len(seed_work.characters)
    assert back.number_of_edges() == graph.number_of_edges() > 0
    ino, sakura = "C1", "C2"
    assert back.nodes[ino]["label"] == "Ino"
    assert back.edges[ino, sakura]["copresence"] == graph.edges[sakura, ino]["copresence"] > 0


def test_unknown_graph_format_is_a_clear_error(seed_work, tmp_path):
    with pytest.raises(UnsupportedFormat, match="gexf"):
        write_graph(seed_work, tmp_path / "net.png")
