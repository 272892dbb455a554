"""`ficlens corpus bench-serve DATASET`: each page's server time (p50, p95), search latency and the server's
peak memory, against a real server in its own process.

The server reports its own time per request in a ``Server-Timing`` header (from the request reaching the app
to the response being ready), so the figures leave out the client and the loopback. Every page is asked for
with varied filters drawn from the dataset itself (its fandoms, names, title words, quote words), so a cache
of one URL cannot flatter it. Peak memory is the server process's high-water resident set (VmHWM, Linux).
"""

from __future__ import annotations

import random
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx

from ficlens.errors import CorpusError
from ficlens.serve.dataset import Corpus, open_corpus

TARGETS = {"page": 300.0, "search": 500.0}  # p95 ms the issue sets


@dataclass
class Timing:
    name: str
    kind: str  # "page" or "search"
    requests: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    client_p95_ms: float

    @property
    def within(self) -> bool:
        return self.p95_ms <= TARGETS[self.kind]


@dataclass
class BenchResult:
    works: int
    startup_s: float
    peak_rss_mib: float
    timings: list[Timing]

    def to_dict(self) -> dict:
        return {**asdict(self), "timings": [asdict(t) | {"within": t.within} for t in self.timings]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(dataset: Path, port: int, *, timeout: float = 600.0) -> subprocess.Popen:
    """`ficlens serve` in a child process; returns once it answers."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from ficlens.cli import app; app()",
            "serve",
            str(dataset),
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise CorpusError(
                dataset, f"the server stopped: {proc.stderr.read().decode(errors='replace')[-500:]}"
            )
        try:
            httpx.get(f"http://127.0.0.1:{port}/static/app.css", timeout=1.0)
            return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise CorpusError(dataset, "the server did not answer in time")


def peak_rss_mib(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return float("nan")
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else float("nan")


def sample_urls(corpus: Corpus, rng: random.Random, n: int) -> dict[str, tuple[str, list[str]]]:
    """Per measured page: its kind and `n` URLs with filters drawn from the dataset."""
    fandoms = [
        r[0] for r in corpus.con.execute("SELECT DISTINCT fandom FROM wf WHERE fandom <> ''").fetchall()
    ]
    ids = [r[0] for r in corpus.con.execute("SELECT work_id FROM w USING SAMPLE 200 ROWS").fetchall()]
    names = [r[0] for r in corpus.con.execute("SELECT name FROM fc ORDER BY works DESC LIMIT 200").fetchall()]
    titles = [r[0] for r in corpus.con.execute("SELECT title FROM w USING SAMPLE 200 ROWS").fetchall()]
    words = sorted({w.lower() for t in titles for w in re.findall(r"[A-Za-z]{4,}", t or "")}) or ["love"]
    quote_words = ["love", "never", "please", "what", "sorry", "tomorrow", "father", "kill", "home", "again"]
    pick = rng.choice
    fandoms = fandoms or [""]
    names = names or ["x"]

    def urls(make) -> list[str]:
        return [make() for _ in range(n)]

    def distinct(values: list[str]) -> list[str]:  # the server keeps recent reports: ask for each once
        return rng.sample(values, n) if n <= len(values) else [pick(values) for _ in range(n)]

    def q(path: str, **params) -> str:
        return path + "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})

    return {
        "overview": ("page", urls(lambda: "/")),
        "works": (
            "page",
            urls(
                lambda: q(
                    "/works",
                    fandom=pick(fandoms),
                    sort=pick(["kudos", "words", "updated"]),
                    page=pick([1, 1, 2, 5]),
                )
            ),
        ),
        "works search": ("search", urls(lambda: q("/works", q=pick(words)))),
        "quotes": ("page", urls(lambda: q("/quotes", fandom=pick(fandoms), page=pick([1, 2])))),
        "quotes search": ("search", urls(lambda: q("/quotes", q=pick(quote_words)))),
        "quotes by speaker": (
            "search",
            urls(lambda: q("/quotes", speaker=pick(names), fandom=pick(fandoms))),
        ),
        "characters": ("page", urls(lambda: q("/characters", fandom=pick(fandoms)))),
        "relationships": (
            "page",
            urls(lambda: q("/relationships", fandom=pick([*fandoms, ""]), status=pick(["", "disagrees"]))),
        ),
        "work page": ("page", [f"/work/{i}" for i in distinct(ids)]),
        "work report": ("page", [f"/work/{i}/report" for i in distinct(ids)]),
        "works export": ("page", urls(lambda: q("/works.csv", fandom=pick(fandoms)))),
    }


def run_bench(dataset: Path, *, requests: int = 40, seed: int = 7, on_line=None) -> BenchResult:
    dataset = Path(dataset)
    rng = random.Random(seed)
    corpus = open_corpus(dataset, threads=1)
    plan = sample_urls(corpus, rng, requests)
    works = corpus.one("SELECT count(*) FROM w")
    corpus.con.close()  # before the server starts: the memory and CPU are the server's
    port = free_port()
    began = time.perf_counter()
    proc = start_server(dataset, port)
    startup = time.perf_counter() - began
    timings = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60.0) as client:
            for name, (kind, urls) in plan.items():
                server, wall = [], []
                for url in urls:
                    t0 = time.perf_counter()
                    response = client.get(url)
                    wall.append((time.perf_counter() - t0) * 1000)
                    if response.status_code != 200:
                        raise CorpusError(dataset, f"{url} answered {response.status_code}")
                    server.append(server_ms(response.headers.get("server-timing", "")))
                timing = Timing(
                    name, kind, len(urls), pct(server, 50), pct(server, 95), max(server), pct(wall, 95)
                )
                timings.append(timing)
                if on_line:
                    on_line(timing)
        rss = peak_rss_mib(proc.pid)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return BenchResult(works=works, startup_s=startup, peak_rss_mib=rss, timings=timings)


def server_ms(header: str) -> float:
    match = re.search(r"app;dur=([\d.]+)", header)
    return float(match.group(1)) if match else float("nan")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]
