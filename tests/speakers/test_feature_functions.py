"""Each ranker feature on a small hand-written scene: the cast is given and its names found by a regex, so
a test sees the features alone (no NER, no coreference). `marked` lists the candidates a feature fires for."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from ficlens.model import READER, Character, Mention
from ficlens.pipeline import read_bytes
from ficlens.quotes import find_quotes
from ficlens.speakers.context_features import CONTEXT_FEATURES
from ficlens.speakers.feature_registry import FeatureRegistry
from ficlens.speakers.features import CONTEXT, FEATURES, LOCAL, context_rows, local_contexts
from ficlens.speakers.local_features import LOCAL_FEATURES

GENDERS = {"Anna": "female", "Ben": "male", "Cora": "female", "Dan": "male", "Sam": None}
_NAME = re.compile(r"\b(?:Anna|Ben|Cora|Dan|Sam)\b")


def scene(text: str, *, extra: tuple[Character, ...] = (), pronouns: dict[str, str] | None = None):
    """The work's quote contexts; `pronouns` resolves each pronoun's first occurrence as the cast would."""
    work = find_quotes(read_bytes(text.encode(), name="scene.txt"))
    work.characters = [Character(id=n, name=n, aliases=[n], gender=g) for n, g in GENDERS.items()]
    work.characters += list(extra)
    work.mentions = [
        Mention(m.start(), m.end(), m.group(), m.group(), "name") for m in _NAME.finditer(work.text)
    ]
    for word, who in (pronouns or {}).items():
        at = re.search(rf"\b{word}\b", work.text).start()
        work.mentions.append(Mention(at, at + len(word), word, who, "pronoun"))
    return local_contexts(work)


def marked(contexts, feature: str, quote: int = 0) -> list[str]:
    ctx = contexts[quote]
    return sorted(c for c, row in zip(ctx.candidates, ctx.local, strict=False) if row[LOCAL.index(feature)])


def value(contexts, feature: str, who: str, quote: int = 0) -> float:
    ctx = contexts[quote]
    return float(ctx.local[ctx.candidates.index(who), LOCAL.index(feature)])


def test_the_names_come_from_the_registries_in_the_shipped_order():
    assert LOCAL_FEATURES.names == LOCAL and CONTEXT_FEATURES.names == CONTEXT and FEATURES == LOCAL + CONTEXT
    assert (len(LOCAL), len(CONTEXT)) == (42, 13)
    assert LOCAL[:4] == ("bias_rank1", "rank2", "rank3", "rank_far") and LOCAL[-1] == "tag_possessor"


def test_the_rule_baseline_weighs_registered_features_only():
    from ficlens.speakers.attribution import _RULES

    assert set(_RULES) <= set(FEATURES)


def test_a_feature_registered_twice_is_refused():
    registry: FeatureRegistry[object] = FeatureRegistry()

    def twice(v, c):
        return 0.0

    registry.register(twice)
    with pytest.raises(ValueError):
        registry.register(twice)


def test_every_feature_has_its_own_test():
    def feature_of(test: str) -> str:  # the longest name it starts with: after_name_verb, not after_name
        return max((f for f in FEATURES if test.startswith(f"test_{f}_")), key=len, default="")

    tested = {feature_of(name) for name in globals() if name.startswith("test_")}
    assert [f for f in FEATURES if f not in tested] == []


RECENCY = "Dan slept. Anna walked in with Ben. Cora waved.\n\n“Hello,” said Anna.\n"


def test_bias_rank1_is_the_last_named():
    assert marked(scene(RECENCY), "bias_rank1") == ["Cora"]


def test_rank2_is_the_one_named_before():
    assert marked(scene(RECENCY), "rank2") == ["Ben"]


def test_rank3_is_the_third_last_named():
    assert marked(scene(RECENCY), "rank3") == ["Anna"]


def test_rank_far_is_anyone_named_earlier():
    assert marked(scene(RECENCY), "rank_far") == ["Dan"]


COUNTS = "Ben nodded. Anna waved. Anna sat.\n\n“Hi,” said Ben.\n"


def test_log_window_mentions_counts_the_mentions_before_the_quote():
    contexts = scene(COUNTS)
    assert value(contexts, "log_window_mentions", "Anna") == pytest.approx(math.log1p(2))
    assert value(contexts, "log_window_mentions", "Ben") == pytest.approx(math.log1p(1))


def test_share_is_the_log_share_of_the_whole_works_mentions():
    contexts = scene(COUNTS + "\nAnna ran.\n")  # Anna 3 and Ben 2 of 5: the whole work, after the quote too
    assert value(contexts, "share", "Anna") == pytest.approx(math.log(3 / 5))
    assert value(contexts, "share", "Ben") == pytest.approx(math.log(2 / 5))


AFTER = "“Wait,” Ben said, and Anna sat down.\n\n“No.” Ben and Anna sat down.\n"


def test_after_name_is_anyone_named_in_the_narration_after_the_quote():
    assert marked(scene(AFTER), "after_name", 1) == ["Anna", "Ben"]


def test_after_name_verb_needs_a_speech_verb_there():
    contexts = scene(AFTER)
    assert marked(contexts, "after_name_verb", 0) == ["Anna", "Ben"]
    assert marked(contexts, "after_name_verb", 1) == []


def test_after_name_first_is_the_first_named_after_the_quote():
    assert marked(scene(AFTER), "after_name_first") == ["Ben"]


def test_after_other_name_verb_marks_all_but_the_first_named_in_a_tag():
    assert marked(scene(AFTER), "after_other_name_verb") == ["Anna"]


def test_after_tag_is_the_name_right_by_a_tag_after_the_quote():
    assert marked(scene(AFTER), "after_tag") == ["Ben"]
    # a quote ending on a comma goes on into its tag, whatever the verb (inside or outside the mark)
    assert marked(scene("Anna sat.\n\n“Best not wait, then,” Ben smiles.\n"), "after_tag") == ["Ben"]
    assert marked(scene("Anna sat.\n\n“Best not wait, then”, Ben smiles.\n"), "after_tag") == ["Ben"]
    assert marked(scene("Anna sat.\n\n“Best not wait.” Ben smiles.\n"), "after_tag") == []


BEFORE = "It was late. Ben looked up and Anna said, “Wait.”\n"


def test_before_name_is_anyone_named_in_the_lead_in():
    assert marked(scene(BEFORE), "before_name") == ["Anna", "Ben"]


def test_before_name_verb_needs_a_speech_verb_in_the_lead_in():
    assert marked(scene(BEFORE), "before_name_verb") == ["Anna", "Ben"]
    no_verb = scene("It was late. Ben looked up at last and Anna waited. “Wait.”\n")
    assert marked(no_verb, "before_name_verb") == []


def test_before_name_last_is_the_last_named_before_the_quote():
    assert marked(scene(BEFORE), "before_name_last") == ["Anna"]


def test_before_tag_is_the_name_right_by_a_leading_tag():
    assert marked(scene(BEFORE), "before_tag") == ["Anna"]


def test_lead_in_subject_is_the_first_named_in_the_leading_sentence():
    assert marked(scene(BEFORE), "lead_in_subject") == ["Ben"]
    # a possessive is no subject
    assert marked(scene("From her perch on Ben’s bed Anna asks, “Did we miss it?”\n"), "lead_in_subject") == [
        "Anna"
    ]


def test_other_tag_marks_everyone_but_the_one_a_tag_names():
    assert marked(scene(RECENCY), "other_tag") == ["Ben", "Cora", "Dan"]


PRONOUN_AFTER = "Dan saw Ben. Cora sat.\n\n“Hi,” he said.\n"
PRONOUN_BEFORE = "Ben waved. Dan and Cora sat. Then he said, “Hi.”\n"


def test_tag_pronoun_rank1_is_the_latest_of_the_pronouns_gender_after_or_before():
    assert marked(scene(PRONOUN_AFTER), "tag_pronoun_rank1") == ["Ben"]
    assert marked(scene(PRONOUN_BEFORE), "tag_pronoun_rank1") == ["Dan"]
    # a name between the pronoun and the verb is the verb's subject: no pronoun tag
    assert marked(scene("Cora sat.\n\nAnna rose. “Hi,” she hears Ben mutter.\n"), "tag_pronoun_rank1") == []


def test_tag_pronoun_rank2_is_the_one_of_that_gender_before():
    assert marked(scene(PRONOUN_BEFORE), "tag_pronoun_rank2") == ["Ben"]


def test_pronoun_tag_rank1_needs_the_pronoun_tag_right_after_the_quote():
    assert marked(scene(PRONOUN_AFTER), "pronoun_tag_rank1") == ["Ben"]
    assert marked(scene(PRONOUN_BEFORE), "pronoun_tag_rank1") == []


def test_pronoun_tag_rank2_is_the_one_of_that_gender_before():
    assert marked(scene(PRONOUN_AFTER), "pronoun_tag_rank2") == ["Dan"]


def test_pronoun_tag_subject_resolves_the_pronoun_as_hobbs_would():
    assert marked(scene(PRONOUN_AFTER), "pronoun_tag_subject") == ["Dan"]  # the subject of "Dan saw Ben."


UNKNOWN = "Cora and Ben waved. Sam sat.\n\n“Hi,” he said.\n"


def test_pronoun_tag_mismatch_marks_the_other_gender():
    assert marked(scene(UNKNOWN), "pronoun_tag_mismatch") == ["Cora"]


def test_pronoun_tag_unknown_rank1_is_the_last_named_of_unknown_gender():
    assert marked(scene(UNKNOWN), "pronoun_tag_unknown_rank1") == ["Sam"]


def test_tag_resolved_is_the_casts_reading_of_the_tags_pronoun():
    assert marked(scene(PRONOUN_AFTER, pronouns={"he": "Dan"}), "tag_resolved") == ["Dan"]
    assert marked(scene(PRONOUN_AFTER), "tag_resolved") == []


NARRATOR = Character(id="Nell", name="Nell", aliases=["I"], narrator=True)


def test_narrator_marks_a_first_person_narrator():
    assert marked(scene("Ben waved.\n\n“Hi,” Ben said.\n", extra=(NARRATOR,)), "narrator") == ["Nell"]


def test_first_person_tag_names_the_narrator_or_the_reader():
    assert marked(scene("Ben waved.\n\n“Hi,” I said.\n", extra=(NARRATOR,)), "first_person_tag") == ["Nell"]
    reader = Character(id="Reader", name=READER, aliases=["you"])
    assert marked(scene("Ben waved.\n\n“Hi,” you say.\n", extra=(reader,)), "first_person_tag") == ["Reader"]


PARAGRAPH = "Anna read. Ben sat by Cora. “Hi.”\n"


def test_para_first_name_is_the_first_named_in_the_paragraph():
    assert marked(scene(PARAGRAPH), "para_first_name") == ["Anna"]


def test_para_name_is_anyone_named_in_the_paragraphs_narration():
    assert marked(scene(PARAGRAPH), "para_name") == ["Anna", "Ben", "Cora"]


def test_para_subject_is_a_sentence_initial_name():
    assert marked(scene(PARAGRAPH), "para_subject") == ["Anna", "Ben"]


EXCHANGE = (
    "Anna and Ben sat.\n\n“Ben, look,” said Anna.\n\n“Where, Anna?” said Ben. “I see Cora.”\n\n"
    "“Dan, come,” said Anna.\n"
)


def test_in_quote_is_named_inside_the_quote():
    assert marked(scene(EXCHANGE), "in_quote", 1) == ["Anna"]


def test_in_prev_quote_is_named_in_the_turn_before():
    assert marked(scene(EXCHANGE), "in_prev_quote", 1) == ["Ben"]


def test_in_next_quote_is_named_in_the_turn_after():
    assert marked(scene(EXCHANGE), "in_next_quote", 1) == ["Dan"]


def test_in_same_turn_quote_is_named_in_an_earlier_quote_of_the_paragraph():
    contexts = scene(EXCHANGE)
    assert marked(contexts, "in_same_turn_quote", 2) == ["Anna"]
    assert marked(contexts, "in_same_turn_quote", 1) == []


def test_vocative_here_is_addressed_in_the_quote():
    contexts = scene(EXCHANGE)
    assert marked(contexts, "vocative_here", 1) == ["Anna"]
    assert marked(contexts, "vocative_here", 2) == []  # "I see Cora." names her, not to her


def test_vocative_prev_is_addressed_in_the_turn_before():
    assert marked(scene(EXCHANGE), "vocative_prev", 1) == ["Ben"]


def test_vocative_next_is_addressed_in_the_turn_after():
    assert marked(scene(EXCHANGE), "vocative_next", 1) == ["Dan"]


def test_global_top3_is_the_works_three_most_named():
    text = "Anna, Ben and Cora met. Anna and Ben and Cora sat. Anna left. Dan came.\n\n“Hi,” said Dan.\n"
    assert marked(scene(text), "global_top3") == ["Anna", "Ben", "Cora"]


BEAT = "Dan left. Ben saw Anna.\n\n“Oh.” His face fell.\n"


def test_beat_pronoun_gender_marks_the_gender_of_an_action_beats_pronoun():
    assert marked(scene(BEAT), "beat_pronoun_gender") == ["Ben", "Dan"]


def test_beat_pronoun_subject_is_whom_the_beats_pronoun_resolves_to():
    assert marked(scene(BEAT), "beat_pronoun_subject") == ["Ben"]


def test_tag_addressee_is_spoken_to_by_the_tag_and_no_tag_name():
    contexts = scene("“Stop,” Ben said to Anna.\n")
    assert marked(contexts, "tag_addressee") == ["Anna"]
    assert marked(contexts, "after_name") == ["Ben"]


def test_tag_addressee_is_no_nameless_character_s_pronoun():
    """A character the text never names stands in the index by its pronouns; "to him" after a quote is the
    cast's guess at who, not a name the tag speaks to."""
    zed = Character(id="Zed", name="the stranger", aliases=["the stranger"], gender="male")
    contexts = scene("“Stop,” Anna said to him.\n", extra=(zed,), pronouns={"him": "Zed"})
    assert "Zed" in contexts[0].candidates and marked(contexts, "tag_addressee") == []


def test_tag_possessor_is_the_one_whose_kin_the_tag_describes():
    contexts = scene("Ben came in. Cora smiled at Anna.\n\n“Sit down,” said her mother.\n")
    assert marked(contexts, "tag_possessor") == ["Anna"]  # her (the last woman named) mother
    assert marked(contexts, "tag_pronoun_rank1") == ["Anna"] and marked(contexts, "tag_pronoun_rank2") == [
        "Cora"
    ]
    assert contexts[0].tag_pronoun == "she" and contexts[0].kind == "anaphoric"
    assert marked(scene("Cora smiled at Anna.\n\n“Sit down,” said the old man.\n"), "tag_possessor") == []


# Stage two: quotes 2 and 3 share a paragraph whose first quote alone is tagged; beliefs are given.
TURNS = (
    "Anna and Ben sat.\n\n“One,” said Anna.\n\n“Two.”\n\n“Three,” said Ben. Then came a pause, long and "
    "quiet. “Four.”\n\n“Five.”\n\n“Six.”\n\n“Seven.”\n"
)


@pytest.fixture
def turns():
    contexts = scene(TURNS)
    assert [c.paragraph for c in contexts] == [1, 2, 3, 3, 4, 5, 6]
    beliefs = [{"Anna": a, "Ben": round(1 - a, 2)} for a in (0.9, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8)]
    return contexts, beliefs


def stage_two(contexts, beliefs, feature: str, who: str, quote: int) -> float:
    row = context_rows(contexts, beliefs)[quote][contexts[quote].candidates.index(who)]
    return float(row[len(LOCAL) + CONTEXT.index(feature)])


def test_prev_same_para_is_the_belief_in_the_quote_before_in_the_paragraph(turns):
    assert stage_two(*turns, "prev_same_para", "Anna", 3) == pytest.approx(0.3)
    assert stage_two(*turns, "prev_same_para", "Anna", 2) == 0.0


def test_next_same_para_is_the_belief_in_the_quote_after_in_the_paragraph(turns):
    assert stage_two(*turns, "next_same_para", "Anna", 2) == pytest.approx(0.4)
    assert stage_two(*turns, "next_same_para", "Anna", 3) == 0.0


def test_prev_turn1_is_the_mean_belief_over_the_turn_before(turns):
    assert stage_two(*turns, "prev_turn1", "Anna", 4) == pytest.approx((0.3 + 0.4) / 2)


def test_prev_turn2_is_two_turns_back(turns):
    assert stage_two(*turns, "prev_turn2", "Anna", 4) == pytest.approx(0.2)


def test_prev_turn3_is_three_turns_back(turns):
    assert stage_two(*turns, "prev_turn3", "Anna", 4) == pytest.approx(0.9)
    assert stage_two(*turns, "prev_turn3", "Anna", 2) == 0.0  # no turn there


def test_next_turn1_is_the_turn_after(turns):
    assert stage_two(*turns, "next_turn1", "Ben", 2) == pytest.approx(0.4)  # quote 4: Ben 0.4


def test_next_turn2_is_two_turns_on(turns):
    assert stage_two(*turns, "next_turn2", "Anna", 2) == pytest.approx(0.7)


def test_next_turn3_is_three_turns_on(turns):
    assert stage_two(*turns, "next_turn3", "Anna", 2) == pytest.approx(0.8)


def test_conversation_is_the_strongest_belief_nearby_in_the_conversation(turns):
    contexts, beliefs = turns
    assert stage_two(contexts, beliefs, "conversation", "Anna", 3) == pytest.approx(0.9)
    apart = scene(TURNS.replace("“Five.”", "Ben left.\n\nThe night fell.\n\n“Five.”"))
    # two quote-less paragraphs end the conversation of quotes 0-3
    assert stage_two(apart, beliefs, "conversation", "Anna", 4) == pytest.approx(0.8)


def test_para_tag_is_a_name_another_quote_of_the_paragraph_is_tagged_with(turns):
    contexts, beliefs = turns
    assert [contexts[i].named_tag for i in (2, 3)] == ["Ben", None]
    assert stage_two(contexts, beliefs, "para_tag", "Ben", 3) == 1.0
    assert stage_two(contexts, beliefs, "para_tag", "Ben", 2) == 0.0  # its own tag does not count


def test_pronoun_not_prev_discounts_a_pronouns_man_who_spoke_the_turn_before(turns):
    contexts, beliefs = turns
    ben = contexts[4].candidates.index("Ben")
    contexts[4].local[ben, LOCAL.index("pronoun_tag_rank2")] = 1.0
    assert stage_two(contexts, beliefs, "pronoun_not_prev", "Ben", 4) == pytest.approx(1 - (0.7 + 0.6) / 2)
    assert stage_two(contexts, beliefs, "pronoun_not_prev", "Anna", 4) == 0.0


def test_prev2_not_prev1_is_a_reply_to_the_one_before_last(turns):
    expected = 0.2 * (1 - (0.3 + 0.4) / 2)
    assert stage_two(*turns, "prev2_not_prev1", "Anna", 4) == pytest.approx(expected)


def test_vocative_prev_not_prev_is_the_one_addressed_unless_they_just_spoke(turns):
    contexts, beliefs = turns
    anna = contexts[4].candidates.index("Anna")
    contexts[4].local[anna, LOCAL.index("vocative_prev")] = 1.0
    assert stage_two(contexts, beliefs, "vocative_prev_not_prev", "Anna", 4) == pytest.approx(1 - 0.35)


def test_context_rows_put_the_local_columns_first(turns):
    contexts, beliefs = turns
    rows = context_rows(contexts, beliefs)
    assert all(
        np.array_equal(r[:, : len(LOCAL)], c.local) and r.dtype == np.float32
        for r, c in zip(rows, contexts, strict=False)
    )


def test_the_candidates_come_in_the_same_order_whatever_the_hash_seed():
    """The work's most named characters were a set: their order among the candidates changed with
    PYTHONHASHSEED from run to run (and with it a tie's winner)."""
    import subprocess
    import sys

    script = (
        "from test_feature_functions import scene\n"
        "text = 'Anna met Ben. Cora saw Dan. Anna and Cora left. Ben and Dan stayed.\\n\\n'\n"
        "filler = 'The rain kept on over the roofs of the town all that week. ' * 150\n"
        "print([c.candidates for c in scene(text * 8 + filler + '\\n\\n“Where now?” someone asked.\\n')])\n"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": str(seed), "PYTHONPATH": ":".join(sys.path)},
        ).stdout
        for seed in (1, 2, 3, 4)
    }
    assert len(runs) == 1 and "Anna" in runs.pop()
