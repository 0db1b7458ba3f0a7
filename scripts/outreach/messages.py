"""Vietnamese wording of the messages that belong to no subpackage (build lock, CLI)."""

from __future__ import annotations


def build_locked(pid: str) -> str:
    who = f" (tiến trình số {pid})" if pid else ""
    return (f"một bản dựng khác của dự án này đang chạy{who}. Chờ bản dựng đó xong rồi chạy "
            "lại; hai bản dựng cùng lúc sẽ ghi đè lên nhau.")
