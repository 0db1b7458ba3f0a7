"""requirements/lock.txt, which `make site`, `make test` and CI install from, keeps up with
pyproject.toml: every runtime and test requirement is pinned there, at a version its range
allows, with hashes (pip's --require-hashes refuses an unhashed line). `make lock` refreshes it.
"""

from __future__ import annotations

import re
from pathlib import Path

import tomllib
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"
BUILD_IN = ROOT / "requirements" / "build.in"

_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)")


def locked() -> dict[str, list[tuple[Version, str]]]:
    """name -> [(version, the whole entry's text)]; a name may be pinned twice, for two
    Python versions (numpy on 3.11 and on 3.12+)."""
    entries: dict[str, list[tuple[Version, str]]] = {}
    current: list[str] = []
    for line in [*LOCK.read_text("utf-8").splitlines(), ""]:
        if line and not line.startswith((" ", "#")) or not line:
            if current:
                match = _PIN.match(current[0])
                assert match, f"not an exact pin in {LOCK.name}: {current[0]}"
                entries.setdefault(canonicalize_name(match[1]), []).append(
                    (Version(match[2]), "\n".join(current)))
            current = [line] if line else []
        elif current:
            current.append(line)
    return entries


def wanted() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    names = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    names += [line for line in BUILD_IN.read_text("utf-8").splitlines()
              if line.strip() and not line.startswith("#")]
    return [Requirement(name) for name in names]


def test_every_requirement_is_pinned_within_its_range():
    lock = locked()
    missing, outside = [], []
    for requirement in wanted():
        pins = lock.get(canonicalize_name(requirement.name))
        if not pins:
            missing.append(requirement.name)
            continue
        outside += [f"{requirement} (locked {version})" for version, _ in pins
                    if not requirement.specifier.contains(version, prereleases=True)]
    assert not missing and not outside, (
        f"{LOCK.name} is older than pyproject.toml; run `make lock`. "
        f"Missing: {missing}; outside the range: {outside}")


def test_every_pin_has_hashes():
    unhashed = [name for name, pins in locked().items()
                for _, text in pins if "--hash=sha256:" not in text]
    assert not unhashed


def test_the_bench_extra_and_mkdocs_2_stay_out():
    lock = locked()
    assert "viet-asr" not in lock  # bench-only: never installed by make site / make test
    assert all(version < Version("2") for version, _ in lock["mkdocs"])


def test_the_province_ci_example_installs_from_the_lock():
    workflow = (ROOT / "examples" / "province" / "ci" / "github.yml").read_text("utf-8")
    installs = [line.strip() for line in workflow.splitlines()
                if re.search(r"\bpip install\b", line) and not line.lstrip().startswith("#")]
    assert installs, "the example workflow installs nothing"
    unpinned = [line for line in installs
                if "--require-hashes -r requirements/lock.txt" not in line
                and "--no-deps" not in line]
    assert not unpinned
