import ficlens
from ficlens.analysis import Layout
from ficlens.analysis.relationships import central_relationships


def by_label(relationships):
    return {r.label.replace("/", " & "): r for r in relationships}


def test_seed_central_pair_is_ino_sakura_not_the_most_talkative(seed_work):
    ranked = central_relationships(Layout(seed_work))
    assert ranked[0].label == "Ino/Sakura"
    assert ranked[0].kind == "romantic"
    pairs = by_label(ranked)
    # Lee talks with Ino more than Sakura does, yet the story is about Ino and Sakura.
    assert pairs["Ino & Lee"].features.dialogue > pairs["Ino & Sakura"].features.dialogue
    assert pairs["Ino & Lee"].score < ranked[0].score
    assert pairs["Ino & Lee"].kind == "platonic"


def test_evidence_spans_are_passages_naming_the_pair(seed_work):
    top = central_relationships(Layout(seed_work))[0]
    assert top.evidence
    for ev in top.evidence:
        passage = seed_work.text[ev.start : ev.end]
        assert "Sakura" in passage and ev.kind in {"thought", "cosentence"}
    cues = [e.romance_cues for e in top.evidence]
    assert cues == sorted(cues, reverse=True) and cues[0] > 0


def test_absent_character_thoughts_count_only_off_stage(make_work):
    text = (
        "Mara waits at the station. She thinks of Jonah again.\n\n\n\n\n"
        "“Hello,” Jonah says to Mara. “You came,” Mara says. Jonah and Mara walk home."
    )
    work = make_work(text, {"Mara": ["Mara"], "Jonah": ["Jonah"]})
    work.characters[0].pov = True
    top = central_relationships(Layout(work))[0]
    # Jonah is thought of in scene 1 (absent), and on stage in scene 2, where naming him is no thought.
    assert top.features.thoughts == 1
    assert top.features.cosentences >= 1
    assert top.label == "Jonah & Mara"


def test_no_cast_gives_no_relationships(make_work):
    work = make_work("Nobody is named here. It rains.", {"Zed": ["Zed"]})
    assert central_relationships(Layout(work)) == []


def test_seed_through_the_whole_pipeline_is_ino_sakura(seed_path):
    work = ficlens.analyze(seed_path)
    top = work.relationships[0]
    assert top.label == "Ino/Sakura"
    sakura = top.pair[top.names.index("Sakura")]
    assert top.evidence
    for e in top.evidence:  # each passage refers to Sakura, by name or pronoun
        assert any(m.character == sakura and e.start <= m.start < e.end for m in work.mentions)
