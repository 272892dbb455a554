"""Train the shipped character-name NER on LitBank, on one CPU thread.

    ficlens train ner ../shared/data/litbank --out src/ficlens/models/ner

Gold: LitBank's proper-name person mentions (see `ficlens.eval.litbank_entities`), whole documents (never
cut into sentences), train split for training and dev split for model selection; the test split is kept
for `ficlens eval litbank-entities`. The config is `ner.cfg` beside this module. Training never
runs at install or analysis time.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

CONFIG = Path(__file__).with_name("ner.cfg")
LABEL = "PER"
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "ner"  # the shipped one


def docbin_for(litbank_dir: Path, split: str, nlp):
    from spacy.tokens import DocBin

    from ficlens.datasets.litbank import load_split

    out = DocBin()
    for gold in load_split(litbank_dir, split):
        doc = nlp.make_doc(gold.text)
        spans = [doc.char_span(s, e, label=LABEL, alignment_mode="expand") for s, e in gold.names]
        doc.ents = [s for s in spans if s is not None]
        out.add(doc)
    return out


def train(litbank_dir: Path, out_dir: Path, *, max_steps: int | None = None, seed: int = 0) -> Path:
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # the machine is shared: one thread
    import spacy
    from spacy.cli.train import train as spacy_train

    nlp = spacy.blank("en")
    with tempfile.TemporaryDirectory(prefix="ficlens-ner-") as tmp:
        tmp_path = Path(tmp)
        for split in ("train", "dev"):
            docbin_for(litbank_dir, split, nlp).to_disk(tmp_path / f"{split}.spacy")
        overrides = {
            "paths.train": str(tmp_path / "train.spacy"),
            "paths.dev": str(tmp_path / "dev.spacy"),
            "system.seed": seed,
        }
        if max_steps is not None:
            overrides["training.max_steps"] = max_steps
        spacy_train(CONFIG, tmp_path / "output", overrides=overrides)
        best = tmp_path / "output" / "model-best"
        if out_dir.exists():
            shutil.rmtree(out_dir)
        shutil.copytree(best, out_dir)
    return out_dir
