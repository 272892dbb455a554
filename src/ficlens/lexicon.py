"""Word lists that several layers read: the verbs of speech tags, and those that follow a person's name.

Segmentation uses them to keep `“Go!” Naruto yelled.` one sentence, the cast to tell a name from a place
("Lee said", "said the Hatter") and to find nominal speakers ("said the cabman"), attribution to read the
tags themselves. One list keeps the layers agreeing on what a speech tag is.
"""

from __future__ import annotations

# Verbs that introduce speech, with their inflections (matched as whole words).
SPEECH_VERBS = frozenset((  # noqa: SIM905 (one readable block)
    "said say says saying asked ask asks asking replied reply replies cried cry cries exclaimed exclaim "
    "answered answer answers returned return returns continued continue continues added add adds shouted "
    "shout shouts whispered whisper whispers murmured murmur murmurs muttered mutter mutters called call "
    "calls repeated repeat repeats observed observe observes remarked remark remarks rejoined began "
    "begin begins went interrupted interrupt interrupts inquired enquired inquire enquire demanded "
    "demand demands exclaims responded respond responds retorted retort retorts snapped snap snaps "
    "sighed sigh sighs laughed laugh laughs yelled yell yells screamed scream screams told tell tells "
    "explained explain explains insisted insist insists suggested suggest suggests pleaded plead pleads "
    "protested protest protests agreed agree agrees declared declare declares urged urge urges thought "
    "think thinks wondered wonder wonders mumbled mumble mumbles groaned groan groans hissed hiss hisses "
    "grumbled grumble grumbles admitted admit admits offered offer offers corrected correct corrects "
    "teased tease teases sobbed sob sobs stammered stammer stammers ventured venture ventures resumed "
    "resume resumes concluded conclude concludes tries tried try pursued cut cuts breathed breathe "
    "breathes growled growl growls whined whine whines gasped gasp gasps "
    # verbs that also say how: "Rodney hazarded", "broke in Adela"
    "hazarded hazard hazards reflected reflect reflects begged beg begs corroborated interjected interjects "
    "persisted persist persists stated interposed interpose interposes assented assent assents "
    "rejoins commented confessed confess confesses objected "
    "announced announce announces conceded concede concedes remonstrated implored implore implores "
    "faltered falter falters chimed exclaiming whimpered sneered sneer sneers drawled drawl drawls "
    "assured assure assures warned warn warns queried "
    # manner, as fan fiction writes it ("Naruto prods", "she sang")
    "prods prodded spoke speaks managed manages echoed echoes sang sings crooned roared bawled shrieked "
    "grunted panted"
).split())
# Speech phrases, matched as written (any run of spaces between their words).
SPEECH_PHRASES = ("put in", "puts in", "broke in", "breaks in", "broke out", "cut in", "summed up", "sums up",
                  "went on", "goes on", "chimed in", "read out", "called out", "cried out")
# The finite forms ("said", "yells"): after a closing quote and a name they continue its sentence, where a
# base form or a verb of motion or thought ("went", "thought") as often starts a new one.
SPEECH_VERBS_FINITE = frozenset(v for v in SPEECH_VERBS if v.endswith("ed") or (v.endswith("s") and not v.endswith("ss"))
                                ) | {"said", "told", "spoke", "sang", "began"}
# The commonest tag verbs, which show the capitalised word after them to be a person ("said the Hatter",
# "cried Alice"), where the whole list would also vouch for places and things.
CORE_SPEECH_VERBS = frozenset((  # noqa: SIM905
    "said says asked asks replied replies cried cries answered exclaimed whispered shouted remarked observed "
    "returned continued added began repeated thought"
).split())
# More verbs that, right after a capitalised word, show it to name a person: speech, gesture, thought
# ("Ino grins", "Lee shrugs").
PERSON_VERBS = CORE_SPEECH_VERBS | frozenset((  # noqa: SIM905
    "answers whispers shouts muttered mutters murmured murmurs laughed laughs sighed sighs exclaims thinks "
    "wondered wonders snapped snaps adds continues tried tries "
    "smiled smiles grinned grins nodded nods shrugged shrugs frowned frowns scowled scowls rolled rolls "
    "glanced glances stared stares huffed huffs snorted snorts knew knows felt feels blinked blinks "
    "winced winces hummed hums"
).split())


def alternation(words, phrases=()) -> str:
    """A regular-expression group matching any of `words` or `phrases` (longest first, so "says" is not
    cut to "say"); spaces in phrases match any whitespace."""
    parts = [p.replace(" ", r"\s+") for p in phrases] + sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(parts) + ")"
