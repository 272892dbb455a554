"""What the text says a pair is to each other: family, spouse, friend (`analysis.kinship`)."""

from ficlens.analysis import Layout
from ficlens.analysis.kinship import Relations


def relations_of(make_work, text: str, a: str, b: str):
    work = make_work(text, {a: [a], b: [b]})
    ids = {c.name: c.id for c in work.characters}
    return Relations(Layout(work)).of(ids[a], ids[b])


def test_a_relation_word_beside_a_name_ties_the_pair(make_work):
    assert relations_of(make_work, "Anna's sister Bea came in. Bea sat down.", "Anna", "Bea")["family"] >= 1
    assert relations_of(make_work, "Bea, Anna's friend, came in. Anna smiled.", "Anna", "Bea")["friend"] >= 1
    assert relations_of(make_work, "Ella's husband Tom came in. Ella smiled.", "Ella", "Tom")["spouse"] >= 1
    assert relations_of(make_work, "Jane was Anna's sister. Anna waved.", "Anna", "Jane")["family"] >= 1


def test_no_relation_word_no_relation(make_work):
    assert not relations_of(make_work, "Anna met Bea at the market. Bea smiled at Anna.", "Anna", "Bea")
