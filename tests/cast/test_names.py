"""Name spans: splitting what the NER returns, and the shipped model on real text."""

from __future__ import annotations

import re

from paths import PDNC, SEED, need

from ficlens.cast.names import find_names, split_name_span, with_honorific_given_names


def names_in(text: str) -> list[str]:
    return [text[s:e] for s, e in split_name_span(text, 0, len(text))]


def test_split_keeps_names_and_drops_the_rest():
    assert names_in("Had Elizabeth") == ["Elizabeth"]
    assert names_in("Jane to Elizabeth") == ["Jane", "Elizabeth"]
    assert names_in("Mrs. Bennet.--They") == ["Mrs. Bennet"]
    assert names_in("Mr. Elton's") == ["Mr. Elton"]
    assert names_in("Lady Catherine de Bourgh") == ["Lady Catherine de Bourgh"]
    assert names_in("William the Conqueror") == ["William the Conqueror"]
    assert names_in("Terry O. Nicholson") == ["Terry O. Nicholson"]
    assert names_in("Lord") == []
    assert names_in("Anne Mrs. Lynde") == ["Anne", "Mrs. Lynde"]  # a title of address starts a new name
    assert names_in("Dear Mrs. Weston") == ["Mrs. Weston"]


def test_seed_names_found_and_no_generic_plural():
    text = need(SEED).read_text(encoding="utf-8")
    found = [text[s:e] for s, e in find_names([text])[0]]
    for name in ("Ino", "Sakura", "Naruto", "Lee"):
        assert found.count(name) >= 5, name
    assert "Narutos" not in found or found.count("Narutos") < found.count("Naruto")


def test_quantity_nouns_at_sentence_starts_are_no_names():
    from ficlens.cast.names import drop_quantity_nouns

    text = "Mounds of paper lay there. Piles of it. Then Sakura came. Mounds of kanji, too. Lee said so."
    spans = [(0, 6), (27, 32), (45, 51), (58, 64), (80, 83)]
    assert [text[s:e] for s, e in drop_quantity_nouns(text, spans)] == ["Sakura", "Lee"]


def test_full_names_from_a_known_given_name_and_a_titled_surname():
    from ficlens.cast.names import full_names

    text = "Fanny sat down. Miss Price was tired. Then Fanny Price spoke to Lady Bertram."
    spans = [(0, 5), (16, 26), (43, 48), (64, 76)]
    out = [text[s:e] for s, e in full_names(text, spans)]
    assert out == ["Fanny", "Miss Price", "Fanny Price", "Lady Bertram"]
    assert full_names("Fanny Price came.", [(0, 5)]) == [(0, 5)]  # no titled "Price": nothing to join


def test_no_trailing_article_on_a_name():
    assert names_in("Mr. Emerson The") == ["Mr. Emerson"]
    assert names_in("Duchess of Monmouth") == ["Duchess of Monmouth"]


def test_a_given_name_once_used_with_a_title_still_makes_full_names():
    from ficlens.cast.names import full_names

    # "Mrs. Newland" (his wife) once does not make "Newland" a surname: "Newland Archer" is a full name
    text = "Newland nodded. Mr. Archer rose. Mrs. Newland smiled. Newland Archer left. Newland sat."
    spans = [(0, 7), (16, 26), (33, 45), (54, 61), (75, 82)]
    assert "Newland Archer" in [text[s:e] for s, e in full_names(text, spans)]


def test_a_first_name_said_twice_before_a_known_name_makes_a_full_name():
    from ficlens.cast.names import full_names

    text = "Alexis Ivanovitch came. Ivanovitch sat. Then Alexis Ivanovitch left."
    spans = [(7, 17), (24, 34), (52, 62)]  # the NER's three "Ivanovitch"
    assert [text[s:e] for s, e in full_names(text, spans)] == [
        "Alexis Ivanovitch",
        "Ivanovitch",
        "Alexis Ivanovitch",
    ]
    once = "Alexis Ivanovitch came. Ivanovitch sat."
    assert full_names(once, [(7, 17), (24, 34)]) == [(7, 17), (24, 34)]  # once is not enough


def test_names_with_surname_particles_are_whole():
    text = (
        "She went in with Mrs. van der Luyden, as Mr. van der Luyden and Louisa van der Luyden wished. "
        "Professor de Worms came in."
    )
    assert names_in(text) == [
        "Mrs. van der Luyden",
        "Mr. van der Luyden",
        "Louisa van der Luyden",
        "Professor de Worms",
    ]


def test_an_everyday_word_opening_sentences_is_no_name_unless_capitalised_inside_one():
    from ficlens.cast.names import drop_sentence_starts

    text = "Plants work better in the sun. Bull laughs. Then Bull left."
    spans = [(0, 6), (31, 35), (49, 53)]
    assert [text[s:e] for s, e in drop_sentence_starts(text, spans)] == ["Bull", "Bull"]


def test_a_long_run_of_symbols_costs_the_ner_no_more_than_text():
    """spaCy strips a token's affixes one character at a time: 60k "!" took about half a minute."""
    import time

    text = "Anna Marsh walked in. " + "!" * 60_000 + " Anna Marsh laughed and Tom Reed said nothing.\n"
    started = time.process_time()
    spans = find_names([text])[0]
    assert time.process_time() - started < 10
    assert {text[s:e] for s, e in spans} >= {"Anna Marsh", "Tom Reed"}


def test_dense_text_is_cut_into_chunks_of_prose_like_token_counts():
    """spaCy's memory grows with a batch's tokens: 16 chunks of 6,000 one-letter lines took 1.5 GB."""
    from ficlens.cast.names import _chunks, load_model

    tokenizer = load_model().tokenizer
    for text in ("a\n" * 30_000, "I " * 30_000, "a.b," * 15_000):
        chunks = list(_chunks(text))
        assert "".join(c for _, c in chunks) == text
        assert max(len(tokenizer(c)) for _, c in chunks) <= 2500


def test_a_long_run_of_spaced_symbols_gives_the_ner_no_tokens():
    from ficlens.cast.names import _tokenizable

    text = "Anna said so. " + ". " * 5000 + "Tom left."
    masked = _tokenizable(text)
    assert len(masked) == len(text)
    assert masked.startswith("Anna said so") and masked.endswith("Tom left.")
    assert "." not in masked[20:-20]


def test_text_without_capitals_costs_the_ner_nothing():
    """A lower-case chunk names no one; 100 kB of one-letter lines took 12 s through the NER."""
    import time

    text = "a\n" * 50_000 + "Then Anna Marsh and Tom Reed came in and Anna Marsh laughed.\n"
    started = time.process_time()
    spans = find_names([text])[0]
    assert time.process_time() - started < 5
    assert {text[s:e] for s, e in spans} >= {"Anna Marsh", "Tom Reed"}


def test_a_name_that_only_opens_sentences_is_found_when_it_acts_as_a_person():
    from ficlens.cast.names import text_level_names

    text = "Tam unlocked the door. Cass blew in with the cold. Cass narrowed her eyes. Then Tam left."
    found = {text[s:e] for s, e in text_level_names(text, [])}
    assert "Cass" in found  # never in lowercase, no everyday word, and her eyes narrow
    assert "Then" not in found and "Tam" not in found  # an everyday word; a name with no sign of a person


def test_a_clipped_name_opening_sentences_is_found_beside_the_full_one():
    from ficlens.cast.names import text_level_names

    text = "Tamsin laughed at the till. Ottilie watched Tamsin count. “Tam. Come and sit.” “Tam, please.”"
    found = {text[s:e] for s, e in text_level_names(text, [])}
    assert {"Tamsin", "Tam"} <= found  # Tam only opens sentences, and clips Tamsin, found by her laugh


def test_a_found_name_with_an_honorific_is_a_name_wherever_it_stands():
    from ficlens.cast.names import text_level_names

    text = "“Takeda-senpai’s,” Kanda said. Mio found Takeda on the roof."
    takeda = text.rindex("Takeda")
    found = {text[s:e] for s, e in text_level_names(text, [(takeda, takeda + len("Takeda"))])}
    assert "Takeda-senpai" in found


def test_two_names_side_by_side_once_are_two():
    from ficlens.cast.names import split_juxtaposed

    text = "John Watson sat. Sherlock Holmes paced. He hands John Sherlock’s watch. John Watson smiled."
    spans = [(m.start(), m.end()) for m in re.finditer(r"John Watson|Sherlock Holmes|John Sherlock", text)]
    assert [text[s:e] for s, e in split_juxtaposed(text, spans)] == [
        "John Watson",
        "Sherlock Holmes",
        "John",
        "Sherlock",
        "John Watson",
    ]
    # a full name the text writes twice is a full name
    twice = text + " John Sherlock came too."
    spans = [(m.start(), m.end()) for m in re.finditer(r"John Watson|Sherlock Holmes|John Sherlock", twice)]
    assert "John Sherlock" in [twice[s:e] for s, e in split_juxtaposed(twice, spans)]


def test_sentences_that_cannot_hold_a_name_skip_the_ner():
    from ficlens.cast.names import _may_name

    assert not _may_name("“I don't know,” she said. ", frozenset())
    assert not _may_name("She smiled at him.\n", frozenset())
    assert _may_name("Elizabeth smiled. ", frozenset())  # no everyday word opens it
    assert _may_name("She smiled at Jane. ", frozenset())
    assert not _may_name("Will you come? ", frozenset())
    assert _may_name("Will you come? ", frozenset({"Will"}))  # "Will" is someone in this text


def test_the_ner_finds_the_same_names_in_the_sentences_it_reads(monkeypatch):
    """Skipping the sentences that cannot hold a name changes few of the NER's spans (the first chapters of
    Emma and of The Gambler, against the NER over all of it: in The Gambler 5 of 59, "Frenchman", "Herein",
    "Marquis" read in another context), and the NER reads a fifth of the text less at the least."""
    import ficlens.cast.names as names

    for novel in ("Emma", "TheGambler"):
        text = need(PDNC / novel / "novel_text.txt").read_text(encoding="utf-8")[:40_000]
        kept = sum(len(p.text) for p in names._pieces(text))
        assert kept < 0.8 * len(text)
        found = names.find_names([text], expand=False)[0]
        with monkeypatch.context() as m:
            m.setattr(names, "_runs_with_names", lambda chunk, _names: [(0, chunk)])
            everywhere = names.find_names([text], expand=False)[0]
        assert len(set(found) ^ set(everywhere)) <= len(everywhere) // 10, novel
        for piece in names._pieces(text):
            for start, offset, end in zip(piece.starts, piece.offsets, piece.ends, strict=True):
                assert piece.text[start:end] == text[offset : offset + end - start]


def test_a_family_name_takes_the_given_name_the_text_says_with_an_honorific():
    text = "Takeda Ren came out. Mio waved at Takeda Ren.\n\n“Ren-senpai, look.”\n\nKanda Shota sighed."
    spans = [(m.start(), m.end()) for m in re.finditer(r"Takeda|Kanda|Mio", text)]
    widened = [text[s:e] for s, e in with_honorific_given_names(text, spans)]
    assert widened == ["Takeda Ren", "Mio", "Takeda Ren", "Kanda"]  # no "Shota-…" said: Kanda stays
