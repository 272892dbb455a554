import json

from ficlens.analysis import analyse


def test_analyse_adds_layers_without_renaming_the_contract(seed_work):
    before = set(seed_work.to_dict())
    record = json.loads(analyse(seed_work).to_json())
    assert before <= set(record)
    assert {"interactions", "relationships", "arcs", "character_stats"} <= set(record)
    assert record["relationships"][0]["label"] == "Ino/Sakura"
    assert record["stats"] == seed_work.stats
