"""build_cast on the seed and on PDNC novels: the issue's targets."""

from __future__ import annotations

import pytest
from paths import AO3_PAGES, PDNC, ROOT, SEED, need

import ficlens
from ficlens.cast import build_cast
from ficlens.quotes import find_quotes


def by_alias(work, alias):
    return [c for c in work.characters if alias in c.aliases]


@pytest.fixture(scope="module")
def seed():
    return build_cast(find_quotes(ficlens.read(need(SEED))))


def test_seed_four_separate_speakers(seed):
    owners = [by_alias(seed, n) for n in ("Ino", "Sakura", "Naruto", "Lee")]
    assert all(len(o) == 1 for o in owners)
    assert len({o[0].id for o in owners}) == 4


def test_seed_nicknames_and_pov(seed):
    (ino,), (sakura,) = by_alias(seed, "Ino"), by_alias(seed, "Sakura")
    assert "Forehead" in sakura.aliases
    assert "Ino-pig" in ino.aliases
    assert ino.pov and not sakura.pov
    assert ino.gender == "female" and sakura.gender == "female"
    assert not any("Narutos" in c.aliases for c in seed.characters)
    assert not any("Mounds" in c.aliases for c in seed.characters)  # "Mounds of kanji ...": a quantity
    (lee,) = by_alias(seed, "Lee")
    assert "Bushy-Brows" in lee.aliases  # Naruto's nickname for Lee, said about him in a quote


def test_seed_mentions_point_at_characters(seed):
    ids = {c.id for c in seed.characters}
    assert all(m.character in ids for m in seed.mentions if m.character)
    assert all(seed.text[m.start : m.end] == m.text for m in seed.mentions)
    (ino,) = by_alias(seed, "Ino")
    she = [m for m in seed.mentions if m.kind == "pronoun" and m.text.lower() == "she"]
    assert sum(m.character == ino.id for m in she) > len(she) / 2  # the POV character carries most "she"
    assert ino.mentions == sum(m.character == ino.id for m in seed.mentions)


@pytest.fixture(scope="module")
def emma():
    return build_cast(find_quotes(ficlens.read(need(PDNC / "Emma" / "novel_text.txt"))))


def test_emma_knightley_brothers_apart(emma):
    (george,) = by_alias(emma, "Mr. Knightley")
    (john,) = by_alias(emma, "Mr. John Knightley")
    assert george.id != john.id
    assert george.gender == "male" and john.gender == "male"
    (heroine,) = by_alias(emma, "Emma")
    assert heroine.gender == "female" and heroine.pov
    assert "Miss Woodhouse" in heroine.aliases
    assert by_alias(emma, "Mr. Woodhouse")[0] is not heroine


@pytest.mark.slow
def test_pride_and_prejudice_elizabeth_aliases():
    work = build_cast(find_quotes(ficlens.read(need(PDNC / "PrideAndPrejudice" / "novel_text.txt"))))
    (lizzy,) = by_alias(work, "Elizabeth")
    assert {"Lizzy", "Eliza"} <= set(lizzy.aliases)
    assert "Mrs. Bennet" not in lizzy.aliases and "Mr. Darcy" not in lizzy.aliases
    assert lizzy.gender == "female"
    # "Miss Elizabeth" marks her a younger sister: the plain "Miss Bennet" is Jane, the eldest
    (jane,) = by_alias(work, "Jane")
    assert "Miss Bennet" in jane.aliases and "Miss Bennet" not in lizzy.aliases


@pytest.fixture(scope="module")
def howards_end():
    return build_cast(find_quotes(ficlens.read(need(PDNC / "HowardsEnd" / "novel_text.txt"))))


def test_howards_end_aunt_juley_is_mrs_munt(howards_end):
    # the nieces' "Aunt Juley" is answered by the woman the narration calls Mrs. Munt
    (juley,) = by_alias(howards_end, "Aunt Juley")
    assert "Mrs. Munt" in juley.aliases and juley.gender == "female"
    assert by_alias(howards_end, "Margaret")[0] is not juley


def test_a_name_in_capitals_is_the_character_in_ordinary_case(howards_end):
    (margaret,) = by_alias(howards_end, "Margaret")
    shouted = [m for m in howards_end.mentions if m.text == "MISS SCHLEGEL"]
    assert shouted and all(m.character == margaret.id for m in shouted)
    assert not by_alias(howards_end, "MISS SCHLEGEL")


def test_first_person_narrator_is_the_character_addressed():
    work = build_cast(find_quotes(ficlens.read(need(PDNC / "TheSignOfTheFour" / "novel_text.txt"))))
    narrators = [c for c in work.characters if c.narrator]
    assert [c.name for c in narrators] == ["Watson"]
    assert narrators[0].pov
    first = [m for m in work.mentions if m.character == narrators[0].id and m.text in ("I", "me", "my")]
    assert len(first) > 100


def test_a_narrator_never_addressed_thrice_is_the_one_the_dialogue_names():
    # the fan-fiction set's first-person passage: "Come on, Cal", "You absolutely did, Callum", "Callum Ashby,
    # as I live and breathe" - and the narration calls him only "I"
    passage = ROOT / "data" / "fanfic-dev" / "passages" / "first-person.txt"
    work = build_cast(find_quotes(ficlens.read(passage)))
    assert [c.name for c in work.characters if c.narrator] == ["Callum Ashby"]


def test_third_person_novel_has_no_narrator(emma):
    assert not any(c.narrator for c in emma.characters)


def _segmented(text: str):
    from ficlens.model import Chapter, Metadata, Source, Work
    from ficlens.segment import segment

    return segment(Work(Source("a", "text", ""), Metadata(), text, chapters=[Chapter(1, None, 0, len(text))]))


def test_tiny_and_empty_texts():
    empty = build_cast(find_quotes(_segmented("")))
    assert empty.characters == [] and empty.mentions == []
    tiny = build_cast(find_quotes(_segmented("“Hi, Bob,” said Ann.")))
    assert [c.name for c in tiny.characters] == ["Ann"]


def cast_of_paragraphs(turns: list[str]):
    return build_cast(find_quotes(_segmented("\n\n".join(turns))))


def test_title_answered_by_one_character_joins_her():
    turns = []
    for i in range(4):
        turns += [
            "“Good morning, Miss Schlegel,” said Henry Wilcox.",
            f"Margaret smiled. “Good morning {i}.”",
        ]
    turns += ["Miss Schlegel was out. Margaret walked to the door, and Henry Wilcox went home."]
    work = cast_of_paragraphs(turns)
    (margaret,) = by_alias(work, "Margaret")
    assert "Miss Schlegel" in margaret.aliases
    assert by_alias(work, "Henry Wilcox")[0] is not margaret


def test_given_name_answered_by_a_titled_character_joins_her_but_not_another_given_name():
    turns = []
    for i in range(4):
        turns += [
            "“Good night, Maggie,” said Ralph Denham.",
            f"Mrs. Hilbery smiled. “Good night {i}.”",
            "“Well, Mary,” said William Rodney.",
            f"Katharine looked up. “Yes {i}.”",
        ]
    turns += ["Maggie was out. Mrs. Hilbery walked to the door. Katharine and Mary went home."]
    work = cast_of_paragraphs(turns)
    (mother,) = by_alias(work, "Mrs. Hilbery")
    assert "Maggie" in mother.aliases
    assert by_alias(work, "Katharine")[0] is not by_alias(work, "Mary")[0]  # two given names: two people


def test_the_invisible_man_marvel_is_one_man_despite_a_shouted_heading():
    # "MR. MARVEL DISCUSSES ..." heads a chapter; it made "Marvel" look like a given name
    work = build_cast(find_quotes(ficlens.read(need(PDNC / "TheInvisibleMan" / "novel_text.txt"))))
    (marvel,) = by_alias(work, "Mr. Thomas Marvel")
    assert {"Mr. Marvel", "Marvel"} <= set(marvel.aliases) and marvel.gender == "male"
    assert not any("DISCUSSES" in a for c in work.characters for a in c.aliases)


def test_the_gambler_narrator_is_the_man_addressed_by_his_full_name():
    # the NER tags only "Ivanovitch"; "Alexis Ivanovitch", said again and again, makes the full name
    work = build_cast(find_quotes(ficlens.read(need(PDNC / "TheGambler" / "novel_text.txt"))))
    assert [c.name for c in work.characters if c.narrator] == ["Alexis Ivanovitch"]


def test_titles_in_the_plural_name_no_one_person():
    from ficlens.cast import is_person_name

    assert is_person_name("Mrs. Callendar") and is_person_name("Captain Wentworth")
    assert not is_person_name("Mesdames Callendar") and not is_person_name("Messrs. Hoper")
    assert not is_person_name("Misses Dashwood") and not is_person_name("Mr")


def test_fan_fiction_nicknames_without_one_word_remarks():
    # Dragon Age: Varric's "Curly" for Cullen and Sera's "Wolfbutt" for Solas are nicknames; "Obviously," or
    # "Yaaaaas!" opening a quote, and a one-word answer ("Doubtful," Josephine's accent...), are not
    work = build_cast(find_quotes(ficlens.read(need(AO3_PAGES / "17793689-ch1-of-wip.html"))))
    assert "Curly" in by_alias(work, "Cullen")[0].aliases
    assert "Wolfbutt" in by_alias(work, "Solas")[0].aliases
    aliases = {a for c in work.characters for a in c.aliases}
    assert not aliases & {"Obviously", "Mmm", "Yaaaaas", "Doubtful", "Necromancy"}


@pytest.fixture(scope="module")
def demo():
    from ficlens.data import example_path

    return build_cast(find_quotes(ficlens.read(example_path())))


def test_demo_nicknames_join_the_ones_they_name(demo):
    """The bundled demo shows nicknames off: "Salt" is only ever said to Marisol (after two paragraphs of
    pronouns, and in a chapter title that is no narration), "Wren-bird" is built on Wren's name."""
    assert sorted(c.name for c in demo.characters) == ["Crane", "Marisol", "Wren"]
    (marisol,) = by_alias(demo, "Marisol")
    (wren,) = by_alias(demo, "Wren")
    assert "Salt" in marisol.aliases
    assert "Wren-bird" in wren.aliases
    assert not any(m.start < demo.paragraphs[0].start for m in demo.mentions)  # nothing in the headings


def test_an_honorific_on_a_given_name_joins_its_family_name():
    """The set's passage written family name first: "Takeda Ren" once, "Ren-senpai" only in quotes (which the
    nickname rules gave to the one who says it); the honorific's name is Takeda's."""
    work = build_cast(find_quotes(ficlens.read(ROOT / "data" / "fanfic-dev" / "passages" / "honorifics.txt")))
    (takeda,) = by_alias(work, "Takeda")
    assert {"Takeda Ren", "Ren-senpai", "Takeda-senpai"} <= set(takeda.aliases)
    assert not any("Ren-senpai" in c.aliases for c in work.characters if c is not takeda)
