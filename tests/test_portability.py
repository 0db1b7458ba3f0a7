"""The package starts where commune offices run it: Windows (and macOS) as well as Linux.

No Windows machine runs these tests. Two things stand in for one:

* the source is read with `ast`: no POSIX-only module is imported at module level, and the
  POSIX-only calls live in `portable.py` (or behind the lock's guarded import);
* `outreach new`, `check` and `build --engine espeak` (PDFs, Word twin, audio with the worker
  pool) run in processes where `import fcntl` and the other POSIX-only modules fail and the
  `fork` start method does not exist (tests/portability/sitecustomize.py, loaded by every
  process including the spawned workers). The build lock then takes its Windows path, on a
  stand-in for `msvcrt.locking` built on the real byte-range lock.
"""

from __future__ import annotations

import ast
import os
import signal
import subprocess
import sys
import types
from pathlib import Path

import pytest

from outreach.portable import usable_cores

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "scripts" / "outreach"
WINDOWS_LIKE = Path(__file__).resolve().parent / "portability"
POSIX_ONLY = {"fcntl", "resource", "termios", "tty", "pty", "pwd", "grp", "syslog", "crypt",
              "spwd", "nis", "posix", "posix_ipc", "msvcrt", "winreg", "_winapi"}
# os functions missing on Windows (or on macOS): only portable.py may call them.
POSIX_ONLY_OS = {"fork", "forkpty", "pread", "pwrite", "sched_getaffinity", "getuid",
                 "geteuid", "getgid", "killpg", "setsid", "getpgid", "nice", "mkfifo",
                 "getloadavg", "statvfs", "sync", "prctl"}
OS_SPECIFIC = {"portable.py"}


def module_level_imports(source: str) -> list[tuple[int, str]]:
    """(line, module) of every import not inside a function body, however deeply nested in
    module-level if/try blocks (a guarded import at module level still runs at import)."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if isinstance(child, ast.Import):
                found.extend((child.lineno, a.name.split(".")[0]) for a in child.names)
            elif isinstance(child, ast.ImportFrom) and not child.level and child.module:
                found.append((child.lineno, child.module.split(".")[0]))
            visit(child)

    visit(ast.parse(source))
    return found


def posix_imports_at_import_time(source: str) -> list[str]:
    return [f"line {line}: import {name}" for line, name in module_level_imports(source)
            if name in POSIX_ONLY]


def os_specific_calls(source: str) -> list[str]:
    """`os.<posix-only>`, `get_context("fork")` and `CDLL(None)` anywhere in the source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
                node.value.id == "os" and node.attr in POSIX_ONLY_OS:
            found.append(f"line {node.lineno}: os.{node.attr}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            constants = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if node.func.attr == "get_context" and "fork" in constants:
                found.append(f"line {node.lineno}: get_context('fork')")
            if node.func.attr == "CDLL" and None in constants:
                found.append(f"line {node.lineno}: CDLL(None)")
    return sorted(found, key=lambda text: int(text.split()[1].rstrip(":")))


def test_the_checks_find_what_they_look_for():
    source = ("import os\nimport fcntl\ntry:\n    import resource\nexcept ImportError:\n"
              "    pass\nif True:\n    from pwd import getpwnam\n"
              "def f():\n    import termios\n    os.pread(0, 1, 0)\n"
              "    multiprocessing.get_context('fork')\n")
    assert posix_imports_at_import_time(source) == [
        "line 2: import fcntl", "line 4: import resource", "line 8: import pwd"]
    assert os_specific_calls(source) == ["line 11: os.pread", "line 12: get_context('fork')"]


def test_no_posix_only_module_is_imported_when_the_package_is_imported():
    wrong = [f"{path.relative_to(PACKAGE).as_posix()} {problem}"
             for path in sorted(PACKAGE.rglob("*.py"))
             for problem in posix_imports_at_import_time(path.read_text(encoding="utf-8"))]
    assert not wrong, "\n".join(wrong)


def test_platform_specific_calls_live_in_portable_py():
    wrong = [f"{path.relative_to(PACKAGE).as_posix()} {problem}"
             for path in sorted(PACKAGE.rglob("*.py"))
             if path.relative_to(PACKAGE).as_posix() not in OS_SPECIFIC
             for problem in os_specific_calls(path.read_text(encoding="utf-8"))]
    assert not wrong, "\n".join(wrong)


def windows_like_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(WINDOWS_LIKE),
               PORTABILITY_SPAWN_LOG=str(tmp_path / "spawned.log"))
    env.pop("OUTREACH_CACHE_DIR", None)
    return env


def outreach_command() -> list[str]:
    """The console script, as a user runs it (spawned workers re-run it as their main)."""
    script = Path(sys.executable).with_name("outreach")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "outreach.cli"]


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=900, encoding="utf-8")


def test_the_windows_like_interpreter_really_lacks_fcntl_and_fork(tmp_path):
    env = windows_like_env(tmp_path)
    probe = run([sys.executable, "-c", "import fcntl"], tmp_path, env)
    assert probe.returncode == 1 and "No module named 'fcntl'" in probe.stderr
    probe = run([sys.executable, "-c", "import multiprocessing as m\n"
                 "print(m.get_start_method(), m.get_all_start_methods())\n"
                 "m.get_context('fork')"], tmp_path, env)
    assert probe.returncode == 1 and "cannot find context for 'fork'" in probe.stderr
    assert probe.stdout.strip() == "spawn ['spawn']"


@pytest.mark.slow
def test_new_check_build_with_pdfs_and_audio_where_fcntl_and_fork_are_missing(tmp_path):
    env = windows_like_env(tmp_path)
    outreach = outreach_command()
    made = run([*outreach, "new", "xa-thu"], tmp_path, env)
    assert made.returncode == 0, made.stderr
    project = tmp_path / "xa-thu"
    checked = run([*outreach, "check"], project, env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = run([*outreach, "build", "--engine", "espeak"], project, env)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Traceback" not in built.stdout + built.stderr

    site = project / "site"
    pdfs = sorted((site / "in").glob("*.pdf"))
    assert len(pdfs) >= 4 and all(p.read_bytes().startswith(b"%PDF-") for p in pdfs)
    docx = sorted((site / "in").glob("*.docx"))
    assert docx and docx[0].read_bytes().startswith(b"PK")
    clips = sorted((site / "phat-thanh").glob("*.mp3"))
    assert len(clips) >= 3 and all(c.stat().st_size > 10_000 for c in clips)
    assert (site / "thu-tuc" / "1-001193" / "index.html").is_file()
    # The segments were rendered by a pool of spawned workers (each logs its pid).
    spawned = (tmp_path / "spawned.log")
    if usable_cores() >= 2:
        assert spawned.is_file() and spawned.read_text().split(), \
            "the audio worker pool did not start: not enough segments to render?"

    # The build lock on its Windows path: a second build is refused while one holds it,
    # and a holder killed without unlocking leaves no stale lock.
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path\n"
         "from outreach.lock import BuildLock\n"
         "with BuildLock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(120)",
         str(site)], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        refused = run([*outreach, "build", "--engine", "espeak"], project, env)
        assert refused.returncode == 1
        assert f"một bản dựng khác của dự án này đang chạy (tiến trình số {holder.pid})" \
            in refused.stdout + refused.stderr
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    again = run([*outreach, "build", "--engine", "espeak"], project, env)
    assert again.returncode == 0, again.stdout + again.stderr

    # The province's batch: each commune is built in a spawned worker process.
    before = len(spawned.read_text().split()) if spawned.is_file() else 0
    batch = run([*outreach, "batch", str(project), "--force", "--engine", "espeak"], tmp_path,
                env)
    assert batch.returncode == 0, batch.stdout + batch.stderr
    assert len(spawned.read_text().split()) > before


def test_produced_files_are_hard_linked_into_the_site_or_copied_where_links_fail(
        tmp_path, monkeypatch):
    from outreach.site.plugin import LinkedAsset

    source, linked, copied = tmp_path / "staging", tmp_path / "site", tmp_path / "usb"
    (source / "in").mkdir(parents=True)
    (source / "in" / "thong-bao.pdf").write_bytes(b"%PDF-1.7 whole file")
    LinkedAsset("in/thong-bao.pdf", str(source), str(linked), True).copy_file()
    assert (linked / "in" / "thong-bao.pdf").stat().st_nlink == 2

    def no_links(src, dst):  # FAT32 USB sticks, some network shares, other file systems
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    LinkedAsset("in/thong-bao.pdf", str(source), str(copied), True).copy_file()
    target = copied / "in" / "thong-bao.pdf"
    assert target.read_bytes() == b"%PDF-1.7 whole file" and target.stat().st_nlink == 1


class WithoutPango(types.ModuleType):
    """What importing WeasyPrint does on a Windows PC without the GTK3 runtime."""

    def __getattr__(self, name: str):
        raise OSError("cannot load library 'libgobject-2.0-0': error 0x7e")


@pytest.mark.slow
def test_a_pc_without_pango_is_told_what_to_install_and_keeps_its_site(project_dir,
                                                                       monkeypatch, caplog):
    from click.testing import CliRunner

    from outreach.cli import main

    config = str(project_dir / "mkdocs.yml")
    assert CliRunner().invoke(main, ["build", "-f", config, "--no-print", "--no-audio"]
                              ).exit_code == 0
    before = (project_dir / "site" / "index.html").read_bytes()
    monkeypatch.setitem(sys.modules, "outreach.print.render",
                        WithoutPango("outreach.print.render"))
    result = CliRunner().invoke(main, ["build", "-f", config, "--no-audio"])
    assert result.exit_code == 1
    shown = result.output + caplog.text  # the build's problems reach the terminal via MkDocs' log
    assert "không tải được thư viện Pango mà WeasyPrint cần để làm bản in PDF" in shown
    assert "cài bộ GTK3 Runtime" in shown and "outreach build --no-print" in shown
    assert "Traceback" not in shown
    assert (project_dir / "site" / "index.html").read_bytes() == before
