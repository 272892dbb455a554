"""Which characters are no people, so no partner in a relationship (`analysis.persons`)."""

from ficlens.analysis import Layout
from ficlens.analysis.persons import non_persons
from ficlens.analysis.relationships import central_relationships


def test_a_name_used_as_a_place_is_no_person(make_work):
    text = (
        "Mara came home to Thedas. In Thedas the rain never stops. Jonah met Mara in Thedas. "
        "“You came,” Jonah says to Mara. Mara and Jonah walk on through Thedas."
    )
    work = make_work(text, {"Mara": ["Mara"], "Jonah": ["Jonah"], "Thedas": ["Thedas"]})
    work.characters[0].gender = work.characters[1].gender = "female"
    ids = {c.name: c.id for c in work.characters}
    assert non_persons(Layout(work)) == {ids["Thedas"]}
    labels = [r.label for r in central_relationships(Layout(work))]
    assert labels and all("Thedas" not in label for label in labels)
