"""An editable Word twin (.docx) of every notice, laid out like its PDF (Decree 30/2020).

Offices finish, number and register a notice in Word before signing, so the twin keeps
the same parts in the same places: the header table (authority names broken as in the
PDF, Quốc hiệu and Tiêu ngữ), number, place and date, title, body, Nơi nhận and the
signature block, in a Times-metric font on A4 with the decree's margins. It is made from
the same job context as the PDF, never from a second reading of the catalogue.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import segno
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from . import messages as W
from .documents import Job

# Word finds Times New Roman on every office PC; LibreOffice maps it to Liberation Serif,
# which has the same metrics, so lines break in the same places.
FONT = "Times New Roman"
LANGUAGE = "vi-VN"
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
BODY_PT = 14
BODY_INDENT_MM = 12.7
# Exactly the PDF's line pitch (14 pt × CSS line-height 1.25), so pages break alike.
LINE_PITCH_PT = 17.5
SIGN_SPACE_PT = 72  # room to sign and stamp, about 25 mm
# Fixed file times (the zip members' and the document's own), unless SOURCE_DATE_EPOCH gives
# them: the same notice gives the same bytes (cache, manifest sha256, reproducible builds).
FIXED_TIME = dt.datetime(2000, 1, 1)
ZIP_EARLIEST = dt.datetime(1980, 1, 1)  # zip cannot say earlier


def notice_docx(job: Job, stamp: dt.datetime | None = None) -> bytes:
    """The .docx bytes of a notice job (the same context its PDF is made from); `stamp`
    (naive UTC, from SOURCE_DATE_EPOCH) is written as its creation and file times."""
    ctx = job.context
    document = Document()
    _page_setup(document)
    _default_font(document)
    _core_properties(document, ctx, stamp or FIXED_TIME)
    _page_numbers_from_page_two(document)
    _header_table(document, ctx)
    _title_block(document, ctx)
    _body(document, str(ctx["body"]), ctx)
    _closing_table(document, ctx)
    buffer = io.BytesIO()
    document.save(buffer)
    return _deterministic_zip(buffer.getvalue(), stamp or FIXED_TIME)


# ---------------------------------------------------------------- page, fonts, metadata


def _page_setup(document: Any) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)


def _default_font(document: Any) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), LANGUAGE)
    style.element.get_or_add_rPr().append(language)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.widow_control = True


def _core_properties(document: Any, ctx: dict[str, Any], stamp: dt.datetime) -> None:
    props = document.core_properties
    props.title = ctx["meta"]["title"]
    props.author = ctx["meta"]["author"]
    props.language = LANGUAGE
    props.revision = 1
    # python-docx stamps "now"; a fixed time keeps the file the same from build to build.
    props.created = props.modified = stamp
    props.last_modified_by = ctx["meta"]["author"]


def _page_numbers_from_page_two(document: Any) -> None:
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(paragraph, "PAGE", size=13)


def _field(paragraph: Paragraph, instruction: str, size: float) -> None:
    """A Word field (PAGE) as begin/instruction/separate/result/end runs."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None),
                       ("text", "2"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(size)
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
            run._r.append(element)
        elif kind == "text":
            run.text = text or ""
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)


# ---------------------------------------------------------------- header and title


def _header_table(document: Any, ctx: dict[str, Any]) -> None:
    head = ctx["header"]
    table = _layout_table(document, [head["issuer_mm"], head["motto_mm"]])
    left, right = table.rows[0].cells
    first = True
    for line in head["parent_lines"]:
        _line(left, line, head["issuer_pt"], first=first)
        first = False
    for line in head["office_lines"]:
        _line(left, line, head["issuer_pt"], bold=True, first=first)
        first = False
    _rule(left.add_paragraph(), head["issuer_mm"], head["rule_mm"])
    _line(left, W.NUMBER.format(number=ctx['number']), 13, space_before=6)
    _line(right, W.NATION, head["nation_pt"], bold=True, first=True)
    motto = _line(right, W.MOTTO, 13, bold=True)
    motto.runs[0].font.underline = True  # the decree's rule as long as the motto itself
    _line(right, ctx["date_line"], 13.5, italic=True, space_before=10)


def _title_block(document: Any, ctx: dict[str, Any]) -> None:
    _centred(document, W.NOTICE_TITLE, 14, bold=True, space_before=24)
    _centred(document, ctx["title"], 14, bold=True)
    _rule(document.add_paragraph(), 165, 165 * 0.25)
    if ctx.get("to"):
        _centred(document, W.TO.format(to=ctx['to']), 14, space_before=10)
    document.add_paragraph().paragraph_format.line_spacing = Pt(6)  # the PDF's 12 pt gap


def _centred(document: Any, text: str, size: float, bold: bool = False,
             space_before: float = 0) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(space_before)
    run = paragraph.add_run(text)
    run.font.size, run.bold = Pt(size), bold
    return paragraph


def _line(cell: Any, text: str, size: float, bold: bool = False, italic: bool = False,
          first: bool = False, space_before: float = 0) -> Paragraph:
    """One centred line in a header cell (the first reuses the cell's empty paragraph)."""
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(space_before)
    run = paragraph.add_run(text)
    run.font.size, run.bold, run.italic = Pt(size), bold, italic
    return paragraph


def _rule(paragraph: Paragraph, column_mm: float, width_mm: float) -> None:
    """A centred rule `width_mm` long: an empty paragraph with a bottom border, indented."""
    indent = Mm(max(0.0, (column_mm - width_mm) / 2))
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = indent
    paragraph.paragraph_format.line_spacing = Pt(4)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _layout_table(document: Any, widths_mm: list[float]) -> Table:
    """A borderless table with fixed column widths (header and closing blocks)."""
    table = document.add_table(rows=1, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    # No cell padding: the columns are measured to the text (the Quốc hiệu fills its own).
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)
    for cell, width in zip(table.rows[0].cells, widths_mm, strict=True):
        cell.width = Mm(width)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    _cant_split(table)
    return table


def _cant_split(table: Table) -> None:
    for row in table.rows:
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))


# ---------------------------------------------------------------- body


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Any] = field(default_factory=list)  # _Node or str


class _Tree(HTMLParser):
    """The body HTML (from the shared Markdown step) as a small tree."""

    VOID = {"br", "hr", "img", "col", "input"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _parse(html: str) -> _Node:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree.root


def _body(document: Any, html: str, ctx: dict[str, Any]) -> None:
    paragraphs: list[Paragraph] = []
    for node in _parse(html).children:
        if isinstance(node, str):
            if node.strip():
                paragraphs.append(_body_paragraph(document, [node]))
            continue
        if node.tag in {"ul", "ol"}:
            for number, item in enumerate(_elements(node, "li"), start=1):
                marker = "- " if node.tag == "ul" else f"{number}. "
                paragraph = _body_paragraph(document, [marker, *_inline(item)], indent=False)
                paragraph.paragraph_format.left_indent = Mm(BODY_INDENT_MM)
                paragraphs.append(paragraph)
        elif node.tag == "table" and "procedures" in node.attrs.get("class", "").split():
            _procedure_table(document, ctx)
        elif node.tag == "table":
            _plain_table(document, node)
        elif node.tag in {"h1", "h2", "h3", "h4"}:
            paragraph = _body_paragraph(document, [_Node("strong", children=node.children)],
                                        indent=False)
            paragraph.paragraph_format.keep_with_next = True
            paragraphs.append(paragraph)
        else:
            paragraphs.append(_body_paragraph(document, node.children))
    # As in the PDF: the body's last lines go with Nơi nhận and the signature.
    if paragraphs:
        paragraphs[-1].paragraph_format.keep_with_next = True


def _elements(node: _Node, tag: str) -> Iterator[_Node]:
    for child in node.children:
        if isinstance(child, _Node) and child.tag == tag:
            yield child


def _inline(node: _Node) -> list[Any]:
    """A list item's inline content (a loose item wraps it in <p>)."""
    out: list[Any] = []
    for child in node.children:
        if isinstance(child, _Node) and child.tag == "p":
            out += child.children
        else:
            out.append(child)
    return out


def _body_paragraph(document: Any, content: list[Any], indent: bool = True) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Mm(BODY_INDENT_MM) if indent else None
    fmt.space_after = Pt(6)
    fmt.line_spacing = Pt(LINE_PITCH_PT)
    fmt.widow_control = True
    _runs(paragraph, content, bold=False, italic=False)
    return paragraph


def _runs(paragraph: Paragraph, content: list[Any], bold: bool, italic: bool) -> None:
    for part in content:
        if isinstance(part, str):
            text = " ".join(part.split("\n"))
            if text:
                run = paragraph.add_run(text)
                run.bold, run.italic = bold or None, italic or None
        elif part.tag == "br":
            paragraph.add_run().add_break()
        else:
            _runs(paragraph, part.children, bold or part.tag in {"strong", "b"},
                  italic or part.tag in {"em", "i"})


def _plain_table(document: Any, node: _Node) -> None:
    """A Markdown table of the body, cell text only."""
    rows = [row for section in node.children if isinstance(section, _Node)
            for row in ([section] if section.tag == "tr" else _elements(section, "tr"))]
    cells = [[c for c in row.children if isinstance(c, _Node) and c.tag in {"th", "td"}]
             for row in rows]
    if not cells:
        return
    table = document.add_table(rows=len(cells), cols=max(len(r) for r in cells))
    table.style = "Table Grid"
    for row, source in zip(table.rows, cells, strict=True):
        for cell, content in zip(row.cells, source, strict=False):
            _runs(cell.paragraphs[0], content.children, bold=content.tag == "th", italic=False)
    document.add_paragraph()


def _procedure_table(document: Any, ctx: dict[str, Any]) -> None:
    """The featured-procedure table, rebuilt from the rows of the job (not the HTML)."""
    rows = ctx["table"]["rows"]
    with_qr = ctx["table"]["qr"]
    headings = list(W.TABLE_HEADINGS)
    widths = [9, 0, 32, 28, 32] + ([25] if with_qr else [])
    if with_qr:
        headings.append(W.TABLE_QR)
    widths[1] = 165 - sum(widths)
    table = document.add_table(rows=1 + len(rows), cols=len(headings))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        _cell_text(cell, text, bold=True, centred=True)
    for number, (row, p) in enumerate(zip(table.rows[1:], rows, strict=True), start=1):
        cells = row.cells
        _cell_text(cells[0], str(number), centred=True)
        _cell_text(cells[1], p["name"])
        _cell_text(cells[1], W.CODE.format(code=p['code']), size=11, new_paragraph=True)
        _cell_text(cells[2], p["level"]["name"])
        _cell_text(cells[3], p["time"])
        _cell_text(cells[4], p["fee_text"])
        if with_qr:
            picture = io.BytesIO()
            segno.make(p["url"], error="m").save(picture, kind="png", scale=6, border=4)
            paragraph = cells[5].paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run().add_picture(io.BytesIO(picture.getvalue()), width=Mm(20))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
    _cant_split(table)
    document.add_paragraph().paragraph_format.space_after = Pt(0)


def _cell_text(cell: Any, text: str, bold: bool = False, centred: bool = False,
               size: float = 12, new_paragraph: bool = False) -> None:
    paragraph = cell.add_paragraph() if new_paragraph else cell.paragraphs[0]
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size, run.bold = Pt(size), bold or None


# ---------------------------------------------------------------- closing


def _closing_table(document: Any, ctx: dict[str, Any]) -> None:
    table = _layout_table(document, [82.5, 82.5])
    left, right = table.rows[0].cells
    label = left.paragraphs[0].add_run(W.RECIPIENTS)
    label.font.size, label.bold, label.italic = Pt(12), True, True
    for line in ctx["recipients"]:
        run = left.add_paragraph().add_run(line)
        run.font.size = Pt(11)
    signer = ctx["signer"]
    lines = [signer["on_behalf"], signer["deputy"], signer["position"]]
    first = True
    for line in (x for x in lines if x):
        paragraph = _line(right, line, 14, bold=True, first=first)
        paragraph.paragraph_format.keep_with_next = True
        first = False
    name = _line(right, signer["name"], 14, bold=True, space_before=SIGN_SPACE_PT)
    name.paragraph_format.keep_together = True


def _deterministic_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """The same archive with fixed member dates, so equal input gives equal bytes."""
    moment = max(stamp, ZIP_EARLIEST)
    date_time = (moment.year, moment.month, moment.day, moment.hour, moment.minute,
                 moment.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
