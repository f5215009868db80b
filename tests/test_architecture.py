"""The folder tree is the architecture: the imports between the parts point one way.

Read from the code with ast, so that the rule in the README ("How it works") stays true.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "wallboard"
# Lowest first. A module may import its own layer and the layers below; parts (layer 3) may
# import another part only through that part's package (its __init__), never its insides.
CORE, FOUNDATION, STORE, PARTS, TOP = range(5)
LAYER_NAMES = ("core", "config/i18n/web/ui", "store", "parts", "app/cli")
PART_NAMES = ("wall", "meeting", "ingest", "alerts", "accounts", "demo", "screens")
FOUNDATION_MODULES = ("config", "i18n", "texts", "web", "ui")
TOP_MODULES = ("app", "cli", "serve", "jobs")
# The public wall is open to anyone on the network: it never reaches into the signed-in
# meeting view or the accounts behind it.
FORBIDDEN = {"wall": ("meeting", "accounts", "screens")}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:
        return TOP  # the package itself
    top = parts[1]
    if top == "core":
        return CORE
    if top in FOUNDATION_MODULES:
        return FOUNDATION
    if top == "store":
        return STORE
    if top in PART_NAMES:
        return PARTS
    if top in TOP_MODULES:
        return TOP
    raise AssertionError(f"{module}: not in any layer; name its place in this test")


def part(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def imports(path: Path) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """Yield (line, imported module, names) for every import of ours, lazy ones included."""
    this = module_name(path)
    package = this if path.name == "__init__.py" else this.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("wallboard"):
                    yield node.lineno, alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            if not base.startswith("wallboard"):
                continue
            names = tuple(alias.name for alias in node.names)
            # `from wallboard.x import y` where y is a module imports that module.
            subs = [f"{base}.{n}" for n in names if f"{base}.{n}" in MODULES]
            for sub in subs:
                yield node.lineno, sub, ()
            rest = tuple(n for n in names if f"{base}.{n}" not in MODULES)
            if rest or not subs:
                yield node.lineno, base, rest


EDGES = [(module_name(p), line, target, names)
         for p in sorted(PACKAGE.rglob("*.py")) for line, target, names in imports(p)]


def test_every_part_is_a_package() -> None:
    for name in ("core", "store", *PART_NAMES):
        assert (PACKAGE / name / "__init__.py").is_file(), f"wallboard/{name}/ is missing"


def test_imports_point_down_only() -> None:
    wrong = [f"{src}:{line} imports {dst} ({LAYER_NAMES[layer(dst)]} is above "
             f"{LAYER_NAMES[layer(src)]})"
             for src, line, dst, _ in EDGES if layer(dst) > layer(src)]
    assert not wrong, "\n".join(wrong)


def test_parts_meet_only_through_their_packages() -> None:
    wrong = []
    for src, line, dst, _ in EDGES:
        inside_another = (layer(src) == PARTS and layer(dst) == PARTS
                          and part(src) != part(dst) and dst != f"wallboard.{part(dst)}")
        if inside_another:
            wrong.append(f"{src}:{line} reaches into {dst}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("side", sorted(FORBIDDEN))
def test_the_public_wall_knows_nothing_of_the_meeting_view_or_accounts(side: str) -> None:
    wrong = [f"{src}:{line} imports {dst}" for src, line, dst, _ in EDGES
             if part(src) == side and part(dst) in FORBIDDEN[side]]
    assert not wrong, "\n".join(wrong)


def test_nothing_imports_a_private_name_from_another_module() -> None:
    wrong = [f"{src}:{line} imports {', '.join(n for n in names if n.startswith('_'))} "
             f"from {dst}" for src, line, dst, names in EDGES
             if dst != src and any(n.startswith("_") for n in names)]
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles() -> None:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for src, _, dst, _ in EDGES:
        if dst in graph and dst != src:
            graph[src].add(dst)
    # A package's __init__ re-exporting its own modules is not a cycle of the design.
    for src in graph:
        graph[src] = {d for d in graph[src] if not (MODULES[src].name == "__init__.py"
                                                     and d.startswith(src + "."))}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if not state.get(nxt) and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for module in sorted(graph):
        if not state.get(module) and (cycle := visit(module)):
            pytest.fail("import cycle: " + " -> ".join(cycle))


def test_modules_stay_small() -> None:
    # String catalogues and demo texts are data, not code.
    data = {"wallboard.i18n_texts", "wallboard.texts", "wallboard.demo.texts"}
    long = [f"{name}: {n} lines" for name, path in MODULES.items()
            if name not in data and (n := len(path.read_text().splitlines())) > 320]
    assert not long, "\n".join(long)
