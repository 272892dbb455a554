"""Build ``ficlens/models/common_words.json`` (see `ficlens.cast.common_words`) from the UD English Web
Treebank's train and dev splits; its test split stays unseen.

    ficlens train common-words ../shared/data/ud-english-ewt
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from ficlens.cast.common_words import PATH

MIN_COUNT = 2
SPLITS = ("train", "dev")
MAX_NAME_SHARE = 0.1  # a word tagged PROPN this often is also a name ("Frank", "Lee")


def build(ewt_dir: Path) -> dict[str, str]:
    """word (lowercase) -> its most frequent UPOS tag, for words seldom tagged PROPN in `SPLITS`."""
    tags: dict[str, Counter] = defaultdict(Counter)
    for split in SPLITS:
        with (ewt_dir / f"en_ewt-ud-{split}.conllu").open(encoding="utf-8") as lines:
            for line in lines:
                fields = line.rstrip("\n").split("\t")
                if len(fields) == 10 and fields[0].isdigit() and fields[1].isalpha():
                    tags[fields[1].lower()][fields[3]] += 1
    return {
        word: counts.most_common(1)[0][0]
        for word, counts in sorted(tags.items())
        if (total := sum(counts.values())) >= MIN_COUNT
        and counts["PROPN"] < MAX_NAME_SHARE * total
        and len(word) > 1
    }


def write(ewt_dir: Path, out: Path = PATH) -> str:
    """Build the table and write it to `out`; a one-line summary."""
    words = build(ewt_dir)
    payload = {
        "source": "Universal Dependencies English Web Treebank v2.15, train and dev splits",
        "licence": "CC BY-SA 4.0",
        "min_count": MIN_COUNT,
        "words": words,
    }
    out.write_text(json.dumps(payload, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    return f"{len(words)} words -> {out}"
