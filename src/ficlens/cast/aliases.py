"""Alias clustering: which name strings belong to one character.

A name is parsed into a title (Mr., Miss, Lady, the Hokage, ...), the gender that title implies, and its
remaining words with Japanese honorifics (-san, -kun, -chan, ...) stripped. Names are clustered from the
most specific (several words) to the least (one word), a name joining a character only when it is
compatible with it: same words (in any order, for Japanese name order), titles and text-derived gender that
agree, and no sign that the text keeps two people apart. The sign used: when a text writes "Mr. John
Knightley", the given name is there to tell him from a plain "Mr. Knightley", so "Mr. Knightley" does not
join him; likewise the plain "Miss Bennet" is the sister the text never calls "Miss Elizabeth". A short name
several characters could own goes to the most mentioned of them only when that one clearly dominates;
otherwise it stays a character of its own. A clipped or petted given name ("Gil", "Skaggsy") joins its one
owner afterwards (`join_short_forms`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ficlens.cast.settings import CAST_DEFAULTS
from ficlens.lexicon import (
    APOSTROPHES,
    FEMALE_TITLES,
    FILLERS,
    GIVEN_NAME_TITLES,
    HONORIFICS,
    MALE_SURNAME_TITLES,
    MILITARY_RANKS,
    RANK_TITLES,
    SURNAME_PARTICLES,
    TITLES,
    WIFE_TITLES,
)

_HONORIFIC = re.compile(r"[-‐](?:" + "|".join(HONORIFICS) + r")$", re.IGNORECASE)
# hypocoristics the cluster should treat as the same given name (common English ones only)
DIMINUTIVES = {
    "lizzy": "elizabeth",
    "lizzie": "elizabeth",
    "eliza": "elizabeth",
    "liz": "elizabeth",
    "beth": "elizabeth",
    "betsy": "elizabeth",
    "bess": "elizabeth",
    "lisa": "elizabeth",
    "kitty": "catherine",
    "kate": "catherine",
    "katie": "catherine",
    "jack": "john",
    "johnny": "john",
    "bill": "william",
    "will": "william",
    "willy": "william",
    "billy": "william",
    "bob": "robert",
    "bobby": "robert",
    "rob": "robert",
    "dick": "richard",
    "rick": "richard",
    "tom": "thomas",
    "tommy": "thomas",
    "ned": "edward",
    "ted": "edward",
    "teddy": "edward",
    "harry": "henry",
    "hal": "henry",
    "peggy": "margaret",
    "meg": "margaret",
    "maggie": "margaret",
    "polly": "mary",
    "molly": "mary",
    "fanny": "frances",
    "sally": "sarah",
    "nancy": "anne",
    "annie": "anne",
    "jenny": "jane",
    "jim": "james",
    "jimmy": "james",
    "jem": "james",
    "charlie": "charles",
    "fred": "frederick",
    "freddy": "frederick",
    "sam": "samuel",
    "dan": "daniel",
    "danny": "daniel",
    "ben": "benjamin",
    "nick": "nicholas",
    "tony": "anthony",
    "alec": "alexander",
    "alex": "alexander",
    "sandy": "alexander",
    "joe": "joseph",
    "matt": "matthew",
    "jake": "jacob",
    "mike": "michael",
    "mikey": "michael",
    "andy": "andrew",
    "greg": "gregory",
    "pete": "peter",
    "zach": "zachary",
    "abby": "abigail",
    "becky": "rebecca",
    "kathy": "catherine",
    "cathy": "catherine",
    "sue": "susan",
    "susie": "susan",
    "vicky": "victoria",
    "josie": "josephine",
}


@dataclass(frozen=True)
class ParsedName:
    surface: str  # as the text writes it (honorific kept)
    title: str | None  # normalised title word, e.g. "mr"
    gender: str | None  # implied by the title
    words: tuple[str, ...]  # lowercase name words, honorific stripped, title removed

    @property
    def key(self) -> tuple[str | None, frozenset[str]]:
        return self.title, frozenset(self.words)


def parse_name(surface: str) -> ParsedName | None:
    tokens = [t for t in re.split(r"\s+", surface.strip()) if t]
    title = gender = None
    while len(tokens) > 1 and tokens[0].lower().rstrip(".") in TITLES:
        word = tokens.pop(0).lower().rstrip(".")
        if word in FILLERS:
            continue  # "the Hokage", "my dear Jane": not a title that tells people apart
        title = title or word
        gender = gender or TITLES[word] or None
    tokens = [t for i, t in enumerate(tokens) if not (t in SURNAME_PARTICLES and i < len(tokens) - 1)]
    words = [w.lower() for tok in tokens if (w := _HONORIFIC.sub("", tok).strip(".," + APOSTROPHES))]
    if not words:
        return None
    return ParsedName(surface=surface, title=title, gender=gender, words=tuple(words))


def given_key(word: str) -> str:
    return DIMINUTIVES.get(word, word)


MIN_TELLING_APART = 3  # uses of a titled full name that mark it as telling two people apart


@dataclass
class Cluster:
    names: Counter = field(default_factory=Counter)  # surface -> count
    parsed: list[ParsedName] = field(default_factory=list)
    gender: str | None = None
    blocked_titles: set[tuple[str, str]] = field(default_factory=set)  # (gender, surname) held apart
    gender_votes: Counter = field(default_factory=Counter)  # gender -> mentions of names implying it
    tag: str | None = None  # the AO3 character tag it was matched to (`cast.character_tags`)

    @property
    def count(self) -> int:
        return sum(self.names.values())

    def word_sets(self) -> list[frozenset[str]]:
        return [frozenset(given_key(w) for w in p.words) for p in self.parsed]

    def all_words(self) -> set[str]:
        return {given_key(w) for p in self.parsed for w in p.words}

    def add(self, parsed: ParsedName, count: int, *, vote: str | None = None) -> None:
        """Take a name with its mention count; `vote`, the gender the text gives that name, counts towards
        the cluster's gender (see `cluster_names`)."""
        self.names[parsed.surface] += count
        if vote:
            self.gender_votes[vote] += count
        self.parsed.append(parsed)
        if parsed.gender and not self.gender:
            self.gender = parsed.gender
        # a titled full name used again and again ("Mr. John Knightley") is there to tell its bearer from
        # the plain form; once or twice it is a formal introduction ("Miss Charlotte Bartlett")
        if parsed.gender and parsed.title and len(parsed.words) >= 2 and count >= MIN_TELLING_APART:
            self.blocked_titles.add((parsed.gender, parsed.words[-1]))

    def absorb(self, other: Cluster) -> None:
        """Take all of another cluster's names (found to be the same character)."""
        for parsed in other.parsed:
            self.add(parsed, other.names[parsed.surface])
        self.gender_votes.update(other.gender_votes)
        self.tag = self.tag or other.tag

    def titles(self) -> set[str]:
        return {p.title for p in self.parsed if p.title}

    def givens(self) -> set[str]:
        return {given_key(p.words[0]) for p in self.parsed if len(p.words) >= 2}

    def surnames(self) -> set[str]:
        """Last words of full names, and the word of a titled one-word name ("Mr. Bennet")."""
        return {p.words[-1] for p in self.parsed if len(p.words) >= 2 or p.title}


# a Mrs. (or a Lady, a married woman) and a Miss of one name are two women; a knight or lord is not "Mr."
# ("Mr Elliot" beside "Sir Walter Elliot")
_EXCLUSIVE_TITLES = ({"mrs", "lady"}, {"miss", "ms"}, {"mr"}, {"sir", "lord"})


def _compatible(
    name: ParsedName,
    gender: str | None,
    cluster: Cluster,
    *,
    count: int = 0,
    bare: Counter | None = None,
    together: Counter | None = None,
    rivals: int = 0,
) -> bool:
    if gender and cluster.gender and gender != cluster.gender:
        return False
    words = frozenset(given_key(w) for w in name.words)
    if len(words) >= 2:
        if any(frozenset(name.words) == frozenset(p.words) for p in cluster.parsed):
            return True
        # equal only through a pet name: under the same title ("Miss Eliza Bennet" ~ "Miss Elizabeth Bennet"),
        # not across titles ("Tom Bertram" is not "Sir Thomas Bertram")
        return (bool(name.title) or not cluster.titles()) and any(
            words == ws and p.title == name.title
            for p, ws in zip(cluster.parsed, cluster.word_sets(), strict=False)
        )
    (word,) = words
    if word not in cluster.all_words():
        return False
    top = parse_name(cluster.names.most_common(1)[0][0])
    top_words = {given_key(w) for w in top.words} if top else set()
    if (
        given_key(name.words[0]) != name.words[0]
        and name.words[0] not in {w for p in cluster.parsed for w in p.words}
        and (top is None or top.title in RANK_TITLES or given_key(top.words[0]) != word)
    ):
        return False  # a pet name ("Lizzy") joins a character called by that given name, not "Lady Catherine"
    if not name.title and word in cluster.surnames() - cluster.givens() and word not in top_words:
        return False  # a bare surname ("Bennet") joins the one called by it ("Mr. Bennet"), not Elizabeth
    if name.title:
        if title_clash(name, cluster):
            return False
        # a title goes with a name as written, or a pet form of it: "Sir Thomas" is not "Tom" Bertram, but
        # "Miss Lizzy" is Miss Elizabeth Bennet
        as_written = name.words[0] in {w for p in cluster.parsed for w in p.words}
        if not as_written and given_key(name.words[0]) == name.words[0]:
            return False
        if (
            word in cluster.givens() - cluster.surnames()
            and not TITLES[name.title]
            and not any(p.title == name.title and given_key(p.words[0]) == word for p in cluster.parsed)
        ):
            # "Colonel Fitzwilliam" is not Fitzwilliam Darcy: a rank goes with a surname ("Miss Marianne" need not)
            return False
        if name.title in GIVEN_NAME_TITLES and word in cluster.surnames() - cluster.givens():
            return False  # a knight's title takes his given name: "Sir Walter" is Sir Walter Elliot, not William Walter
        if (
            gender
            and (gender, word) in cluster.blocked_titles
            and _held_apart(name, cluster, count, bare, together, rivals=rivals)
        ):
            return False

    return True


def title_clash(name: ParsedName, cluster: Cluster) -> bool:
    """The name's title rules out the cluster's ("Miss Hilbery" is not Mrs. Hilbery, "Captain Morstan" is not
    Miss Morstan)."""
    held = cluster.titles()
    if held and (
        (name.title in MILITARY_RANKS and held <= FEMALE_TITLES)
        or (name.title in FEMALE_TITLES and held <= MILITARY_RANKS)
    ):
        return True
    return any(
        name.title in group and held and not held & group and held & other
        for group in _EXCLUSIVE_TITLES
        for other in _EXCLUSIVE_TITLES
        if other is not group
    )


MIN_BEARER_MENTIONS = 3  # mentions that make a full name a second bearer of its surname
MIN_TOGETHER = 3  # paragraphs naming both forms that mark two people in one scene


def _held_apart(
    name: ParsedName,
    cluster: Cluster,
    count: int,
    bare: Counter | None,
    together: Counter | None,
    *,
    rivals: int = 0,
) -> bool:
    """Whether "Mr. Knightley" is someone other than the cluster's "Mr. John Knightley". With paragraph
    co-occurrence counts: someone else of the same gender bears the surname (`rivals`: how many), so the
    given name is there to tell them apart ("Miss Elizabeth Bennet" beside Jane Bennet, the plain "Miss
    Bennet"); or the text names both in one paragraph again and again (`MIN_TOGETHER` times: two people in
    one scene; once or twice may be the narrator varying the name: "Mr. Thomas Marvel ... Mr. Marvel"). Without
    co-occurrence counts: the full-named one is known by the given name alone ("John") and the short form is
    used more still."""
    if together is None:
        given_alone = max(((bare or Counter())[g] for g in cluster.givens()), default=0)
        return count > given_alone
    # only the same title tells two people apart: "Jane Fairfax" beside "Miss Fairfax" is narration and dialogue
    fulls = [
        p.surface
        for p in cluster.parsed
        if len(p.words) >= 2 and p.words[-1] == name.words[0] and p.title == name.title
    ]
    return bool(rivals) or any(together[frozenset((name.surface, full))] >= MIN_TOGETHER for full in fulls)


def cluster_names(
    counts: Counter,
    genders: dict[str, str | None],
    *,
    dominance: float = CAST_DEFAULTS.dominance,
    surname_factor: float = CAST_DEFAULTS.surname_factor,
    together: Counter | None = None,
) -> list[Cluster]:
    """Group name surfaces (with their mention counts and text-derived genders) into characters.

    `dominance`: how many times more mentions the best candidate needs than the next one to take an
    ambiguous short name, `surname_factor` times more when the name is a surname of both ("Weston" between
    Mr. and Mrs. Weston); a titled surname shared by several full-named characters ("Mrs. Bennet" beside
    Elizabeth and Jane Bennet) never joins one of them. `together` (pairs of surfaces -> paragraphs naming
    both, see `_held_apart`) tells two people of one title and surname apart. Both parameters are tuned by
    cross-validation on PDNC dev (`ficlens eval cast`); the defaults are the tuned values (`CastSettings`)."""
    parsed = {s: p for s in counts if (p := parse_name(s))}
    order = sorted(parsed, key=lambda s: (-len(set(parsed[s].words)), parsed[s].title is None, -counts[s], s))
    bare = Counter()  # untitled one-word names ("John"), by given-name key
    for surface, p in parsed.items():
        if len(p.words) == 1 and not p.title:
            bare[given_key(p.words[0])] += counts[surface]
    word_gender = {
        given_key(p.words[0]): genders[s]
        for s, p in parsed.items()
        if len(p.words) == 1 and not p.title and genders.get(s)
    }
    titled_givens = {
        (p.title, given_key(p.words[0])) for p in parsed.values() if p.title and len(p.words) == 1
    }
    clusters: list[Cluster] = []

    def weight(cluster: Cluster) -> int:
        """Mentions so far and to come: its given names used alone are clustered after its full names."""
        return cluster.count + sum(bare[g] for g in cluster.givens())

    for surface in order:
        name = parsed[surface]
        if (holder := title_holder(name, clusters, dominance)) is not None:
            holder.add(name, counts[surface])
            continue
        if (bearer := surname_bearer(name, clusters)) is not None:
            bearer.add(name, counts[surface], vote=genders.get(surface))
            continue
        # a full name's gender: that of its given name used alone ("Emma"), else its own pronouns
        # (the given name alone is used far more, so its pronouns outvote the full name's few)
        given_gender = (
            word_gender.get(given_key(name.words[0])) if len(name.words) >= 2 and not name.title else None
        )
        gender = name.gender or given_gender or genders.get(surface)
        if (
            not name.title
            and len(name.words) == 1
            and any(name.words[0] in c.surnames() for c in clusters)
            and not any(given_key(name.words[0]) in c.givens() for c in clusters)
        ):
            gender = None  # a bare surname's pronouns are no guide (see `surname_bearer`)
        bearers, same = _bearers(name, gender, clusters, weight, titled_givens)
        candidates = sorted(
            (
                c
                for c in clusters
                if _compatible(
                    name,
                    gender,
                    c,
                    count=counts[surface],
                    bare=bare,
                    together=together,
                    rivals=len(same) - (c in same),
                )
            ),
            key=lambda c: -c.count,
        )
        # "Mrs. Bennet" when Elizabeth Bennet and Jane Bennet could both be her: a person of her own
        # (one bearer whose gender the text shows to match outweighs bearers of unknown gender)
        shared_surname = bool(name.title) and len(name.words) == 1 and len(bearers) > 1 and len(same) != 1
        if name.title and len(same) == 1 and same[0] in candidates:
            candidates = same
        # "Captain Tilney" is the one Tilney the text also introduces by that rank (Captain Frederick Tilney),
        # whoever else is a Tilney. Not so a courtesy title: "Mr. Charles Wilcox" is there to tell the son from
        # the plain "Mr. Wilcox"
        if name.title and not TITLES[name.title] and len(name.words) == 1:
            titled_alike = [
                c
                for c in candidates
                if any(
                    p.title == name.title and p.words[-1] == name.words[0] and len(p.words) >= 2
                    for p in c.parsed
                )
            ]
            if len(titled_alike) == 1:
                candidates, shared_surname = titled_alike, False
        if not name.title and len(name.words) == 1 and not gender and len(candidates) > 1:
            # a bare surname ("Wickham", "Weston") is how a man is called, far more often than a woman
            men = [c for c in candidates if c.gender == "male" and name.words[0] in c.surnames()]
            candidates = men or candidates
        # a bare surname several characters go by ("Weston") needs a clearer majority than a given name
        both_surnames = len(candidates) > 1 and all(name.words[0] in c.surnames() for c in candidates[:2])
        needed = dominance * (surname_factor if both_surnames else 1)
        clear = len(candidates) == 1 or (
            len(candidates) > 1 and candidates[0].count >= needed * candidates[1].count
        )
        if candidates and clear and not shared_surname:
            target = candidates[0]
        else:
            target = Cluster()
            clusters.append(target)
        target.add(name, counts[surface], vote=gender)
        if gender and not target.gender:
            target.gender = gender
    for cluster in clusters:  # its titles' gender, else the one most of its mentions carry
        if cluster.gender_votes:
            cluster.gender = title_gender(cluster) or cluster.gender_votes.most_common(1)[0][0]
    return clusters


def title_gender(cluster: Cluster) -> str | None:
    """The gender the cluster's titles say, by mentions ("Mr. Wickham": male, though the pronouns around
    "Wickham" in a novel told around Elizabeth say "she"); None without a gendered title."""
    votes = Counter()
    for p in cluster.parsed:
        if p.gender:
            votes[p.gender] += cluster.names[p.surface]
    return votes.most_common(1)[0][0] if votes else None


def _bearers(
    name: ParsedName, gender: str | None, clusters: list[Cluster], weight, titled_givens: set
) -> tuple[list[Cluster], list[Cluster]]:
    """The characters whose surname a one-word name could be, and those of them whose gender the text shows
    to be the name's. A Miss is none of the Mrs. (but a Mrs. may be the mother of untitled daughters); a
    full name said once or twice beside bearers said often is a passing mention ("Annie P. Miller", Daisy's
    full name); and the plain "Miss Bennet" is the eldest sister, not one the text calls "Miss Elizabeth"."""
    if len(name.words) != 1:
        return [], []
    bearers = [
        c
        for c in clusters
        if name.words[0] in c.surnames()
        and not (gender and c.gender and c.gender != gender)
        and not (name.title in ("miss", "ms") and title_clash(name, c))
    ]
    bearers = [c for c in bearers if weight(c) >= MIN_BEARER_MENTIONS] or bearers
    same = [c for c in bearers if gender and c.gender == gender]
    if name.title == "miss" and len(same) > 1:
        same = [c for c in same if not any(("miss", g) in titled_givens for g in c.givens())] or same
    return bearers, same


def title_holder(name: ParsedName, clusters: list[Cluster], dominance: float) -> Cluster | None:
    """The character a bare title names ("the Professor" beside Professor de Worms, "the Major" beside Major
    Callendar): the one holding it, or the clearly most mentioned of those who do."""
    if name.title or len(name.words) != 1 or name.words[0] not in TITLES:
        return None
    holders = sorted((c for c in clusters if name.words[0] in c.titles()), key=lambda c: -c.count)
    if len(holders) == 1 or (len(holders) > 1 and holders[0].count >= dominance * holders[1].count):
        return holders[0]
    return None


def surname_bearer(name: ParsedName, clusters: list[Cluster]) -> Cluster | None:
    """The character a bare surname ("Hallward", "Willoughby") names: the one man who bears it, else its one
    bearer. The text's pronouns are no guide here (a man talked about by women reads as "she"), and a bare
    surname is how a man is called far more often than a woman; several male bearers are left to `cluster_names`."""
    if name.title or len(name.words) != 1:
        return None
    word = name.words[0]
    if any(given_key(word) in c.givens() or _bare_given(c, word) for c in clusters):
        return None  # also someone's given name ("Henry"): not only a surname
    bearers = [c for c in clusters if word in c.surnames()]
    men = [c for c in bearers if c.gender == "male"]
    if len(men) == 1:
        return men[0]
    return bearers[0] if len(bearers) == 1 else None


def _bare_given(cluster: Cluster, word: str) -> bool:
    return any(len(p.words) == 1 and not p.title and p.words[0] == word for p in cluster.parsed)


PET_SUFFIXES = ("y", "ie", "ey", "sy")
MIN_SHORT_FORM = 3  # letters a clipped given name keeps ("Gil" of Gilbert, "Kit" of Kitty)
MIN_END_CLIP = 4  # letters of a given name's end that make a short form ("Xander"; "Ray" of Murray is none)


def _clipped_from_inside(word: str, given: str) -> bool:
    """`word` is the end of `given` ("xander") or a pet form of a piece of it, its last consonant doubled
    or not ("tillie": ot-TIL-ie)."""
    if len(given) <= len(word):
        return False
    if len(word) >= MIN_END_CLIP and given.endswith(word):
        return True
    for suffix in PET_SUFFIXES:
        stem = word[: -len(suffix)]
        if not word.endswith(suffix) or len(stem) < MIN_SHORT_FORM:
            continue
        if stem in given or (stem[-1] == stem[-2] and len(stem) > MIN_SHORT_FORM and stem[:-1] in given):
            return True
    return False


def join_short_forms(clusters: list[Cluster]) -> list[Cluster]:
    """Fold a character known only by one bare word into the one character whose given name that word
    clips ("Gil": Gilbert Blythe, "Kit": Kitty; from the end, "Xander": Alexander) or pets ("Skaggsy":
    Skaggs; from inside, "Tillie": Ottilie), when no other character's name fits and the
    genders do not disagree."""
    surnames = {p.words[-1] for c in clusters for p in c.parsed if len(p.words) >= 2}

    def fits(word: str, cluster: Cluster) -> bool:
        givens = {p.words[0] for p in cluster.parsed if len(p.words) >= 2}
        bare = {p.words[0] for p in cluster.parsed if len(p.words) == 1 and not p.title}
        # "Gillis" is a surname: "Gil" is no clipping of it, but "Skaggsy" is a pet form of "Skaggs"
        clipped = any(
            len(word) >= MIN_SHORT_FORM and len(g) > len(word) and g.startswith(word)
            for g in givens | (bare - surnames)
        )
        return (
            clipped
            or any(word.startswith(g) and word[len(g) :] in PET_SUFFIXES for g in givens | bare)
            or any(_clipped_from_inside(word, g) for g in givens | (bare - surnames))
        )

    for cluster in [
        c for c in clusters if len(c.parsed) == 1 and not c.parsed[0].title and len(c.parsed[0].words) == 1
    ]:
        word = cluster.parsed[0].words[0]
        owners = [c for c in clusters if c is not cluster and fits(word, c)]
        if len(owners) != 1 or (cluster.gender and owners[0].gender and cluster.gender != owners[0].gender):
            continue
        owners[0].add(cluster.parsed[0], cluster.count, vote=cluster.gender)
        clusters.remove(cluster)
    return clusters


def join_bare_honorifics(clusters: list[Cluster]) -> list[Cluster]:
    """Fold a character known only by a bare honorific ("Sensei", "Senpai") into the one character the
    text also calls by a name with that honorific ("Ishikawa-sensei"). Where several are ("Takeda-senpai",
    "Kanda-senpai"), the bare honorific is each one in turn, and no character of its own; where none is,
    it is the only name the character has."""
    for cluster in [c for c in clusters if len(c.parsed) == 1 and c.parsed[0].surface.lower() in HONORIFICS]:
        honorific = cluster.parsed[0].surface.lower()
        owners = [
            c
            for c in clusters
            if c is not cluster
            and any(_HONORIFIC.search(s) and s.lower().endswith(honorific) for s in c.names)
        ]
        if len(owners) == 1:
            owners[0].absorb(cluster)
        if owners:
            clusters.remove(cluster)
    return clusters


def join_initials(clusters: list[Cluster]) -> list[Cluster]:
    """Fold a titled initial ("Mr. E.", Mrs. Elton's name for her husband) into the one character of that
    title whose surname starts with the letter."""

    def initial(p: ParsedName) -> bool:
        return bool(p.title) and len(p.words) == 1 and len(p.words[0]) == 1

    for cluster in [c for c in clusters if c.parsed and all(initial(p) for p in c.parsed)]:
        title, (letter,) = cluster.parsed[0].title, cluster.parsed[0].words
        owners = [
            c
            for c in clusters
            if c is not cluster
            and any(
                p.title == title and len(p.words) == 1 and not initial(p) and p.words[0][0] == letter
                for p in c.parsed
            )
        ]
        if len(owners) == 1:
            owners[0].absorb(cluster)
            clusters.remove(cluster)
    return clusters


def join_wives(clusters: list[Cluster]) -> list[Cluster]:
    """Fold a woman called by her husband's full name ("Mrs. Henry van der Luyden") into the one called
    "Mrs. van der Luyden", when that husband is the one the text calls "Mr. van der Luyden". "Mrs. John
    Knightley" stays apart: John Knightley is not Mr. Knightley."""

    def holds(cluster: Cluster, title_group: frozenset[str], surname: str) -> bool:
        return any(p.title in title_group and p.words == (surname,) for p in cluster.parsed)

    for cluster in [
        c
        for c in clusters
        if c.parsed
        and len(c.parsed[0].words) == 2
        and all(p.title in WIFE_TITLES and p.words == c.parsed[0].words for p in c.parsed)
    ]:
        given, surname = cluster.parsed[0].words
        husbands = [
            c
            for c in clusters
            if c.gender == "male"
            and holds(c, MALE_SURNAME_TITLES, surname)
            and any(p.words == (given, surname) for p in c.parsed)
        ]
        wives = [c for c in clusters if c is not cluster and holds(c, WIFE_TITLES, surname)]
        if len(husbands) == 1 and len(wives) == 1:
            wives[0].absorb(cluster)
            clusters.remove(cluster)
    return clusters


def drop_plurals(counts: Counter) -> Counter:
    """Remove generic plurals of a name ("Narutos" beside "Naruto"): they are not a character."""
    by_lower: Counter = Counter()  # uses of every written form of a name, lowercased
    for surface, n in counts.items():
        by_lower[surface.lower()] += n
    kept = Counter()
    for surface, n in counts.items():
        low = surface.lower()
        if low.endswith("s") and not low.endswith("ss") and n < by_lower.get(low[:-1], 0):
            continue
        kept[surface] = n
    return kept
