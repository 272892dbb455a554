"""Gender from the text's pronouns, and pronoun resolution by gendered recency."""

from __future__ import annotations

from ficlens.cast.pronouns import Spans, Token, name_genders, pronoun_tokens, resolve, sentence_index

TEXT = (
    "Ino is alone in the field. She is far from home. Lee arrives and seats himself beside her. "
    "Ino frowns at him, and she turns away. Lee shrugs; he is used to it."
)


def tokens(text: str) -> list[Token]:
    quotes, paragraphs = Spans([]), Spans([(0, len(text))])
    names = [
        Token(i, i + len(n), n, True, False, 0)
        for n in ("Ino", "Lee")
        for i in (j for j in range(len(text)) if text.startswith(n, j))
    ]
    return sorted(names + pronoun_tokens(text, quotes, paragraphs), key=lambda t: t.start)


def test_genders_come_from_subject_and_reflexive_pronouns():
    assert name_genders(TEXT, tokens(TEXT)) == {"Ino": "female", "Lee": "male"}


def test_object_and_possessive_pronouns_do_not_vote():
    text = "Lee took her hand. Lee smiled at her. Lee kissed her. Lee thought he knew."
    assert name_genders(text, tokens(text)) == {"Lee": "male"}


def test_resolution_follows_gender_and_recency():
    toks = tokens(TEXT)
    resolved = {
        (t.start, t.surface): cid
        for t, cid in resolve(toks, {"Ino": "C1", "Lee": "C2"}, {"C1": "female", "C2": "male"}, lambda pos: 0)
    }
    assert all(cid == "C1" for (_, word), cid in resolved.items() if word.lower() in ("she", "her"))
    assert all(cid == "C2" for (_, word), cid in resolved.items() if word.lower() in ("he", "him", "himself"))


def test_unknown_gender_is_learned_from_the_pronoun():
    text = "Kiri walks in. She sits down."
    toks = [Token(0, 4, "Kiri", True, False, 0), *pronoun_tokens(text, Spans([]), Spans([(0, len(text))]))]
    genders = {"C1": None}
    assert [cid for _, cid in resolve(toks, {"Kiri": "C1"}, genders, lambda pos: 0)] == ["C1"]
    assert genders["C1"] == "female"


def test_a_pronoun_with_no_antecedent_in_its_sentence_takes_the_previous_sentences_first():
    # Hobbs: "Lee approaches her as Naruto takes over. He says ..." - he is Lee, the subject, not Naruto
    text = "Lee approaches her as Naruto takes over. He says nothing. Naruto waves and he grins."
    names = [
        Token(i, i + len(n), n, True, False, 0)
        for n in ("Lee", "Naruto")
        for i in (j for j in range(len(text)) if text.startswith(n, j))
    ]
    toks = sorted(names + pronoun_tokens(text, Spans([]), Spans([(0, len(text))])), key=lambda t: t.start)
    chars, genders = {"Lee": "C1", "Naruto": "C2"}, {"C1": "male", "C2": "male"}
    he = [
        cid
        for t, cid in resolve(toks, chars, genders, lambda pos: 0, sentence_index(text))
        if t.surface.lower() == "he"
    ]
    assert he == ["C1", "C2"]  # the second "he" has Naruto earlier in its own sentence
    plain = [
        cid for t, cid in resolve(toks, chars, dict(genders), lambda pos: 0) if t.surface.lower() == "he"
    ]
    assert plain == ["C2", "C2"]  # plain recency, without sentences
