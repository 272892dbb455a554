from ficlens.analysis import Layout
from ficlens.analysis.arcs import emotional_arcs
from ficlens.model import ArcPoint

HAPPY_THEN_SAD = (
    "Mara laughs with joy. “What a wonderful, lovely day,” Mara says.\n\n\n\n\n"
    "Jonah weeps. The funeral is grim and everyone is miserable and afraid."
)


def test_scene_arc_follows_the_mood(make_work):
    arcs = emotional_arcs(Layout(make_work(HAPPY_THEN_SAD, {"Mara": ["Mara"], "Jonah": ["Jonah"]})))
    first, second = arcs.scenes
    assert first.compound > 0.3 and second.compound < -0.3
    assert first.sentences >= 2


def test_character_arc_is_none_where_absent(make_work):
    arcs = emotional_arcs(Layout(make_work(HAPPY_THEN_SAD, {"Mara": ["Mara"], "Jonah": ["Jonah"]})))
    mara = next(c for c in arcs.characters if c.name == "Mara")
    assert mara.scenes[0].quotes > 0.3 and mara.scenes[0].mentions > 0
    assert mara.scenes[1] == ArcPoint(index=2, quotes=None, mentions=None)


def test_seed_arcs_cover_every_scene(seed_work):
    arcs = emotional_arcs(Layout(seed_work))
    assert [s.index for s in arcs.scenes] == [s.index for s in seed_work.scenes]
    assert all(-1 <= s.compound <= 1 for s in arcs.scenes)
    assert arcs.characters[0].name == "Ino"
    assert "Tenten" not in {c.name for c in arcs.characters}


def test_vader_scores_are_the_librarys_own_on_real_sentences():
    """Our VADER hands its word checks a window, not the whole sentence: the same scores, linear in length."""
    from paths import PDNC, need
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from ficlens.analysis.arcs import _analyzer

    text = need(PDNC / "PrideAndPrejudice" / "novel_text.txt").read_text(encoding="utf-8")[:200_000]
    sentences = [s for s in text.replace("\n", " ").split(". ") if s.strip()]
    run_on = " ".join(text.split()[:3000])  # one 3,000-word "sentence": no full stop in it
    stock = SentimentIntensityAnalyzer()
    for piece in [*sentences, run_on, "I am never so happy without doubt", "at least it is kind of good"]:
        assert _analyzer().polarity_scores(piece) == stock.polarity_scores(piece)
