"""Pronouns found, and gender from the text's pronouns."""

from __future__ import annotations

from ficlens.cast.pronouns import Spans, Token, name_genders, pronoun_tokens

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


def test_a_pronoun_of_an_object_pronouns_gender_does_not_vote():
    # the honorifics passage's "Takeda shifted aside to make room for her, and she bent to the eyepiece"
    text = "Lee shifted aside to make room for her, and she bent down. Lee smiled; he was pleased."
    assert name_genders(text, tokens(text)) == {"Lee": "male"}
    text = "Lee shifted aside to make room for her hat, and she bent down."
    assert name_genders(text, tokens(text)) == {"Lee": "female"}  # her hat: a possessive, no one else
