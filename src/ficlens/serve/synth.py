"""A synthetic corpus dataset of any size, built from the rows of a real one, to measure the browser at scale.

Each synthetic work copies one real analysed work's rows (its text, chapters, scenes, quotes, interactions,
arcs: what the analysis really gave) under a new id, with what a browser filters on varied: a title drawn
from the source titles' words, one of ~60 fandoms (real fandom names with a medium, Zipf-distributed), the
cast renamed from that fandom's pool of names (so a name recurs across a fandom's works, as a canon's
characters do), relationship and character tags made from the renamed central pair (mostly agreeing with the
text, sometimes naming another pair, sometimes none), rating, language, dates and counts. The text keeps its
original names: only the tables' names change. Quotes keep their speaker ids, so attribution stays real.

The big tables are copied with Arrow `take` (no row is built in Python); the tables holding names are small.
Shards are written as `corpus run` writes them (Parquet per table, a marker with sizes and hashes, the
manifest), so the dataset is read like any other; ``texts`` is written in small row groups, so a page that
needs a few works' text decompresses only theirs.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ficlens.corpus.run import MANIFEST_SCHEMA, read_manifest
from ficlens.corpus.shards import DONE_DIR, table_files
from ficlens.corpus.tables import SCHEMAS, TABLE_SCHEMA, TABLES
from ficlens.errors import CorpusError

COPIED = ("chapters", "scenes", "quotes", "interactions", "scene_moods", "texts")  # only work_id changes
RENAMED = ("characters", "character_stats", "character_arcs", "relationships")
MEDIA = ("Anime & Manga", "Video Games", "TV", "Movies", "Novels", "Comics")
RATINGS = ("General Audiences", "Teen And Up Audiences", "Mature", "Explicit", "Not Rated")
RATING_WEIGHTS = (30, 35, 17, 12, 6)
LANGUAGES = ("English", "English", "English", "English", "English", "English", "Español", "Deutsch", "中文")
EXTRA_FREEFORMS = (
    "Slow Burn",
    "Angst",
    "Fluff",
    "Hurt/Comfort",
    "Friends to Lovers",
    "Canon Divergence",
    "Alternate Universe - Coffee Shops & Cafés",
    "Found Family",
    "Enemies to Lovers",
    "Humor",
)
TEXT_ROW_GROUP = 16  # works per row group of ``texts``
ERROR_EVERY = 250  # one synthetic input in this many is an error row (copied from the source's errors)


@dataclass
class SynthSummary:
    works: int
    errors: int
    shards: int
    source_works: int


@dataclass
class Source:
    """The real dataset's rows, by table, with each work's row indices."""

    tables: dict[str, pa.Table]
    rows_of: dict[str, dict[str, np.ndarray]]  # table -> work_id -> row indices
    works: list[dict[str, Any]]  # analysed works
    names: dict[str, list[dict[str, Any]]]  # RENAMED table -> its rows as dicts (by position)
    errors: list[dict[str, Any]]


def read_source(path: Path) -> Source:
    read_manifest(path)  # a dataset, or a one-line error
    tables = {}
    for name in TABLES:
        files = [str(f) for f in table_files(path, name) if f.exists()]
        tables[name] = (
            pa.concat_tables([pq.read_table(f) for f in files]) if files else SCHEMAS[name].empty_table()
        )
        tables[name] = tables[name].cast(SCHEMAS[name])
    works = [w for w in tables["works"].to_pylist() if w["stage"] == "analyze"]
    if not works:
        raise CorpusError(
            path, "the source dataset has no analysed work to copy (run `corpus run` without --stage)"
        )
    rows_of = {}
    for name in (*COPIED, *RENAMED):
        groups: dict[str, list[int]] = defaultdict(list)
        for i, wid in enumerate(tables[name].column("work_id").to_pylist()):
            groups[wid].append(i)
        rows_of[name] = {k: np.array(v, dtype=np.int64) for k, v in groups.items()}
    names = {name: tables[name].to_pylist() for name in RENAMED}
    return Source(tables, rows_of, works, names, tables["errors"].to_pylist())


@dataclass
class World:
    """What the synthetic works draw from: fandoms (with weights) and each fandom's names."""

    fandoms: list[str]
    weights: list[float]
    pools: dict[str, list[str]]
    title_words: list[str]
    freeforms: list[str]


def make_world(source: Source, rng: random.Random, *, fandoms: int = 60) -> World:
    bases = sorted({_base(f) for w in source.works for f in w["fandoms"] or []} - {""}) or ["Original Work"]
    bases += [_title(k) for k in _litbank_titles(source)][:12]
    names = sorted({r["name"] for r in source.names["characters"] if _is_name(r["name"])})
    chosen = [f"{b} ({m})" for b in bases for m in MEDIA]
    rng.shuffle(chosen)
    chosen = chosen[:fandoms]
    pools = {f: rng.sample(names, min(len(names), 40)) for f in chosen}
    words = sorted(
        {w for x in source.works for w in re.findall(r"[A-Za-z']{3,}", (x["title"] or "") + " " + _stem(x))}
    )
    freeforms = sorted(
        {t for w in source.works for t in w["freeforms"] or [] if len(t) < 60} | set(EXTRA_FREEFORMS)
    )
    return World(chosen, [1 / (k + 1) ** 0.9 for k in range(len(chosen))], pools, words, freeforms)


def _base(fandom: str) -> str:
    """A fandom tag's first name, without its medium ("Dragon Age (Video Games)" -> "Dragon Age")."""
    return re.sub(r"\s*\(.*?\)|\s*[-|:].*$", "", fandom).strip()


def _stem(work: dict[str, Any]) -> str:
    return Path(work["key"]).stem.replace("_", " ")


def _litbank_titles(source: Source) -> list[str]:
    return sorted({re.sub(r"^\d+ | brat$", "", _stem(w)) for w in source.works if not w["title"]})


def _title(text: str) -> str:
    return " ".join(w.capitalize() for w in text.split())


def _is_name(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][\w'. -]{1,30}", name or "")) and not name.lower().startswith("the ")


def synthesize(
    source_path: Path,
    out: Path,
    *,
    works: int,
    shard_size: int = 1000,
    seed: int = 17,
    progress: Callable[[int], None] | None = None,
) -> SynthSummary:
    if out.exists() and any(out.iterdir()):
        raise CorpusError(out, "the output folder is not empty: give a new one")
    rng = random.Random(seed)
    source = read_source(source_path)
    world = make_world(source, rng)
    out.mkdir(parents=True, exist_ok=True)
    (out / DONE_DIR).mkdir()
    for name in TABLES:
        (out / name).mkdir()
    done = errors = shards = 0
    while done < works:
        count = min(shard_size, works - done)
        plan = [_plan(source, world, rng, done + k, seed) for k in range(count)]
        errors += _write_shard(out, shards, source, plan, rng, first=done)
        done += count
        shards += 1
        if progress:
            progress(done)
    manifest = {
        "schema": MANIFEST_SCHEMA,
        "table_schema": TABLE_SCHEMA,
        "inputs": [f"synthetic from {source_path.resolve()}"],
        "stage": "analyze",
        "settings": read_manifest(source_path).get("settings", {}),
        "shard_size": shard_size,
        "works": works + errors,
        "shards": shards,
        "fingerprint": hashlib.sha256(f"synth {seed} {works} {source_path.resolve()}".encode()).hexdigest(),
        "synthetic": True,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return SynthSummary(works=works, errors=errors, shards=shards, source_works=len(source.works))


@dataclass
class Planned:
    """One synthetic work: its id, the real work it copies, its renamed cast and its metadata row."""

    work_id: str
    source_id: str
    rename: dict[str, str]  # source character name -> new name
    row: dict[str, Any]
    summary: str | None


def _plan(source: Source, world: World, rng: random.Random, i: int, seed: int) -> Planned:
    src = rng.choice(source.works)
    fandom = rng.choices(world.fandoms, world.weights)[0]
    fandoms = [fandom] if rng.random() > 0.08 else [fandom, rng.choice(world.fandoms)]
    cast = _cast(source, src)
    pool = world.pools[fandom]
    new_names = rng.sample(pool, min(len(pool), len(cast)))
    rename = {
        c["name"]: (new_names[k] if k < len(new_names) and _is_name(c["name"]) else c["name"])
        for k, c in enumerate(cast)
    }
    pair, kind = _central_pair(source, src["work_id"])
    tags = _relationship_tags(rng, [rename.get(n, n) for n in pair] if pair else None, kind, pool)
    chapters = src["chapters"] or 1
    total = chapters if rng.random() < 0.7 else rng.choice([None, chapters + rng.randint(1, 20)])
    published = f"{rng.randint(2010, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    words = rng.sample(world.title_words, min(len(world.title_words), rng.randint(2, 4)))
    title = _title(" ".join(words)) if rng.random() > 0.15 else (src["title"] or _title(_stem(src)))
    work_id = hashlib.sha1(f"synth-{seed}-{i}".encode()).hexdigest()[:16]
    kudos = int(rng.lognormvariate(4, 1.6))
    row = {
        **src,
        "work_id": work_id,
        "key": f"synthetic/{i:07d}-{Path(src['key']).name}",
        "title": title,
        "authors": [
            f"{rng.choice(world.title_words).lower()}{rng.choice(world.title_words).capitalize()}{rng.randint(1, 99)}"
        ],
        "ao3_id": str(10_000_000 + i),
        "url": None,
        "rating": rng.choices(RATINGS, RATING_WEIGHTS)[0],
        "language": rng.choice(LANGUAGES),
        "fandoms": fandoms,
        "relationships": tags,
        "tagged_characters": [rename.get(c["name"], c["name"]) for c in cast[: rng.randint(1, 6)]],
        "freeforms": rng.sample(world.freeforms, min(len(world.freeforms), rng.randint(0, 6))),
        "series": [],
        "published": published,
        "updated": published if rng.random() < 0.5 else f"{published[:4]}-12-31",
        "completed": published if total == chapters else None,
        "posted_words": src["words"],
        "chapters_posted": chapters,
        "chapters_total": total,
        "partial": False,
        "kudos": kudos,
        "hits": kudos * rng.randint(8, 40),
        "comments": int(kudos * rng.random() / 4),
        "bookmarks": int(kudos * rng.random() / 3),
    }
    summary = None
    if pair and rng.random() < 0.7:
        a, b = (rename.get(n, n) for n in pair)
        summary = rng.choice(
            (
                f"{a} and {b}, and everything unsaid between them.",
                f"{a} never meant to fall for {b}. {b} noticed.",
                f"Five times {a} saved {b}, and one time {b} saved {a}.",
                f"{a} has a plan. {b} has questions.",
            )
        ) + (f" ({rng.choice(world.freeforms)})" if world.freeforms else "")
    return Planned(work_id, src["work_id"], rename, row, summary)


def _cast(source: Source, src: dict[str, Any]) -> list[dict[str, Any]]:
    rows = [source.names["characters"][i] for i in source.rows_of["characters"].get(src["work_id"], [])]
    return sorted(rows, key=lambda c: -(c["mentions"] + c["quotes"]))


def _central_pair(source: Source, work_id: str) -> tuple[list[str] | None, str | None]:
    rows = [source.names["relationships"][i] for i in source.rows_of["relationships"].get(work_id, [])]
    if not rows:
        return None, None
    top = max(rows, key=lambda r: r["score"])
    return list(top["names"]), top["kind"]


def _relationship_tags(
    rng: random.Random, pair: list[str] | None, kind: str | None, pool: list[str]
) -> list[str]:
    roll = rng.random()
    if pair and roll < 0.65:
        romantic = (kind == "romantic") != (rng.random() < 0.12)  # the author's / or & differs at times
        tags = ["/".join(pair) if romantic else " & ".join(pair)]
    elif roll < 0.82 and len(pool) >= 2:
        tags = ["/".join(rng.sample(pool, 2))]
    else:
        return []
    if rng.random() < 0.3 and len(pool) >= 2:
        tags.append(" & ".join(rng.sample(pool, 2)))
    return tags


def _write_shard(
    out: Path, index: int, source: Source, plan: list[Planned], rng: random.Random, *, first: int
) -> int:
    tables: dict[str, pa.Table] = {}
    for name in COPIED:
        indices = [source.rows_of[name].get(p.source_id, np.empty(0, dtype=np.int64)) for p in plan]
        taken = source.tables[name].take(
            pa.array(np.concatenate(indices) if indices else [], type=pa.int64())
        )
        ids = pa.array(
            np.repeat([p.work_id for p in plan], [len(i) for i in indices]).tolist(), type=pa.string()
        )
        taken = taken.set_column(taken.schema.get_field_index("work_id"), "work_id", ids)
        if name == "texts":
            summaries = pa.array(
                np.repeat([p.summary for p in plan], [len(i) for i in indices]).tolist(), pa.string()
            )
            taken = taken.set_column(taken.schema.get_field_index("summary"), "summary", summaries)
        tables[name] = taken
    for name in RENAMED:
        rows = []
        for p in plan:
            for i in source.rows_of[name].get(p.source_id, []):
                rows.append(_renamed(name, source.names[name][i], p))
        tables[name] = pa.Table.from_pylist(rows, schema=SCHEMAS[name])
    tables["works"] = pa.Table.from_pylist([p.row for p in plan], schema=SCHEMAS["works"])
    errors = []
    for k in range(len(plan)):
        if source.errors and (first + k) % ERROR_EVERY == ERROR_EVERY - 1:
            e = rng.choice(source.errors)
            errors.append(
                {
                    **e,
                    "work_id": hashlib.sha1(f"err-{first + k}".encode()).hexdigest()[:16],
                    "key": f"synthetic/{first + k:07d}-{Path(e['key']).name}",
                }
            )
    tables["errors"] = pa.Table.from_pylist(errors, schema=SCHEMAS["errors"])
    tables["warnings"] = SCHEMAS["warnings"].empty_table()
    stem = f"part-{index:06d}-{hashlib.sha1(f'{first}'.encode()).hexdigest()[:16]}"
    files = {}
    for name in TABLES:
        path = out / name / f"{stem}.parquet"
        pq.write_table(
            tables[name], path, compression="zstd", row_group_size=TEXT_ROW_GROUP if name == "texts" else None
        )
        data = path.read_bytes()
        files[name] = {
            "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "rows": tables[name].num_rows,
        }
    marker = {
        "id": stem[-16:],
        "index": index,
        "stem": stem,
        "works": len(plan) + len(errors),
        "words": sum(p.row["words"] or 0 for p in plan),
        "errors": len(errors),
        "files": files,
    }
    (out / DONE_DIR / f"{stem[-16:]}.json").write_text(json.dumps(marker, sort_keys=True), encoding="utf-8")
    return len(errors)


def _renamed(table: str, row: dict[str, Any], p: Planned) -> dict[str, Any]:
    new = {**row, "work_id": p.work_id}
    if table == "relationships":
        names = [p.rename.get(n, n) for n in row["names"]]
        new["names"] = names
        new["label"] = ("/" if row["kind"] == "romantic" else " & ").join(names)
    else:
        new["name"] = p.rename.get(row["name"], row["name"])
    if table == "characters":
        old = set(row["name"].lower().split())
        new["aliases"] = [new["name"], *(a for a in row["aliases"] or [] if not set(a.lower().split()) & old)]
    return new


def source_inputs(shared: Path) -> list[str]:
    """Real inputs for the source dataset: the seed, the saved AO3 pages (those that are no work become the
    errors table's rows) and LitBank's 100 passages."""
    inputs = [
        shared / "seed",
        shared / "fixtures" / "ao3" / "page",
        shared / "data" / "litbank" / "entities" / "brat",
    ]
    missing = [str(p) for p in inputs if not p.is_dir()]
    if missing:
        raise CorpusError(missing[0], "not found: give --shared (the shared folder) or --source (a dataset)")
    return [str(inputs[0]), str(inputs[1]), str(inputs[2] / "*.txt")]
