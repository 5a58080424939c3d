#!/usr/bin/env python3
"""Inputs of any size for benches/large_inputs.sh, with the standard library
only: post exports as CSV, as XLSX workbooks and as Telegram Desktop
`result.json`, each in more than one layout.

    gen_inputs.py csv ROWS OUT [--layout meta|ru]
    gen_inputs.py xlsx ROWS OUT [--layout plain|titled|repeated]
    gen_inputs.py telegram ROWS OUT

Every value is a function of the row number, so a file is the same on every
run. An XLSX workbook is written as the zip of XML parts it is, a row at a
time: `plain` has one posts sheet with text dates; `titled` a notes sheet
first, a title row above Russian headers, Excel date numbers and blank cells;
`repeated` one row written over and over with no cell references, so that
the file stays a few hundred kilobytes while its sheet unpacks to millions
of rows.
"""
import argparse
import datetime as dt
import json
import zipfile
from xml.sax.saxutils import escape

EPOCH = dt.datetime(2024, 1, 1)


def when(n):
    """A publish time: two years of posts, several a day."""
    return EPOCH + dt.timedelta(minutes=(n * 37) % (730 * 24 * 60))


def figures(n):
    return (500 + n % 9000, n % 300, n % 40, n % 15, n % 25)


def caption(n):
    return f"Post {n} about #tag{n % 50} and #общее, with a comma"


def write_csv(rows, out, layout):
    with open(out, "w", encoding="utf-8", newline="") as f:
        if layout == "ru":
            f.write("Дата публикации;Текст;Охват;Лайки;Комментарии;Репосты;Сохранения\n")
            for n in range(1, rows + 1):
                reach, likes, comments, reposts, saves = figures(n)
                t = when(n).strftime("%d.%m.%Y %H:%M")
                f.write(f'{t};"{caption(n)}";{reach};{likes};{comments};{reposts};{saves}\n')
        else:
            f.write("Post ID,Publish time,Reach,Likes,Comments,Shares,Saves,Description\n")
            for n in range(1, rows + 1):
                reach, likes, comments, reposts, saves = figures(n)
                t = when(n).strftime("%m/%d/%Y %H:%M")
                f.write(f'{100000000 + n},{t},{reach},{likes},{comments},{reposts},{saves},"{caption(n)}"\n')


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
{sheets}
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

# Style 1 is a date and time (built-in format 22, `m/d/yy h:mm`).
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
</styleSheet>"""

SHEET_HEAD = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"""
SHEET_TAIL = "</sheetData></worksheet>"


def text_cell(v):
    return f'<c t="inlineStr"><is><t>{escape(v)}</t></is></c>'


def number_cell(v, style=0):
    s = f' s="{style}"' if style else ""
    return f"<c{s}><v>{v}</v></c>"


def blank_cell():
    return "<c/>"


def excel_serial(t):
    return (t - dt.datetime(1899, 12, 30)).total_seconds() / 86400


def post_sheet_rows(rows, layout):
    """The XML rows of the posts sheet."""
    if layout == "titled":
        yield "<row>" + text_cell("Публикации сообщества «Зерно»") + "</row>"
        yield "<row/>"
        yield "<row>" + "".join(
            text_cell(h)
            for h in ["Дата публикации", "Текст", "Охват", "Лайки", "Комментарии", "Репосты", "Сохранения"]
        ) + "</row>"
        for n in range(1, rows + 1):
            reach, likes, comments, reposts, saves = figures(n)
            cells = [
                number_cell(f"{excel_serial(when(n)):.10f}", style=1),
                text_cell(caption(n)),
                number_cell(reach),
                number_cell(likes),
                number_cell(comments),
                number_cell(reposts),
                # Nothing saved is left blank, as people leave it.
                number_cell(saves) if saves else blank_cell(),
            ]
            yield "<row>" + "".join(cells) + "</row>"
        return
    yield "<row>" + "".join(
        text_cell(h) for h in ["Post ID", "Publish time", "Reach", "Likes", "Comments", "Shares", "Saves", "Description"]
    ) + "</row>"
    if layout == "repeated":
        row = "<row>" + "".join(
            [text_cell("p1"), text_cell("2025-03-01 10:00"), number_cell(1000), number_cell(40),
             number_cell(5), number_cell(5), number_cell(2), text_cell("The same post #tag")]
        ) + "</row>"
        for _ in range(rows):
            yield row
        return
    for n in range(1, rows + 1):
        reach, likes, comments, reposts, saves = figures(n)
        cells = [
            text_cell(str(100000000 + n)),
            text_cell(when(n).strftime("%Y-%m-%d %H:%M")),
            number_cell(reach),
            number_cell(likes),
            number_cell(comments),
            number_cell(reposts),
            number_cell(saves),
            text_cell(caption(n)),
        ]
        yield "<row>" + "".join(cells) + "</row>"


def write_xlsx(rows, out, layout):
    sheets = [("Posts", post_sheet_rows(rows, layout))]
    if layout == "titled":
        notes = iter(["<row>" + text_cell("Отчёт для клиента") + "</row>"])
        sheets.insert(0, ("Заметки", notes))
    level = 9 if layout == "repeated" else 6
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        overrides = "\n".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(sheets=overrides))
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            + "".join(
                f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                for i, (name, _) in enumerate(sheets, 1)
            )
            + "</sheets></workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(sheets) + 1)
            )
            + f'<Relationship Id="rId{len(sheets) + 1}" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
            'Target="styles.xml"/></Relationships>',
        )
        z.writestr("xl/styles.xml", STYLES)
        for i, (_, body) in enumerate(sheets, 1):
            with z.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as f:
                f.write(SHEET_HEAD.encode())
                buf = []
                for row in body:
                    buf.append(row)
                    if len(buf) >= 4096:
                        f.write("".join(buf).encode())
                        buf = []
                f.write("".join(buf).encode())
                f.write(SHEET_TAIL.encode())


def write_telegram(rows, out):
    """A channel's result.json: messages with text entities and reactions."""
    with open(out, "w", encoding="utf-8") as f:
        f.write('{\n "name": "Зерно",\n "type": "public_channel",\n "id": 1234567890,\n "messages": [\n')
        for n in range(1, rows + 1):
            reach, likes, comments, reposts, saves = figures(n)
            t = when(n)
            msg = {
                "id": n,
                "type": "message",
                "date": t.strftime("%Y-%m-%dT%H:%M:%S"),
                "date_unixtime": str(int(t.replace(tzinfo=dt.timezone.utc).timestamp())),
                "from": "Зерно",
                "from_id": "channel1234567890",
                "text": caption(n),
                "text_entities": [{"type": "plain", "text": caption(n)}],
                "views": reach,
                "forwards": reposts,
                "reactions": [{"type": "emoji", "count": likes, "emoji": "👍"}],
            }
            f.write("  " + json.dumps(msg, ensure_ascii=False) + (",\n" if n < rows else "\n"))
        f.write(" ]\n}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["csv", "xlsx", "telegram"])
    ap.add_argument("rows", type=int)
    ap.add_argument("out")
    ap.add_argument("--layout", default=None)
    a = ap.parse_args()
    if a.kind == "csv":
        write_csv(a.rows, a.out, a.layout or "meta")
    elif a.kind == "xlsx":
        write_xlsx(a.rows, a.out, a.layout or "plain")
    else:
        write_telegram(a.rows, a.out)


if __name__ == "__main__":
    main()
