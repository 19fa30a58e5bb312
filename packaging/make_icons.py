"""Draw Confidant's app icon: assets/icons/confidant.svg, PNGs at 256/128/64/32/16, .ico and .icns.

    .venv/bin/python packaging/make_icons.py [--out DIR]

One geometry, written twice: as SVG text, and drawn with QPainter for the PNGs (PySide6-Essentials may not
ship QtSvg, so nothing here renders the SVG). A speech bubble holding a keyhole, on the app's accent teal:
a private conversation. The .ico and .icns wrap the PNGs as they are (both formats accept PNG entries), so
PyInstaller needs no image library to give the Windows and macOS executables their icon.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "assets" / "icons"
SIZES = (256, 128, 64, 32, 16)
VIEW = 256

TEAL_LIGHT, TEAL_DARK, KEYHOLE, BUBBLE = "#2E8F98", "#1B5E66", "#1E6B73", "#FFFFFF"
BACKGROUND = (8, 8, 240, 240, 56)  # x, y, width, height, corner radius
BODY = (48, 58, 160, 112, 40)
TAIL = ((82, 160), (66, 206), (126, 166))
KEY_CIRCLE = (128, 100, 19)  # cx, cy, r
KEY_STEM = ((119, 108), (137, 108), (144, 146), (112, 146))


def svg() -> str:
    def points(pts: tuple[tuple[int, int], ...]) -> str:
        return " ".join(f"{x},{y}" for x, y in pts)

    bx, by, bw, bh, br = BACKGROUND
    x, y, w, h, r = BODY
    cx, cy, cr = KEY_CIRCLE
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="{VIEW}" height="{VIEW}" viewBox="0 0 {VIEW} {VIEW}">
  <title>Confidant</title>
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="{TEAL_LIGHT}"/>
      <stop offset="1" stop-color="{TEAL_DARK}"/>
    </linearGradient>
  </defs>
  <rect x="{bx}" y="{by}" width="{bw}" height="{bh}" rx="{br}" fill="url(#bg)"/>
  <rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{r}" fill="{BUBBLE}"/>
  <polygon points="{points(TAIL)}" fill="{BUBBLE}"/>
  <circle cx="{cx}" cy="{cy}" r="{cr}" fill="{KEYHOLE}"/>
  <polygon points="{points(KEY_STEM)}" fill="{KEYHOLE}"/>
</svg>
"""


def draw_png(size: int, path: Path) -> None:
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter, QPolygonF
    from PySide6.QtWidgets import QApplication

    # A QApplication (not a bare QGuiApplication): a process holds one application object for good, and
    # anything that later shows a widget in the same process — the test suite does — needs this kind.
    _ = QApplication.instance() or QApplication(sys.argv[:1])
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / VIEW, size / VIEW)
    painter.setPen(Qt.PenStyle.NoPen)

    bx, by, bw, bh, br = BACKGROUND
    gradient = QLinearGradient(bx, by, bx + bw, by + bh)
    gradient.setColorAt(0, QColor(TEAL_LIGHT))
    gradient.setColorAt(1, QColor(TEAL_DARK))
    painter.setBrush(gradient)
    painter.drawRoundedRect(QRectF(bx, by, bw, bh), br, br)

    def polygon(pts: tuple[tuple[int, int], ...]) -> QPolygonF:
        return QPolygonF([QPointF(x, y) for x, y in pts])

    painter.setBrush(QColor(BUBBLE))
    x, y, w, h, r = BODY
    painter.drawRoundedRect(QRectF(x, y, w, h), r, r)
    painter.drawPolygon(polygon(TAIL))

    painter.setBrush(QColor(KEYHOLE))
    cx, cy, cr = KEY_CIRCLE
    painter.drawEllipse(QPointF(cx, cy), cr, cr)
    painter.drawPolygon(polygon(KEY_STEM))
    painter.end()
    if not image.save(str(path), "PNG"):
        raise SystemExit(f"Could not write {path}")


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico whose entries are PNG images (supported since Windows Vista)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        data = pngs[size]
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset + len(blobs))
        blobs += data
    return header + entries + blobs


def icns(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns whose entries are PNG images (ic07 = 128, ic08 = 256, icp4 = 16, icp5 = 32, icp6 = 64)."""
    types = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08"}
    body = b"".join(types[s] + struct.pack(">I", 8 + len(pngs[s])) + pngs[s] for s in sorted(pngs))
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_icons(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "confidant.svg").write_text(svg(), encoding="utf-8")
    pngs = {}
    for size in SIZES:
        path = folder / f"confidant-{size}.png"
        draw_png(size, path)
        pngs[size] = path.read_bytes()
    (folder / "confidant.ico").write_bytes(ico(pngs))
    (folder / "confidant.icns").write_bytes(icns(pngs))


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) == 2 and argv[0] == "--out" else ICONS
    write_icons(folder)
    print(f"wrote {len(SIZES) + 3} files to {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
