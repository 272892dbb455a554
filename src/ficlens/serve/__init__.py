"""`ficlens serve DATASET`: a local, read-only web app over a corpus dataset (`ficlens corpus run`).

Works, quotes, characters and relationships across the corpus, each page's filters in its URL, what it shows
as CSV or JSON, and each work's HTML report rebuilt from the dataset. FastAPI and uvicorn are the optional
extra ``serve``; without them the command is one E009 line.
"""

from __future__ import annotations

from pathlib import Path

from ficlens.errors import MissingDependency

__all__ = ["serve"]


def require_server() -> None:
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise MissingDependency(
            None, "the corpus browser needs FastAPI and uvicorn: pip install 'ficlens[serve]'"
        ) from None


def serve(dataset: str | Path, *, host: str = "127.0.0.1", port: int = 8000, on_ready=None) -> None:
    """Open the dataset (building the browser's in-memory tables), then serve it until interrupted."""
    require_server()
    import uvicorn

    from ficlens.serve.app import create_app, warm_up
    from ficlens.serve.dataset import open_corpus

    corpus = open_corpus(dataset)
    warm_up(corpus)
    hosts = ["127.0.0.1", "localhost", "::1", host]
    app = create_app(corpus, hosts=hosts if host not in ("0.0.0.0", "::") else ["*"])
    if on_ready:
        on_ready(f"http://{host if ':' not in host else f'[{host}]'}:{port}/")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
