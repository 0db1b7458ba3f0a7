"""A guide's skeleton (the commune's office left out) tells a province's communes that a guide
overflows the normal size, so each lays out only the compact one: it must never be wrong, and
a commune's PDFs must be the same bytes whether it learned that from the cache or not."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from outreach.artifacts import Cache
from outreach.catalogue.project import load_project
from outreach.paths import repo_root
from outreach.print import build_pdfs, render
from outreach.print.assets import PrintAssets
from outreach.print.compose import page_html
from outreach.print.documents import Job, guide_job
from outreach.scaffold import scaffold
from project_support import TODAY
from test_print_support import add_procedures

# Offices around the reference's: the least an office can print (every required text one
# short word, no phone, the address withheld) and a long one (every line wraps).
SHORTEST = {"name_upper": "XÃ A", "parent_upper": "", "one_stop_desk": "Một cửa",
            "office_hours": "7h–17h", "address": "", "withheld": ["address"], "phone": None,
            "contact_note": None}
LONGEST = {"name_upper": "ỦY BAN NHÂN DÂN XÃ " + "PHƯỚC HÒA TÂN TRUNG " * 3,
           "one_stop_desk": "Bộ phận tiếp nhận và trả kết quả " * 3,
           "office_hours": "Sáng 7 giờ đến 11 giờ 30, chiều 13 giờ 30 đến 17 giờ, " * 2,
           "address": "Thôn Phước Hòa, đường liên xã, gần chợ trung tâm " * 2,
           "withheld": [], "phone": "0233 3852 123",
           "contact_note": "Gọi trước khi đến để được hẹn giờ, " * 3}


def _with_office(job: Job, changes: dict[str, Any]) -> Job:
    return dataclasses.replace(job, context={**job.context,
                                             "office": {**job.context["office"], **changes}})


def _overflows(job: Job, assets: PrintAssets, skeleton: bool = False) -> bool:
    html = page_html(job, assets, skeleton=skeleton)
    return bool(render.layout_problems(render.render_document(html, job, assets), job))


def test_a_skeleton_that_overflows_means_every_communes_guide_overflows() -> None:
    project = load_project(repo_root() / "mkdocs.yml")
    assets = PrintAssets.for_project(project.root)
    decided = 0
    for procedure in project.catalogue.procedures:
        job = guide_job(project, procedure)
        variants = [job, _with_office(job, SHORTEST), _with_office(job, LONGEST)]
        skeletons = {page_html(v, assets, skeleton=True) for v in variants}
        assert len(skeletons) == 1, procedure.code  # one skeleton for every commune
        if _overflows(job, assets, skeleton=True):
            decided += 1
            for variant in variants:
                assert _overflows(variant, assets), (procedure.code,
                                                     variant.context["office"]["name_upper"])
    assert decided >= 10  # most of the reference's long guides are decided by their skeleton


def _guides(root: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
            ) -> tuple[dict[str, bytes], list[str]]:
    """Build a commune's PDFs with `cache`; its guides' bytes, and the guides laid out (one
    entry per WeasyPrint layout, the skeleton's included)."""
    laid_out: list[str] = []
    real = render.render_document

    def counted(html: str, job: Job, assets: PrintAssets) -> Any:
        laid_out.append(job.source)
        return real(html, job, assets)

    monkeypatch.setattr(render, "render_document", counted)
    project = load_project(root / "mkdocs.yml", today=TODAY)
    artifacts = build_pdfs(project, root / "out", Cache(cache))
    monkeypatch.undo()
    return ({a.source: (root / "out" / a.path).read_bytes()
             for a in artifacts if a.kind == "guide"}, laid_out)


def test_communes_sharing_a_cache_skip_the_normal_layout_and_print_the_same_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, other = tmp_path / "trung-son", tmp_path / "cam-lo"
    documents = [f"Giấy tờ số {n}: bản chính hoặc bản sao có chứng thực" for n in range(17)]
    for root, name in ((first, "Trung Sơn"), (other, "Cam Lộ")):
        scaffold(root, name, "Quảng Trị", today=TODAY)
        [long_guide] = add_procedures(root, 1, documents=documents)
    shared = tmp_path / "province-cache"
    _, lead_runs = _guides(first, shared, monkeypatch)
    # A guide with many documents overflows the normal size even as a skeleton: the first
    # commune lays it out three times (normal, skeleton, compact), the next one once.
    assert lead_runs.count(long_guide) == 3
    shared_bytes, runs = _guides(other, shared, monkeypatch)
    assert runs.count(long_guide) == 1
    # A commune with its own cache learns nothing and lays out normal then compact: the same
    # PDFs, byte for byte.
    alone_bytes, alone_runs = _guides(other, other / ".cache" / "outreach", monkeypatch)
    assert alone_runs.count(long_guide) == 2
    assert shared_bytes == alone_bytes
