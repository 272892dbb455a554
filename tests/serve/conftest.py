"""A small real dataset, built once per session with `corpus run` (the seed, a few saved AO3 pages, a page
that is no work, and two JSONL works: one carrying the report tests' XSS payloads in its metadata and quotes,
one sharing its cast, so a character joins across works), and a real `ficlens serve` over it."""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path

import pytest
from paths import AO3_PAGES, SEED, need
from xss import PAYLOAD, XSS

from ficlens.corpus.run import run_corpus

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

PAGES = ("23009290-oneshot.html", "17793689-ch1-of-wip.html", "37214506-chatfic-ch1.html", "deleted-404.html")
STORY = (
    "“Jonah,” Mara says, “you came back.”\n\n“Of course I did,” Jonah says to Mara, and he kisses her.\n\n"
    "Mara sits alone and thinks of Jonah. Her heart aches with love.\n\n“Mara!” Jonah calls. “Stay.”\n\n"
    "“I will,” Mara says to Jonah."
)


def jsonl_works() -> list[dict]:
    xss_story = STORY.replace("you came back.", f"you came back. {XSS[0]} {XSS[1]}")
    return [
        {
            "text": xss_story,
            "title": f"Title {PAYLOAD}",
            "authors": [PAYLOAD],
            "fandoms": ["Testfandom", PAYLOAD],
            "rating": "Mature",
            "relationships": [f"Mara/Jonah {XSS[0]}", PAYLOAD],
            "characters": XSS,
            "freeforms": XSS,
            "summary": f"Summary {PAYLOAD}",
            "language": "English",
        },
        {
            "text": STORY,
            "title": "Coming Back",
            "authors": ["quiet_author"],
            "fandoms": ["Testfandom"],
            "rating": "General Audiences",
            "relationships": ["Jonah & Mara"],
            "characters": ["Mara", "Jonah"],
            "freeforms": ["Reunions"],
            "summary": "Jonah comes home.",
            "language": "English",
        },
    ]


@pytest.fixture(scope="session")
def dataset(tmp_path_factory) -> Path:
    need(SEED)
    folder = tmp_path_factory.mktemp("serve-inputs")
    lines = folder / "works.jsonl"
    lines.write_text(
        "".join(json.dumps(w, ensure_ascii=False) + "\n" for w in jsonl_works()), encoding="utf-8"
    )
    inputs = [str(SEED), *(str(need(AO3_PAGES / p)) for p in PAGES), str(lines)]
    out = tmp_path_factory.mktemp("serve-dataset") / "corpus"
    run_corpus(inputs, out=out, workers=1, progress=False)
    return out


@pytest.fixture(scope="session")
def server(dataset) -> str:
    """`ficlens serve` on a free loopback port, in its own process; its base URL."""
    from ficlens.serve.bench import free_port, start_server

    port = free_port()
    proc = start_server(dataset, port, timeout=120)
    yield f"http://127.0.0.1:{port}"
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def corpus(dataset):
    from ficlens.serve.dataset import open_corpus

    return open_corpus(dataset, threads=1)
