"""Vietnamese text lives in message modules (and templates/data files), not in code.

Scans every string literal of the package with `ast` (docstrings excepted: they document
code for developers); one holding a Vietnamese-specific letter (ă â đ ê ô ơ ư or a tone mark)
may appear only in the modules listed below.
"""

from __future__ import annotations

import ast
import unicodedata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "outreach"

# Where user-facing Vietnamese text belongs.
MESSAGE_MODULES = {"messages.py", "catalogue/messages.py", "print/messages.py",
                   "speech/messages.py", "site/labels.py", "province/messages.py",
                   "studio/messages.py"}
# Vietnamese language data, not messages: alphabet and accent folding, how numbers, dates and
# sums of money are written and read, syllable structure, the reading rules of the normaliser
# (tagger and verbaliser), weekday names, the words that name kinds of administrative unit
# (XÃ, PHƯỜNG, TỈNH…) in a header, and the letter đ in header matching.
LANGUAGE_DATA = {"site/text.py", "print/formats.py", "speech/numbers.py", "speech/syllables.py",
                 "speech/normalise.py", "speech/tagger.py", "speech/verbalise.py",
                 "catalogue/broadcast.py", "print/header.py", "province/importer.py"}
# Combining marks that make a Latin letter Vietnamese: breve, circumflex, horn, the five tones.
MARKS = {"\u0306", "\u0302", "\u031b", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def is_vietnamese(text: str) -> bool:
    decomposed = unicodedata.normalize("NFD", text)
    return "đ" in text.lower() or any(ch in MARKS for ch in decomposed)


def docstring_nodes(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def vietnamese_literals(source: str) -> list[tuple[int, str]]:
    tree = ast.parse(source)
    skip = docstring_nodes(tree)
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in skip and is_vietnamese(node.value)]


def test_detector_finds_vietnamese_and_ignores_docstrings_and_english():
    source = ('"""Tài liệu."""\n'
              'def f():\n    """Hàm."""\n    return "lỗi cú pháp", "error", "Đ", "café"\n')
    assert [text for _, text in vietnamese_literals(source)] == ["lỗi cú pháp", "Đ", "café"]
    assert not is_vietnamese("procedures.yaml: line 3 – “quoted”")


def test_vietnamese_text_only_in_message_modules():
    allowed = MESSAGE_MODULES | LANGUAGE_DATA
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in allowed:
            continue
        found += [f"{rel}:{line}: {text[:60]!r}"
                  for line, text in vietnamese_literals(path.read_text(encoding="utf-8"))]
    assert not found, ("Vietnamese text outside the message modules; move it to the "
                       "subpackage's messages.py (or site/labels.py):\n" + "\n".join(found))


def test_listed_modules_exist():
    for rel in MESSAGE_MODULES | LANGUAGE_DATA:
        assert (PACKAGE / rel).is_file(), rel
