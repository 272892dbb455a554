"""Name parsing and alias clustering on hand-made name counts."""

from __future__ import annotations

from collections import Counter

from paths import ROOT, need

import ficlens
from ficlens.cast.aliases import (
    cluster_names,
    drop_plurals,
    given_key,
    join_bare_honorifics,
    join_initials,
    join_short_forms,
    join_wives,
    parse_name,
)


def clusters_of(counts: dict[str, int], genders: dict[str, str] | None = None) -> list[set[str]]:
    return [set(c.names) for c in cluster_names(Counter(counts), genders or {})]


def test_parse_titles_and_honorifics():
    p = parse_name("Mr. John Knightley")
    assert (p.title, p.gender, p.words) == ("mr", "male", ("john", "knightley"))
    assert parse_name("Sakura-chan").words == ("sakura",)
    assert parse_name("Kakashi-sensei").words == ("kakashi",)
    assert parse_name("the Hokage").words == ("hokage",) and parse_name("the Hokage").title is None
    assert parse_name("Miss Bennet").gender == "female"
    assert parse_name("Comrade Syme").words == ("syme",) and parse_name("Signor Carella").gender == "male"


def test_knightley_brothers_stay_apart():
    out = clusters_of(
        {"Mr. Knightley": 300, "Mr. John Knightley": 40, "John Knightley": 5, "John": 30, "Knightley": 10}
    )
    assert {"Mr. Knightley", "Knightley"} in out
    assert {"Mr. John Knightley", "John Knightley", "John"} in out


def test_titled_surname_shared_by_two_full_names_stays_apart():
    out = clusters_of(
        {
            "Elizabeth Bennet": 5,
            "Jane Bennet": 4,
            "Mrs. Bennet": 100,
            "Elizabeth": 500,
            "Lizzy": 40,
            "Jane": 200,
        },
        {"Elizabeth Bennet": "female", "Jane Bennet": "female", "Elizabeth": "female"},
    )
    assert {"Mrs. Bennet"} in out
    assert {"Elizabeth Bennet", "Elizabeth", "Lizzy"} in out


def test_japanese_name_order_and_honorifics_merge():
    out = clusters_of({"Haruno Sakura": 1, "Sakura Haruno": 2, "Sakura": 30, "Sakura-chan": 3, "Naruto": 20})
    assert {"Haruno Sakura", "Sakura Haruno", "Sakura", "Sakura-chan"} in out
    assert {"Naruto"} in out


def test_gender_keeps_mr_and_miss_apart():
    out = clusters_of(
        {"Emma Woodhouse": 3, "Emma": 500, "Miss Woodhouse": 50, "Mr. Woodhouse": 100}, {"Emma": "female"}
    )
    assert {"Mr. Woodhouse"} in out
    assert {"Emma Woodhouse", "Emma", "Miss Woodhouse"} in out


def test_pet_name_does_not_join_a_titled_namesake():
    out = clusters_of({"Lady Catherine": 300, "Catherine": 10, "Kitty": 40})
    assert {"Kitty"} in out


def test_generic_plural_is_dropped():
    assert "Narutos" not in drop_plurals(Counter({"Naruto": 11, "Narutos": 1}))
    assert "Jones" in drop_plurals(Counter({"Jones": 5}))


def test_bare_surname_goes_to_its_one_male_bearer():
    # "Willoughby" beside Mr. Willoughby and his wife; "Hallward" beside the one Hallward the text names in full
    out = clusters_of(
        {"Mr. Willoughby": 39, "Mrs. Willoughby": 3, "Willoughby": 172}, {"Willoughby": "female"}
    )
    assert {"Mr. Willoughby", "Willoughby"} in out and {"Mrs. Willoughby"} in out
    out = clusters_of({"Basil": 124, "Basil Hallward": 33, "Hallward": 56}, {"Basil": "male"})
    assert {"Basil", "Basil Hallward", "Hallward"} in out


def test_bare_surname_of_two_men_is_not_forced_on_either():
    out = clusters_of(
        {"John Thorpe": 16, "Edward Thorpe": 15, "Thorpe": 40}, {"John": "male", "Edward": "male"}
    )
    assert {"Thorpe"} in out


def test_titled_short_name_joins_the_full_name_unless_both_share_scenes():
    counts = Counter({"Mr. Marvel": 73, "Mr. Thomas Marvel": 17})
    together = Counter(
        {frozenset(("Mr. Marvel", "Mr. Thomas Marvel")): 1}
    )  # the narrator varying the name once
    assert [set(c.names) for c in cluster_names(counts, {}, together=together)] == [
        {"Mr. Marvel", "Mr. Thomas Marvel"}
    ]
    together = Counter(
        {frozenset(("Mr. Marvel", "Mr. Thomas Marvel")): 3}
    )  # two men in one scene, again and again
    assert len(cluster_names(counts, {}, together=together)) == 2


def test_mr_is_no_knight_and_a_colonel_no_given_name():
    out = clusters_of({"Sir Walter Elliot": 13, "Sir Walter": 117, "Mr Elliot": 80})
    assert {"Sir Walter Elliot", "Sir Walter"} in out and {"Mr Elliot"} in out
    out = clusters_of({"Mr. Fitzwilliam Darcy": 2, "Mr. Darcy": 400, "Colonel Fitzwilliam": 60})
    assert {"Colonel Fitzwilliam"} in out


def test_a_miss_is_none_of_the_mrs_of_her_surname():
    out = clusters_of(
        {
            "Katharine Hilbery": 28,
            "Miss Katharine Hilbery": 1,
            "Katharine": 1168,
            "Mrs. Hilbery": 187,
            "Miss Hilbery": 31,
        },
        {"Katharine": "female"},
    )
    assert {"Katharine Hilbery", "Miss Katharine Hilbery", "Katharine", "Miss Hilbery"} in out and {
        "Mrs. Hilbery"
    } in out
    # a Mrs. beside one untitled daughter stays her own person
    out = clusters_of(
        {"Jane Bennet": 10, "Jane": 500, "Mrs. Bennet": 150, "Elizabeth Bennet": 20, "Miss Bennet": 40},
        {"Jane": "female", "Elizabeth Bennet": "female"},
    )
    assert {"Mrs. Bennet"} in out


def test_a_formal_introduction_does_not_hold_the_titled_surname_apart():
    # "Miss Charlotte Bartlett" once (A Room with a View): Miss Bartlett and Charlotte are one woman
    out = clusters_of(
        {"Miss Charlotte Bartlett": 1, "Charlotte Bartlett": 1, "Miss Bartlett": 201, "Charlotte": 96},
        {"Charlotte": "female", "Miss Bartlett": "female"},
    )
    assert {"Miss Charlotte Bartlett", "Charlotte Bartlett", "Miss Bartlett", "Charlotte"} in out


def test_a_character_takes_the_gender_most_of_its_names_carry():
    # a stray NER span ("from London Lydia came") read as a man must not make Lydia one
    clusters = cluster_names(
        Counter({"London Lydia": 1, "Lydia": 164}), {"London Lydia": "male", "Lydia": "female"}
    )
    (lydia,) = [c for c in clusters if "Lydia" in c.names]
    assert lydia.gender == "female"


def test_a_bare_title_joins_the_one_who_holds_it():
    out = clusters_of({"Professor de Worms": 12, "the Professor": 80, "Syme": 300})
    assert {"Professor de Worms", "the Professor"} in out
    out = clusters_of({"the General": 139, "Polina": 500})  # no General named: a character of its own
    assert {"the General"} in out


def test_a_title_does_not_join_through_a_pet_name():
    out = clusters_of({"Tom Bertram": 20, "Tom": 150, "Sir Thomas": 300, "Sir Thomas Bertram": 10})
    assert {"Sir Thomas", "Sir Thomas Bertram"} in out and {"Tom Bertram", "Tom"} in out


def test_the_plain_miss_surname_is_the_sister_not_called_miss_given_name():
    # Pride and Prejudice: "Miss Elizabeth" tells Elizabeth from the eldest, "Miss Bennet" (Jane)
    out = clusters_of(
        {
            "Miss Elizabeth Bennet": 5,
            "Elizabeth Bennet": 5,
            "Jane Bennet": 3,
            "Miss Bennet": 65,
            "Miss Elizabeth": 7,
            "Elizabeth": 600,
            "Jane": 290,
        },
        {"Elizabeth": "female", "Jane": "female", "Miss Bennet": "female"},
    )
    assert {"Jane Bennet", "Jane", "Miss Bennet"} in out
    assert {"Miss Elizabeth Bennet", "Elizabeth Bennet", "Miss Elizabeth", "Elizabeth"} in out


def test_a_full_name_said_once_is_no_second_bearer():
    # Daisy Miller: "Annie P. Miller" (her own full name, once) does not make "Miss Miller" ambiguous
    counts = Counter(
        {"Miss Daisy Miller": 21, "Daisy Miller": 11, "Daisy": 131, "Annie P. Miller": 1, "Miss Miller": 33}
    )
    out = [set(c.names) for c in cluster_names(counts, {"Daisy": "female"}, together=Counter())]
    assert {"Miss Daisy Miller", "Daisy Miller", "Daisy", "Miss Miller"} in out


def test_a_courtesy_title_goes_with_a_given_name_and_a_rank_not_with_a_miss():
    out = clusters_of({"Marianne Dashwood": 1, "Marianne": 548, "Miss Marianne": 17}, {"Marianne": "female"})
    assert out == [{"Marianne Dashwood", "Marianne", "Miss Marianne"}]
    out = clusters_of({"Miss Mary Morstan": 2, "Miss Morstan": 39, "Captain Morstan": 15})
    assert {"Captain Morstan"} in out
    out = clusters_of({"Lady Bertram": 132, "Miss Bertram": 49})  # a Lady by surname is a married woman
    assert len(out) == 2


def test_clipped_and_pet_forms_join_their_one_owner():
    clusters = cluster_names(
        Counter(
            {
                "Gilbert Blythe": 46,
                "Gilbert": 67,
                "Gil": 11,
                "Ruby Gillis": 26,
                "Gillis": 21,
                "Skaggs": 27,
                "Skaggsy": 15,
                "Mr. Skaggs": 8,
            }
        ),
        {},
    )
    out = [set(c.names) for c in join_short_forms(clusters)]
    assert {"Gilbert Blythe", "Gilbert", "Gil"} in out  # not "Gillis": a surname is not clipped
    assert {"Skaggs", "Mr. Skaggs", "Skaggsy"} in out
    clusters = cluster_names(Counter({"Ed": 5, "Edward": 50, "Edmund": 40}), {})
    assert {"Ed"} in [set(c.names) for c in join_short_forms(clusters)]  # too short, and two could own it


FANFIC_PASSAGES = ROOT / "data" / "fanfic-dev" / "passages"


def test_forms_clipped_from_inside_or_the_end_join_their_one_owner():
    clusters = cluster_names(
        Counter(
            {
                "Ottilie Marsh": 3,
                "Ottilie": 30,
                "Tillie": 8,
                "Alexander": 20,
                "Xander": 6,
                "Murray": 9,
                "Ray": 4,
            }
        ),
        {"Ottilie": "female", "Tillie": "female"},
    )
    out = [set(c.names) for c in join_short_forms(clusters)]
    assert {"Ottilie Marsh", "Ottilie", "Tillie"} in out  # ot-TIL-ie, its consonant doubled
    assert {"Alexander", "Xander"} in out
    assert {"Ray"} in out  # three letters of a name's end are too few to tell


def test_the_passage_s_nickname_is_its_owner_s():
    work = ficlens.analyze(need(FANFIC_PASSAGES / "ff-pair.txt"))
    (ottilie,) = [c for c in work.characters if "Ottilie" in c.aliases]
    assert "Tillie" in ottilie.aliases


def test_surname_particles_are_no_name_words():
    assert parse_name("Mrs. van der Luyden").words == ("luyden",)
    assert parse_name("Henry van der Luyden").words == ("henry", "luyden")
    assert parse_name("Professor de Worms").words == ("worms",)
    out = clusters_of(
        {
            "Professor de Worms": 16,
            "Worms": 20,
            "Mr. van der Luyden": 36,
            "Henry van der Luyden": 4,
            "Luyden": 8,
        },
        {},
    )
    assert {"Professor de Worms", "Worms"} in out
    assert {"Mr. van der Luyden", "Henry van der Luyden", "Luyden"} in out


def test_a_wife_called_by_her_husbands_name_joins_mrs_surname():
    counts = {
        "Mr. van der Luyden": 43,
        "Henry van der Luyden": 4,
        "Mrs. van der Luyden": 39,
        "Mrs. Henry van der Luyden": 3,
        "Mr. Knightley": 300,
        "Mr. John Knightley": 40,
        "John Knightley": 25,
        "Mrs. Knightley": 2,
        "Mrs. John Knightley": 14,
    }
    out = [set(c.names) for c in join_wives(cluster_names(Counter(counts), {"Henry van der Luyden": "male"}))]
    assert {"Mrs. van der Luyden", "Mrs. Henry van der Luyden"} in out
    assert {
        "Mrs. John Knightley"
    } in out  # John Knightley is not "Mr. Knightley": his wife is no "Mrs. Knightley"


def test_a_knights_title_takes_his_given_name():
    # "William Walter" is the heir's name cut short: "Sir Walter" is Sir Walter Elliot
    out = clusters_of(
        {"Sir Walter Elliot": 13, "William Walter": 5, "Sir Walter": 118}, {"William Walter": "male"}
    )
    assert {"Sir Walter Elliot", "Sir Walter"} in out


def test_a_titled_initial_joins_the_one_surname_it_starts():
    counts = {
        "Mr. Elton": 229,
        "Philip Elton": 2,
        "Mr. E.": 10,
        "Mr. Weston": 100,
        "Mr. Knightley": 300,
        "Mr. K.": 1,
        "Mr. Kingston": 3,
    }
    out = [set(c.names) for c in join_initials(cluster_names(Counter(counts), {}))]
    assert {"Mr. Elton", "Philip Elton", "Mr. E."} in out
    assert {"Mr. K."} in out  # Knightley or Kingston: left alone


def test_a_rank_and_surname_join_the_one_introduced_by_that_rank():
    counts = {
        "Captain Frederick Tilney": 1,
        "Frederick": 15,
        "Captain Tilney": 26,
        "Henry Tilney": 30,
        "Mr. Tilney": 38,
        "General Tilney": 10,
    }
    out = clusters_of(counts, {"Frederick": "male", "Henry Tilney": "male"})
    assert {"Captain Frederick Tilney", "Frederick", "Captain Tilney"} in out


def test_a_bare_honorific_joins_the_one_character_called_by_it():
    work = ficlens.analyze(need(FANFIC_PASSAGES / "honorifics.txt"))
    (teacher,) = [c for c in work.characters if "Sensei" in c.aliases]
    assert any(a.endswith("-sensei") for a in teacher.aliases)


def test_a_bare_honorific_several_are_called_by_is_no_character():
    # "Takeda-senpai" and "Kanda-senpai" both: "Senpai" alone is either in turn
    clusters = join_bare_honorifics(
        cluster_names(Counter({"Takeda-senpai": 3, "Kanda-senpai": 2, "Senpai": 2}), {})
    )
    assert [set(c.names) for c in clusters] == [{"Takeda-senpai"}, {"Kanda-senpai"}]
    alone = join_bare_honorifics(cluster_names(Counter({"Sensei": 5, "Mio": 3}), {}))
    assert {"Sensei"} in [set(c.names) for c in alone]  # the only name the teacher has


def test_a_common_diminutive_is_its_given_name():
    assert given_key("jake") == "jacob" and given_key("josie") == "josephine"
    clusters = cluster_names(Counter({"Jacob Brown": 4, "Jacob": 20, "Jake": 60}), {})
    assert [set(c.names) for c in clusters] == [{"Jacob Brown", "Jacob", "Jake"}]
