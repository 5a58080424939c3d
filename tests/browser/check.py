#!/usr/bin/env python3
"""Checks of what headless Chromium made of a page, with the standard
library only: a screenshot is not blank (PNG decoded with zlib and struct),
the DOM holds each chart and no script, hostile text stayed text, and a
printed PDF has a sane number of pages.

    check.py png SHOT.png
    check.py dom DOM.html [--chart CLASS]... [--text TEXT]...
    check.py pdf FILE.pdf MIN MAX
"""

import re
import struct
import sys
import zlib
from html.parser import HTMLParser


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def png_rows(path):
    """The rows of an 8-bit RGB or RGBA PNG as bytes, unfiltered."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path}: not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        fail(f"{path}: PNG layout {header} is not 8-bit RGB(A), non-interlaced")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def check_png(path):
    width, height, bpp, rows = png_rows(path)
    colours = {}
    for row in rows[::4]:
        for x in range(0, width * bpp, 4 * bpp):
            px = row[x : x + 3]
            colours[px] = colours.get(px, 0) + 1
    total = sum(colours.values())
    if len(colours) < 2:
        fail(f"{path}: the page is one colour")
    # Ink: pixels well away from the background and white (text, marks).
    ink = sum(n for px, n in colours.items() if min(px) < 200)
    if ink < total * 0.002:
        fail(f"{path}: the page is nearly blank ({ink} of {total} sampled pixels inked)")
    print(f"ok: {path}: {width}x{height}, {len(colours)} colours sampled, {100 * ink / total:.1f} % inked")


# Elements without an end tag in HTML.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Dom(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.charts = []  # (classes, marks inside)
        self.scripts = 0
        self.text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts += 1
        for name in attrs:
            if name.startswith("on"):
                fail(f"an event handler {name} on <{tag}>")
        if tag == "svg":
            self.charts.append([attrs.get("class", "").split(), 0])
        elif tag in ("rect", "path", "circle", "line") and any(t == "svg" for t in self.stack):
            self.charts[-1][1] += 1
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self.stack and self.stack[-1] not in ("style",):
            self.text.append(data)


def check_dom(path, charts, texts):
    dom = Dom()
    dom.feed(open(path, encoding="utf-8").read())
    if dom.scripts:
        fail(f"{path}: {dom.scripts} script elements")
    for cls in charts:
        found = [c for c in dom.charts if "chart" in c[0] and cls in c[0]]
        if not found:
            fail(f"{path}: no <svg class=\"chart {cls}\">")
        empty = [c for c in found if c[1] < 2]
        if empty:
            fail(f"{path}: a {cls} chart draws nothing")
    body = "".join(dom.text)
    for t in texts:
        if t not in body:
            fail(f"{path}: the text {t!r} is not shown as text")
    print(f"ok: {path}: charts {', '.join(charts) or '-'}; {len(texts)} texts kept as text")


def check_pdf(path, low, high):
    data = open(path, "rb").read()
    if not data.startswith(b"%PDF"):
        fail(f"{path}: not a PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    if not low <= pages <= high:
        fail(f"{path}: {pages} pages, expected {low} to {high}")
    print(f"ok: {path}: {pages} pages")


def main(argv):
    if len(argv) < 2:
        fail(__doc__)
    what, path, rest = argv[0], argv[1], argv[2:]
    if what == "png":
        check_png(path)
    elif what == "dom":
        charts, texts = [], []
        for flag, value in zip(rest[::2], rest[1::2]):
            (charts if flag == "--chart" else texts).append(value)
        check_dom(path, charts, texts)
    elif what == "pdf":
        check_pdf(path, int(rest[0]), int(rest[1]))
    else:
        fail(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
