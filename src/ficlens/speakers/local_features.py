"""The ranker's local features: what a quote's own surroundings say of one candidate speaker (speech tags,
pronoun tags, action beats, vocatives, recency). Each reads the quote's QuoteView; the order below is the
column order the shipped model was trained on."""

from __future__ import annotations

import math

from ficlens.speakers.feature_registry import FeatureRegistry
from ficlens.speakers.quote_view import QuoteView
from ficlens.speakers.tags import TAG_GENDER

LOCAL_FEATURES: FeatureRegistry[QuoteView] = FeatureRegistry()
feature = LOCAL_FEATURES.register
_FAR = 99  # recency rank of a candidate not named in the window


@feature
def bias_rank1(v: QuoteView, c: str) -> bool:
    """Named last before the quote."""
    return v.recent.get(c, _FAR) == 0


@feature
def rank2(v: QuoteView, c: str) -> bool:
    return v.recent.get(c, _FAR) == 1


@feature
def rank3(v: QuoteView, c: str) -> bool:
    return v.recent.get(c, _FAR) == 2


@feature
def rank_far(v: QuoteView, c: str) -> bool:
    """Named earlier still, or not in the window."""
    return v.recent.get(c, _FAR) > 2


@feature
def log_window_mentions(v: QuoteView, c: str) -> float:
    return math.log1p(v.counts.get(c, 0))


@feature
def share(v: QuoteView, c: str) -> float:
    """Log share of the work's name mentions."""
    return math.log(max(v.shared.idx.totals.get(c, 0), 1) / v.shared.total)


@feature
def after_name(v: QuoteView, c: str) -> bool:
    return c in v.after_named


@feature
def after_name_verb(v: QuoteView, c: str) -> bool:
    return c in v.after_named and v.after_verb


@feature
def after_name_first(v: QuoteView, c: str) -> bool:
    return v.after_first == c


@feature
def before_name(v: QuoteView, c: str) -> bool:
    return c in v.before_named


@feature
def before_name_verb(v: QuoteView, c: str) -> bool:
    return c in v.before_named and v.before_verb


@feature
def before_name_last(v: QuoteView, c: str) -> bool:
    return v.before_last == c


@feature
def tag_pronoun_rank1(v: QuoteView, c: str) -> bool:
    """The latest of the gender of the pronoun by the tag's verb."""
    return v.gender_rank.get(c) == 0


@feature
def tag_pronoun_rank2(v: QuoteView, c: str) -> bool:
    return v.gender_rank.get(c) == 1


@feature
def tag_resolved(v: QuoteView, c: str) -> float:
    """The coreference model's probability that the tag's pronoun is this candidate, when it chose it."""
    return v.resolved.get(c, 0.0)


@feature
def para_first_name(v: QuoteView, c: str) -> bool:
    return v.para_first == c


@feature
def para_name(v: QuoteView, c: str) -> bool:
    return c in v.para_named


@feature
def para_subject(v: QuoteView, c: str) -> bool:
    return c in v.subjects


@feature
def in_quote(v: QuoteView, c: str) -> bool:
    """Named in the quote itself: rarely the speaker."""
    return c in v.in_quote


@feature
def in_prev_quote(v: QuoteView, c: str) -> bool:
    return c in v.in_prev_quote


@feature
def in_next_quote(v: QuoteView, c: str) -> bool:
    return c in v.in_next_quote


@feature
def narrator(v: QuoteView, c: str) -> bool:
    return c in v.narrators


@feature
def after_other_name_verb(v: QuoteView, c: str) -> bool:
    """A speech verb after the quote, and someone else named first there."""
    return v.after_verb and v.after_first is not None and v.after_first != c


@feature
def after_tag(v: QuoteView, c: str) -> bool:
    return v.adj_after == c


@feature
def before_tag(v: QuoteView, c: str) -> bool:
    return v.adj_before == c


@feature
def pronoun_tag_rank1(v: QuoteView, c: str) -> bool:
    """The latest named outside quotes of the gender of a "he said" right after the quote."""
    return v.pron_rank.get(c) == 0


@feature
def pronoun_tag_rank2(v: QuoteView, c: str) -> bool:
    return v.pron_rank.get(c) == 1


@feature
def pronoun_tag_mismatch(v: QuoteView, c: str) -> bool:
    """A known gender other than the pronoun tag's."""
    chars = v.shared.chars
    return bool(
        v.pron_word in TAG_GENDER
        and chars.get(c)
        and chars[c].gender
        and chars[c].gender != TAG_GENDER[v.pron_word]
    )


@feature
def pronoun_tag_unknown_rank1(v: QuoteView, c: str) -> bool:
    """Of unknown gender and named last outside quotes, under a he/she tag."""
    chars = v.shared.chars
    return bool(
        v.pron_word in TAG_GENDER and chars.get(c) and not chars[c].gender and v.recent_out.get(c) == 0
    )


@feature
def other_tag(v: QuoteView, c: str) -> bool:
    """A tag right by the quote names someone else."""
    return v.adjacent is not None and v.adjacent != c


@feature
def first_person_tag(v: QuoteView, c: str) -> bool:
    """An "I said" (a narrator) or "you say" (the reader of a reader-insert)."""
    return v.pron_word in v.narrators.get(c, ())


@feature
def vocative_here(v: QuoteView, c: str) -> bool:
    return c in v.voc_here


@feature
def vocative_prev(v: QuoteView, c: str) -> bool:
    """Addressed in the turn before: likely to answer."""
    return c in v.voc_prev


@feature
def vocative_next(v: QuoteView, c: str) -> bool:
    return c in v.voc_next


@feature
def global_top3(v: QuoteView, c: str) -> bool:
    return c in v.shared.idx.top


@feature
def lead_in_subject(v: QuoteView, c: str) -> bool:
    return v.lead_subject == c


@feature
def pronoun_tag_subject(v: QuoteView, c: str) -> bool:
    return v.tag_subject == c


@feature
def beat_pronoun_gender(v: QuoteView, c: str) -> bool:
    chars = v.shared.chars
    return bool(v.beat_gender and chars.get(c) and chars[c].gender == v.beat_gender)


@feature
def beat_pronoun_subject(v: QuoteView, c: str) -> bool:
    return v.beat_subject == c


@feature
def in_same_turn_quote(v: QuoteView, c: str) -> bool:
    return c in v.in_same_turn


@feature
def tag_addressee(v: QuoteView, c: str) -> bool:
    """Spoken to by the tag ("said to Darcy"): not the speaker."""
    return c in v.spoken_to


@feature
def tag_possessor(v: QuoteView, c: str) -> bool:
    """Whose kin the tag describes ("said her mother": the "her"): not the speaker."""
    return c == v.possessor
