"""The import graph of src/ficlens, read with `ast` (nothing imported): no cycle among ficlens modules, and
the runtime never imports the tooling above it (training, evaluation, their data sets, the CLI)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
RUNTIME = (
    "ficlens.io",
    "ficlens.segment",
    "ficlens.quotes",
    "ficlens.speakers",
    "ficlens.cast",
    "ficlens.analysis",
    "ficlens.pipeline",
    "ficlens.model",
    "ficlens.errors",
)
TOOLING = ("ficlens.training", "ficlens.eval", "ficlens.datasets", "ficlens.cli")


def _modules() -> dict[str, Path]:
    out = {}
    for path in (SRC / "ficlens").rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _under(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def _imported_names(tree: ast.AST, module: str, is_package: bool):
    """Every `import`/`from ... import` target, lazy ones in functions too; `if TYPE_CHECKING:` blocks skipped
    (annotations only, never run)."""
    skip = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If)
        and getattr(node.test, "id", getattr(node.test, "attr", None)) == "TYPE_CHECKING"
        for stmt in node.body
        for n in ast.walk(stmt)
    }
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against the importing module's package
                package = module.split(".")[: len(module.split(".")) - (node.level - is_package)]
                base = ".".join([*package, *([base] if base else [])])
            yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph() -> dict[str, set[str]]:
    """Module -> the ficlens modules it imports (`from ficlens.x import name` is ficlens.x unless name is a
    submodule); a package's implicit import by its submodules is not an edge."""
    modules = _modules()

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        targets = {
            resolve(n)
            for n in _imported_names(tree, module, path.name == "__init__.py")
            if n.split(".")[0] == "ficlens"
        }
        graph[module] = {t for t in targets if t and t != module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root, targets in graph.items():
        if root in index:
            continue
        work = [(root, iter(sorted(targets)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_graph_is_read():
    graph = import_graph()
    assert "ficlens.training.attribution" in graph["ficlens.eval.pdnc"]  # the CV folds train with it
    assert "ficlens.datasets.pdnc" in graph["ficlens.training.attribution"]


def test_no_import_cycle_among_ficlens_modules():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_runtime_never_imports_training_or_evaluation():
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        if _under(module, RUNTIME)
        for target in targets
        if _under(target, TOOLING)
    )
    assert wrong == []


# The runtime's packages in pipeline order: a stage may import from the stages before it, never after.
PIPELINE_ORDER = (
    "ficlens.io",
    "ficlens.segment",
    "ficlens.quotes",
    "ficlens.cast",
    "ficlens.speakers",
    "ficlens.analysis",
    "ficlens.report",
)


def _stage_rank(module: str) -> int | None:
    return next((i for i, p in enumerate(PIPELINE_ORDER) if _under(module, (p,))), None)


def test_no_stage_imports_a_later_stage():
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        if (rank := _stage_rank(module)) is not None
        for target in targets
        if (later := _stage_rank(target)) is not None and later > rank
    )
    assert wrong == []


def test_a_backward_import_would_be_seen():
    assert _stage_rank("ficlens.cast.names") > _stage_rank("ficlens.quotes.detect")
    assert "ficlens.quotes" in import_graph()["ficlens.pipeline"]
