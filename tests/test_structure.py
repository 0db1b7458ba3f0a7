"""The package's shape, read from its source with `ast`: who may import whom, no globals."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "outreach"
OUTPUTS = ("site", "print", "speech")  # each renders one kind of output from the catalogue
SHARED = {"errors", "paths", "artifacts", "messages", "markup", "scaffold", "portable", "clock",
          "__init__", "__version__"}
# MkDocs calls these two: they hand the build to the orchestrator, as cli.py does.
ADAPTERS = {"site/plugin.py", "site/hook.py"}


def imported(path: Path) -> set[str]:
    """Absolute names (outreach.x.y) of every outreach module a file imports, anywhere."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    package = list(parts[:-1])  # the package a relative import starts from
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names if a.name.split(".")[0] == "outreach"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.split(".")[0] != "outreach":
                continue
            names.add(module)
            names |= {f"{module}.{a.name}" for a in node.names}
    return names


def area(name: str) -> str:
    """outreach.print.render -> 'print'; outreach.build -> 'build'."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_import_parser_sees_relative_and_absolute_imports():
    names = imported(PACKAGE / "site" / "plugin.py")
    assert "outreach.build" in names and "outreach.catalogue.project" in names


def allowed(own: str, rel: str, name: str) -> bool:
    """May a module of subpackage `own` (file `rel`) import `name`?"""
    target = area(name)
    if target == own or (target == "catalogue" and own in OUTPUTS):
        return True
    if target in SHARED:  # outreach, outreach.errors, outreach.paths.slug …
        return True
    return rel in ADAPTERS and target == "build"


def test_subpackages_never_import_the_orchestrator_the_cli_or_each_other():
    wrong = []
    for path in sources():
        rel = path.relative_to(PACKAGE).as_posix()
        own = rel.split("/")[0]
        if own in (*OUTPUTS, "catalogue"):
            wrong += [f"{rel} imports {name}" for name in sorted(imported(path))
                      if not allowed(own, rel, name)]
    assert not wrong, "\n".join(wrong)


def test_the_rule_rejects_what_it_should():
    assert not allowed("print", "print/build.py", "outreach.speech.render")
    assert not allowed("site", "site/pages.py", "outreach.build")
    assert not allowed("catalogue", "catalogue/project.py", "outreach.site.config")
    assert allowed("site", "site/plugin.py", "outreach.build")


def test_catalogue_imports_no_output_package():
    wrong = [f"{path.relative_to(PACKAGE)} imports {name}"
             for path in sorted((PACKAGE / "catalogue").rglob("*.py"))
             for name in imported(path) if area(name) in (*OUTPUTS, "build", "cli")]
    assert not wrong, "\n".join(wrong)


def test_no_module_sets_a_global():
    found = [f"{path.relative_to(PACKAGE)}:{node.lineno}"
             for path in sources()
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Global)]
    assert not found, found
