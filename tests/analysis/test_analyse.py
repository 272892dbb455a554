import json

from ficlens.analysis import analyse
from ficlens.model import ANALYSIS_FIELDS, Arcs, Relationship


def test_analyse_adds_layers_without_renaming_the_contract(fresh_seed_work):
    work = fresh_seed_work
    before = set(work.to_dict())
    assert not before & set(ANALYSIS_FIELDS)  # unanalysed: no analysis keys, not empty ones
    record = json.loads(analyse(work).to_json())
    assert before <= set(record)
    assert list(record)[-5:] == ["stats", *ANALYSIS_FIELDS]
    assert set(ANALYSIS_FIELDS) <= set(work.layers)
    assert record["relationships"][0]["label"] == "Ino/Sakura"
    assert record["stats"] == {"words": work.stats.words}


def test_analysis_fields_are_typed(seed_work):
    work = analyse(seed_work)
    assert isinstance(work.arcs, Arcs) and all(isinstance(r, Relationship) for r in work.relationships)
    speech = next(e for e in work.interactions if e.kind == "speech")
    copresence = next(e for e in work.interactions if e.kind == "copresence")
    assert speech.scenes is None and speech.words > 0
    assert copresence.words is None and copresence.weight == len(copresence.scenes)
    # each edge's JSON has only its kind's keys
    assert set(speech.to_dict()) == {"source", "target", "kind", "weight", "words"}
    assert set(copresence.to_dict()) == {"source", "target", "kind", "weight", "scenes"}
