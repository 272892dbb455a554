import pytest

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


# On real text: the family, romance and person rules (the pipeline's cast on whole novels: slow).

from tests.paths import AO3_PAGES, PDNC, need  # noqa: E402


@pytest.fixture(scope="module")
def pride_and_prejudice():  # the whole pipeline over the novel
    return ficlens.analyze(need(PDNC / "PrideAndPrejudice" / "novel_text.txt"))


def _pair(work, *names):
    for r in work.relationships:
        if all(any(n in name for name in r.names) for n in names):
            return r
    return None


@pytest.mark.slow
def test_pride_and_prejudice_sisters_and_mother_are_not_romantic(pride_and_prejudice):
    ranked = pride_and_prejudice.relationships
    assert "Darcy" in " ".join(ranked[0].names) and ranked[0].kind == "romantic"
    for names in [("Jane", "Elizabeth"), ("Elizabeth", "Mrs. Bennet"), ("Elizabeth", "Lydia")]:
        r = _pair(pride_and_prejudice, *names)
        assert r is not None and r.kind == "platonic" and "/" not in r.label, r.label


@pytest.mark.slow
def test_family_cues_tie_the_bennets(pride_and_prejudice):
    from ficlens.analysis.kinship import Relations

    relations = Relations(Layout(pride_and_prejudice))
    ids = {c.name: c.id for c in pride_and_prejudice.characters}
    elizabeth = next(i for n, i in ids.items() if "Elizabeth" in n)
    assert relations.of(elizabeth, ids["Jane"])["family"] >= 2  # "her sister", "Jane, her sister"...
    assert relations.of(elizabeth, ids["Mrs. Bennet"])["family"] >= 2  # "said her mother", "Mamma, ..."


def test_a_tagged_slash_pair_is_central_and_romantic_with_the_tags_hidden():
    from ficlens.pipeline import without_tags

    work = ficlens.analyze(need(AO3_PAGES / "23009290-oneshot.html"), settings=without_tags())
    top = work.relationships[0]
    assert {n.split()[0] for n in top.names} == {"Emmanellain", "Honoroit"}
    assert top.kind == "romantic" and top.label.count("/") == 1


@pytest.mark.slow
def test_no_place_or_people_as_a_partner():
    work = ficlens.analyze(need(PDNC / "APassageToIndia" / "novel_text.txt"))
    partners = {n for r in work.relationships for n in r.names}
    assert not partners & {"India", "Indian", "Englishman", "Anglo-India"}, partners
    assert any("Aziz" in n for n in partners)


def anna_and_bea(make_work, text: str):
    """`text` with its two women, Anna and Bea."""
    work = make_work(text, {"Anna": ["Anna"], "Bea": ["Bea"]})
    for c in work.characters:
        c.gender = "female"
    return work


def test_sisters_named_as_such_are_family_not_a_couple(make_work):
    text = (
        "Anna kissed the letter. Anna's sister Bea watched. Bea blushed. “I love you with all my heart,” "
        "Anna said. Bea embraced Anna and kissed the letter too, Bea, Anna's sister, the one who stayed."
    )
    top = central_relationships(Layout(anna_and_bea(make_work, text)))[0]
    assert top.kind == "platonic" and top.label == "Anna & Bea"


def test_friends_named_as_such_are_no_couple_but_lovers_are(make_work):
    """Two friends who talk of marriage (someone else's) all day are friends; called lovers, they are not."""
    text = (
        "Anna read the letter. Anna's friend Bea blushed at the talk of marriage. “You will marry, Bea,” Anna "
        "said. Bea embraced Anna. “A wedding!” Bea, Anna's dearest friend, said. Anna kissed the letter."
    )
    assert central_relationships(Layout(anna_and_bea(make_work, text)))[0].kind == "platonic"
    lovers = anna_and_bea(make_work, text.replace("friend", "lover"))
    assert central_relationships(Layout(lovers))[0].kind == "romantic"
