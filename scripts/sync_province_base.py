"""Re-derive examples/province/base/procedures.yaml from the reference procedures.yaml.

The example province's base is the reference catalogue without its `office` and with the
reference commune's name made general, so any commune of the province can extend it.
Run after the reference facts change: `make province-base` (then review the diff).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "procedures.yaml"
TARGET = ROOT / "examples" / "province" / "base" / "procedures.yaml"
HEADER = """\
# Danh mục gốc của tỉnh Quảng Trị cho ví dụ examples/province (tạo bằng
# `make province-base` từ procedures.yaml tham chiếu của kho: bỏ mục office, tên xã
# tham chiếu đổi thành cách gọi chung). Mỗi xã ghi office của mình trong tệp riêng và
# `extends: ../../base/procedures.yaml`. Không sửa tay tệp này: sửa procedures.yaml gốc.
"""
# The reference commune's name, in the phrases the catalogue uses, made general.
GENERAL = [
    ("Trung tâm Phục vụ hành chính công xã Bến Hải", "Trung tâm Phục vụ hành chính công xã"),
    ("Công an xã Bến Hải", "Công an xã nơi cư trú"),
    ("UBND xã Bến Hải", "UBND xã nơi cư trú"),
    ("xã Bến Hải", "xã"),
]


def derive(text: str) -> str:
    body = text[text.index("schema: 1"):]
    body = re.sub(r"^office:\n(?:  .*\n)+\n?", "", body, flags=re.MULTILINE)
    for old, new in GENERAL:
        body = body.replace(old, new)
    return HEADER + body


def main() -> int:
    TARGET.write_text(derive(SOURCE.read_text(encoding="utf-8")), encoding="utf-8")
    print(TARGET.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
