"""Count blocks of six or more lines copied between apps (and sub-domains) of src/sevenc (migrations left out).

    python tools/copies.py [--apps] [SRC]   # SRC defaults to src/sevenc; prints each block and the total
    (--apps: between top-level apps only; by default sub-domains such as planning/strategy count as apart)

Lines are compared stripped, without blank lines, comments and imports; a block is a maximal run of 6-line
windows that also occur, in the same order, in a module of another app. Each block is counted once per pair of
files. Declarative lines (decorators' keyword arguments, `path(...)` entries) count like any other: read the list.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

WINDOW = 6


def _lines(path: Path) -> list[tuple[int, str]]:
    out = []
    for n, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith(("#", "import ", "from ")) or line in {'"""', ")", "]", "}", "),", "],"}:
            continue
        out.append((n, line))
    return out


APPS_ONLY = "--apps" in sys.argv


def _app(src: Path, path: Path) -> str:
    """The app, or the sub-domain of an app (planning/strategy): the package the module is in, `domain/` aside."""
    parts = [p for p in path.relative_to(src).parts[:-1] if p not in {"domain", "handlers"}]
    if APPS_ONLY:
        parts = parts[:1]
    return "/".join(parts) or path.stem


def copies(src: Path) -> list[tuple[Path, int, Path, int, int]]:
    files = [p for p in sorted(src.rglob("*.py")) if "migrations" not in p.parts]
    lines = {p: _lines(p) for p in files}
    where: dict[tuple[str, ...], list[tuple[Path, int]]] = defaultdict(list)
    for p, ls in lines.items():
        for i in range(len(ls) - WINDOW + 1):
            where[tuple(t for _, t in ls[i : i + WINDOW])].append((p, i))
    pairs: dict[tuple[Path, Path], set[tuple[int, int]]] = defaultdict(set)
    for hits in where.values():
        for a, i in hits:
            for b, j in hits:
                if _app(src, a) < _app(src, b):
                    pairs[(a, b)].add((i, j))
    blocks = []
    for (a, b), starts in pairs.items():
        for i, j in sorted(starts):
            if (i - 1, j - 1) in starts:
                continue  # inside a block already counted
            k = 0
            while (i + k + 1, j + k + 1) in starts:
                k += 1
            blocks.append((a, lines[a][i][0], b, lines[b][j][0], WINDOW + k))
    return blocks


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--apps"]
    src = Path(args[0]) if args else Path("src/sevenc")
    found = copies(src)
    for a, la, b, lb, n in sorted(found, key=lambda t: -t[4]):
        print(f"{n:3d} lines  {a.relative_to(src)}:{la}  =  {b.relative_to(src)}:{lb}")
    print(f"{len(found)} blocks of {WINDOW}+ lines copied between apps")
