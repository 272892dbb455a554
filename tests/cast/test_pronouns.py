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
