"""The language knowledge every layer shares: quotation marks, pronouns, titles and the verbs of speech.

One module keeps the layers agreeing: on what opens and closes a quotation (the quote stage, the sentence
splitter, the speech-tag reader, the readers' heading and scene-break rules), on which pronoun gives which
gender (the cast's coreference, attribution's pronoun tags), on what a title is (name parsing, the NER's
spans, abbreviations that end no sentence) and on what a speech tag is. Segmentation uses the verbs to keep
`“Go!” Naruto yelled.` one sentence, the cast to tell a name from a place ("Lee said", "said the Hatter")
and to find nominal speakers ("said the cabman"), attribution to read the tags themselves.

A module may build a pattern or a narrower set from these names; where its set is deliberately different
(brackets added, guillemets left out), it says why beside it.
"""

from __future__ import annotations

import re

# Verbs that introduce speech, with their inflections (matched as whole words).
SPEECH_VERBS = frozenset(
    (  # noqa: SIM905 (one readable block)
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
        "grunted panted "
        "purred purrs moaned moans stuttered stutters babbled babbles reassured reassures apologized "
        "apologised apologizes apologises joked jokes promised promises hummed hums reasoned chuckled "
        "chuckles giggled giggles snickered scoffed scoffs huffed huffs squeaked squealed sputtered "
        "spluttered blurted blurts quipped quips chirped chirps barked barks snarled snarls rasped rasps "
        "croaked ordered orders commanded commands cooed coos soothed mused muses countered counters "
        "chided scolded snorted snorts mocked mocks coaxed praised greeted prompted goes "
        # written speech, as fan fiction writes texting ("Sorry, he types")
        "typed types texted texts messaged messages"
    ).split()
)
# Speech phrases, matched as written (any run of spaces between their words).
SPEECH_PHRASES = (
    "put in",
    "puts in",
    "broke in",
    "breaks in",
    "broke out",
    "cut in",
    "summed up",
    "sums up",
    "went on",
    "goes on",
    "chimed in",
    "read out",
    "called out",
    "cried out",
)
# The finite forms ("said", "yells"): after a closing quote and a name they continue its sentence, where a
# base form or a verb of motion or thought ("went", "thought") as often starts a new one.
SPEECH_VERBS_FINITE = frozenset(
    v for v in SPEECH_VERBS if v.endswith("ed") or (v.endswith("s") and not v.endswith("ss"))
) | {"said", "told", "spoke", "sang", "began"}
# The commonest tag verbs, which show the capitalised word after them to be a person ("said the Hatter",
# "cried Alice"), where the whole list would also vouch for places and things.
CORE_SPEECH_VERBS = frozenset(
    (  # noqa: SIM905
        "said says asked asks replied replies cried cries answered exclaimed whispered shouted remarked observed "
        "returned continued added began repeated thought"
    ).split()
)
# More verbs that, right after a capitalised word, show it to name a person: speech, gesture, thought
# ("Ino grins", "Lee shrugs").
PERSON_VERBS = CORE_SPEECH_VERBS | frozenset(
    (  # noqa: SIM905
        "answers whispers shouts muttered mutters murmured murmurs laughed laughs sighed sighs exclaims thinks "
        "wondered wonders snapped snaps adds continues tried tries "
        "smiled smiles grinned grins nodded nods shrugged shrugs frowned frowns scowled scowls rolled rolls "
        "glanced glances stared stares huffed huffs snorted snorts knew knows felt feels blinked blinks "
        "winced winces hummed hums"
    ).split()
)


def alternation(words, phrases=()) -> str:
    """A regular-expression group matching any of `words` or `phrases` (longest first, so "says" is not
    cut to "say"); spaces in phrases match any whitespace."""
    parts = [p.replace(" ", r"\s+") for p in phrases] + sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(parts) + ")"


def char_class(chars: str, *, negated: bool = False) -> str:
    """A regular-expression character class matching any one of `chars` (any other one when `negated`)."""
    return "[" + "^" * negated + escaped_chars(chars) + "]"


def escaped_chars(chars: str) -> str:
    """`chars` escaped to stand inside a character class beside others ("[A-Z" + ... + "]")."""
    return "".join(re.escape(c) for c in chars)


# ------------------------------------------------------------------------------------- quotation marks
# English curly marks tell by their shape whether they open or close a quotation; the straight marks, and
# the right single mark (also the apostrophe), are read from their neighbours. Low marks („ ‚) open, as
# German writes them; guillemets open and close as French writes them (« … »).
LEFT_DOUBLE, RIGHT_DOUBLE, LEFT_SINGLE, RIGHT_SINGLE = "“", "”", "‘", "’"
STRAIGHT_DOUBLE, STRAIGHT_SINGLE = '"', "'"
LOW_DOUBLE, LOW_SINGLE = "„", "‚"
GUILLEMET_OPEN, GUILLEMET_CLOSE = "«", "»"

# The two families a work may quote with (the other one nests inside).
DOUBLE_OPENING = LEFT_DOUBLE + LOW_DOUBLE + GUILLEMET_OPEN
DOUBLE_CLOSING = RIGHT_DOUBLE + GUILLEMET_CLOSE
DOUBLE_QUOTES = STRAIGHT_DOUBLE + LEFT_DOUBLE + RIGHT_DOUBLE + LOW_DOUBLE + GUILLEMET_OPEN + GUILLEMET_CLOSE
SINGLE_QUOTES = STRAIGHT_SINGLE + LEFT_SINGLE + RIGHT_SINGLE + LOW_SINGLE
QUOTE_MARKS = DOUBLE_QUOTES + SINGLE_QUOTES
# The marks of English prose, by what they can do: the straight ones both open and close.
STRAIGHT_QUOTES = STRAIGHT_DOUBLE + STRAIGHT_SINGLE
CURLY_DOUBLE = LEFT_DOUBLE + RIGHT_DOUBLE
CURLY_SINGLE = LEFT_SINGLE + RIGHT_SINGLE
CURLY_QUOTES = CURLY_DOUBLE + CURLY_SINGLE
OPENING_QUOTES = LEFT_DOUBLE + LEFT_SINGLE
CLOSING_QUOTES = RIGHT_DOUBLE + RIGHT_SINGLE
GUILLEMETS = GUILLEMET_OPEN + GUILLEMET_CLOSE
# Inside a word (don't, o'clock, d'Urberville): the straight mark and the right single mark.
APOSTROPHES = STRAIGHT_SINGLE + RIGHT_SINGLE


# ------------------------------------------------------------------------------------------- pronouns
# Third-person pronouns by the gender they give a character; they/them is a nonbinary character's (or,
# mostly, several people's: the cast counts it only when nearly all of a name's pronouns are they).
MALE_PRONOUNS = ("he", "him", "his", "himself")
FEMALE_PRONOUNS = ("she", "her", "hers", "herself")
THEY_PRONOUNS = ("they", "them", "their", "theirs", "themself", "themselves")
PRONOUN_GENDER = {
    **dict.fromkeys(MALE_PRONOUNS, "male"),
    **dict.fromkeys(FEMALE_PRONOUNS, "female"),
    **dict.fromkeys(THEY_PRONOUNS, "nonbinary"),
}
# The forms that stand as a sentence's subject ("he smiled"), and the reflexive ones ("she told herself").
SUBJECT_PRONOUNS = ("he", "she", "they")
REFLEXIVE_PRONOUNS = ("himself", "herself", "themself", "themselves")
# First person as written ("I" always a capital) and second person: a narrator's, a reader-insert's.
FIRST_PERSON = ("I", "me", "my", "mine", "myself")
SECOND_PERSON = ("you", "your", "yours", "yourself")
# The pronouns that can be a speech tag's subject ("he said", "said I", "you say"), lowercase.
TAG_PRONOUNS = ("he", "she", "they", "i", "we", "you")
# The personal pronouns in the object form too: never a character's name.
PERSONAL_PRONOUNS = ("i", "you", "he", "she", "we", "they", "him", "her", "me", "us", "them")


# --------------------------------------------------------------------------------------------- titles
# Title word (lowercase, no dot) -> the gender it implies ("": any). Fillers ("the", "my dear") stand where
# a title would and are dropped with it ("the Hokage", "my dear Jane").
TITLES: dict[str, str] = {
    "mr": "male",
    "mister": "male",
    "sir": "male",
    "lord": "male",
    "master": "male",
    "monsieur": "male",
    "mrs": "female",
    "miss": "female",
    "ms": "female",
    "lady": "female",
    "madame": "female",
    "mme": "female",
    "madam": "female",
    "mlle": "female",
    "dame": "female",
    "mistress": "female",
    "dr": "",
    "doctor": "",
    "captain": "",
    "capt": "",
    "colonel": "",
    "col": "",
    "major": "",
    "general": "",
    "professor": "",
    "prof": "",
    "rev": "",
    "reverend": "",
    "father": "male",
    "aunt": "female",
    "uncle": "male",
    "saint": "",
    "st": "",
    "lieutenant": "",
    "admiral": "",
    "count": "male",
    "countess": "female",
    "baron": "male",
    "baroness": "female",
    "prince": "male",
    "princess": "female",
    "king": "male",
    "queen": "female",
    "duke": "male",
    "duchess": "female",
    "my": "",
    "dear": "",
    "dearest": "",
    "the": "",
    "old": "",
    "young": "",
    "little": "",
    "poor": "",
    "esq": "",
    # forms of address of other languages and callings ("Comrade Syme", "Signor Carella", "Fraulein Mosebach")
    "comrade": "",
    "inspector": "",
    "sergeant": "",
    "signor": "male",
    "signora": "female",
    "signorina": "female",
    "herr": "male",
    "frau": "female",
    "fraulein": "female",
    "mademoiselle": "female",
    "senor": "male",
    "senora": "female",
}
FILLERS = frozenset({"the", "my", "dear", "dearest", "old", "young", "little", "poor"})
FEMALE_TITLES = frozenset(t for t, g in TITLES.items() if g == "female")
RANK_TITLES = frozenset(
    {
        "lady",
        "sir",
        "lord",
        "king",
        "queen",
        "prince",
        "princess",
        "duke",
        "duchess",
        "count",
        "countess",
        "baron",
        "baroness",
    }
)
MILITARY_RANKS = frozenset(
    {"captain", "capt", "colonel", "col", "major", "general", "lieutenant", "admiral", "sergeant"}
)
GIVEN_NAME_TITLES = frozenset({"sir", "dame"})  # a knight's title goes with his given name ("Sir Walter")
# Names said in oaths and exclamations ("Oh God", "Jesus, Sherlock", "God knows"): a character only when
# the text makes one speak.
OATH_NAMES = frozenset({"god", "jesus", "christ", "heaven", "hell", "gods"})
KINSHIP_TITLES = frozenset({"aunt", "uncle"})  # ... and so does a kinship title ("Aunt Juley")
# a married woman's titles, and the titles her husband's surname takes
WIFE_TITLES = frozenset({"mrs", "madame", "mme", "frau", "signora", "senora"})
MALE_SURNAME_TITLES = frozenset({"mr", "monsieur", "herr", "signor", "senor"})
# titles in the plural name several people ("the Misses Dashwood", "Messrs. Hoper")
PLURAL_TITLES = frozenset({"misses", "mesdames", "messrs", "messieurs", "captains", "colonels", "doctors"})
# titles of address, as capitalised words: a title before them makes a name ("Mrs. Weston")
ADDRESS_TITLES = (
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Dr",
    "Lady",
    "Sir",
    "Lord",
    "Captain",
    "Colonel",
    "Professor",
    "Aunt",
    "Uncle",
)
# the titles of address that start a new name: "Anne Mrs. Lynde" is two people side by side
PERSONAL_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "mme", "mlle", "madame", "monsieur"})
# Japanese honorifics after a name, hyphenated (Sakura-chan, Kakashi-sensei): no part of the name
HONORIFICS = (
    "san",
    "kun",
    "chan",
    "sensei",
    "sama",
    "senpai",
    "sempai",
    "dono",
    "chin",
    "tan",
    "nee",
    "neesan",
    "nii",
    "niisan",
    "jii",
    "baa",
    "shishou",
    "shisho",
)
# lowercase words inside a surname ("Mrs. van der Luyden" is Mrs. Luyden to the clustering, as the bare
# "Luyden" the NER often finds; "de Worms" is Worms)
SURNAME_PARTICLES = frozenset(
    {"de", "van", "von", "der", "den", "du", "da", "di", "del", "della", "le", "la", "ten", "ter"}
)

# Abbreviations whose full stop ends no sentence ("Mr.", "e.g."); the titles among them end no name either.
ABBREVIATIONS = frozenset(
    (
        "mr",
        "mrs",
        "ms",
        "mx",
        "dr",
        "st",
        "prof",
        "sr",
        "jr",
        "lt",
        "capt",
        "col",
        "gen",
        "sgt",
        "rev",
        "mt",
        "messrs",
        "mme",
        "mlle",
        "fr",
        "hon",
        "esq",
        "vs",
        "e.g",
        "i.e",
        "cf",
        "approx",
        "dept",
    )
)
TITLE_ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "capt",
        "col",
        "gen",
        "prof",
        "rev",
        "lt",
        "sgt",
        "mme",
        "mlle",
    }
)
# Abbreviations only before a number: "No. 5", but "No. I won't." is a sentence.
NUMBER_ABBREVIATIONS = frozenset(("no", "nos", "vol", "fig", "pp", "ch"))
