"""A chatfic (an AO3 work told as a group chat): each message is a quotation, spoken by its label's owner."""

from __future__ import annotations

from paths import AO3_PAGES, need

import ficlens


def test_every_message_is_spoken_by_the_character_of_its_label():
    work = ficlens.analyze(need(AO3_PAGES / "37214506-chatfic-ch1.html"))
    owner = {alias: c.id for c in work.characters for alias in c.aliases}
    assert len(work.quotes) >= 50
    label_of = {label.quote: work.text[label.start : label.end] for label in work.speaker_labels}
    assert len(label_of) == len(work.quotes)
    labels = [label_of[q.id] for q in work.quotes]
    paragraph_of = {q.id: next(p for p in work.paragraphs if p.start <= q.start < p.end) for q in work.quotes}
    assert all(
        work.text[paragraph_of[q.id].start : q.start].strip().rstrip(":").strip() == label_of[q.id]
        for q in work.quotes
    )  # each label opens its message's line
    assert all(q.speaker == owner[label] for q, label in zip(work.quotes, labels, strict=False))
    assert all(q.type == "explicit" for q in work.quotes)
    (natasha,) = [c for c in work.characters if "Natasha" in c.aliases]
    assert "Nat" in natasha.aliases  # her name changed in the chat: "Nat" is still her
    assert not any(c.narrator for c in work.characters)  # "I" in the messages is no narrator
