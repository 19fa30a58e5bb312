"""Sharing with a clinician: the entries the person ticks, as Markdown (app.cbt.export_markdown) or as a PDF
with the mood chart drawn in. Only what was ticked is read — the chart too is drawn from the ticked
check-ins alone. The file is created readable by its owner only, after the "not encrypted" warning."""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app import cbt
from app.cbt.export import render_markdown
from app.cbt.mood import bucket_start, local_day
from app.storage import EXPORT_WARNING, StorageError, Store
from app.storage.export import _refuse_store_files
from app.ui.controller import AppController
from app.ui.qt import (
    QBuffer,
    QByteArray,
    QColor,
    QFileDialog,
    QImage,
    QIODevice,
    QListWidget,
    QListWidgetItem,
    QMarginsF,
    QPageLayout,
    QPageSize,
    QPalette,
    QPdfWriter,
    Qt,
    QTextDocument,
    QUrl,
)
from app.ui.toolkit.base import ToolkitPage
from app.ui.toolkit.chart import MoodChart, describe
from app.ui.toolkit.layout import flow_row, place_status, say, wrapping_list
from app.ui.widgets import button, label

KIND_NAMES = {"thought-record": "Thought record", "behavioural-activation": "Activity", "breathing": "Paced breathing"}
CHART_URL = "confidant://mood-chart.png"
# The list's tick boxes, as large and as clear as the app's other check boxes (Qt's default is a faint 13 px)
TICK_STYLE = """
QListWidget::indicator { width: 16px; height: 16px; border: 2px solid palette(placeholder-text);
    border-radius: 4px; background: palette(base); }
QListWidget::indicator:checked { background: palette(highlight); border-color: palette(highlight); }
"""


@dataclass(frozen=True)
class Prepared:
    markdown: str
    count: int
    series: cbt.MoodSeries | None  # drawn from the chosen check-ins only


def chosen_series(moods: list[cbt.MoodCheckIn], exercises: list[cbt.Exercise]) -> cbt.MoodSeries | None:
    """The chart of exactly these check-ins (and these exercises' days): nothing else from the store."""
    if not moods:
        return None
    days = [local_day(m.created_at) for m in moods if m.created_at]
    start, end = min(days), max(days)
    bucket = "day" if (end - start).days <= 45 else "week" if (end - start).days <= 200 else "month"
    totals: dict[date, list[int]] = defaultdict(list)
    for mood, day in zip(moods, days, strict=True):
        totals[bucket_start(day, bucket)].append(mood.mood)
    points = tuple(cbt.MoodPoint(k, sum(v) / len(v), len(v)) for k, v in sorted(totals.items()))
    done = frozenset(d for e in exercises if (when := getattr(e, "completed_at", None))
                     and start <= (d := local_day(when)) <= end)
    return cbt.MoodSeries(start, end, bucket, points, done)


def prepare(store: Store, choice: cbt.ExportChoice) -> Prepared:
    """On the store thread: the chosen entries as Markdown, and their chart's data."""
    text, count = render_markdown(store, choice)
    moods = [m for i in choice.mood_ids if (m := cbt.get_mood(store, i))]
    exercises = [e for i in choice.exercise_ids if (e := cbt.get_exercise(store, i))]
    series = chosen_series(moods, exercises)
    if series is not None:
        text = text.rstrip("\n") + f"\n\n## Mood trend\n\n{describe(series)}\n"
    return Prepared(text, count, series)


def chart_image(series: cbt.MoodSeries, width: int = 1400, height: int = 460) -> QImage:
    """The chart drawn for paper: light colours whatever the app's theme."""
    chart = MoodChart()
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#FFFFFF"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#1A2024"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#FFFFFF"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#1E6B73"))
    chart.setPalette(palette)
    chart.resize(width, height)
    chart.set_series(series)
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("#FFFFFF"))
    chart.render(image)
    chart.deleteLater()
    return image


def pdf_bytes(prepared: Prepared) -> bytes:
    """A PDF of the Markdown with the chart above the mood table, built in memory (no temporary file)."""
    document = QTextDocument()
    text = prepared.markdown
    if prepared.series is not None:
        image = chart_image(prepared.series).scaledToWidth(700, Qt.TransformationMode.SmoothTransformation)
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(CHART_URL), image)
        text = text.replace("## Mood trend\n", f"## Mood trend\n\n![Mood chart]({CHART_URL})\n", 1)
    document.setMarkdown(text)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle("My Confidant exercises")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter))
    document.print_(writer)
    del writer
    buffer.close()
    return bytes(data.data())


def write_private_bytes(out: Path, data: bytes) -> None:
    fd = None
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
        if os.name == "posix":
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            fd = None
            handle.write(data)
    except OSError as error:
        if fd is not None:
            os.close(fd)
        raise StorageError(f"Cannot write the export to {out}: {error.strerror or error}.") from error


class ExportPage(ToolkitPage):
    title = "Share with my clinician"
    key = "export"

    def __init__(self, controller: AppController, content: cbt.Content) -> None:
        super().__init__(controller, content)
        self.column.addWidget(label("Tick the entries you want to share, then save them as a PDF (with your "
                                    "mood chart) or a Markdown text file. Only what you tick goes in.", "muted"))
        moods = self.card("Mood check-ins")
        self.moods = self._list("Mood check-ins to share")
        moods.addWidget(self.moods)
        exercises = self.card("Exercises")
        self.exercises = self._list("Exercises to share")
        exercises.addWidget(self.exercises)
        save = self.card("Save", EXPORT_WARNING)
        self.pdf_button = button("Save as PDF…", "Save the ticked entries as a PDF", kind="primary")
        self.markdown_button = button("Save as Markdown…", "Save the ticked entries as a Markdown file")
        self.pdf_button.clicked.connect(lambda: self._choose("pdf"))
        self.markdown_button.clicked.connect(lambda: self._choose("md"))
        save.addLayout(flow_row(self.pdf_button, self.markdown_button))
        self.save_card = save  # its messages appear under these buttons
        self.finish()
        place_status(self, self.save_card)

    @staticmethod
    def _list(name: str) -> QListWidget:
        widget = wrapping_list(QListWidget(), TICK_STYLE)
        widget.setAccessibleName(name)
        widget.setAccessibleDescription("Space ticks or unticks an entry")
        widget.setMinimumHeight(140)
        return widget

    def refresh(self) -> None:
        def work(store: Store):
            return cbt.list_moods(store, limit=500), cbt.list_exercises(store, limit=500)

        self.on_store(work, self._show)

    def _show(self, result) -> None:
        moods, exercises = result
        self.moods.clear()
        self.exercises.clear()
        for mood in moods:
            when = mood.created_at.astimezone().strftime("%d %b %Y, %H:%M") if mood.created_at else ""
            feelings = f" — {', '.join(mood.emotions)}" if mood.emotions else ""
            self._add(self.moods, f"{when}: mood {mood.mood}/10{feelings}", mood.id)
        for exercise in exercises:
            when = exercise.created_at.astimezone().strftime("%d %b %Y, %H:%M") if exercise.created_at else ""
            detail = getattr(exercise, "situation", "") or getattr(exercise, "text", "") or ""
            detail = " ".join(detail.split())[:60]
            self._add(self.exercises, f"{KIND_NAMES.get(exercise.KIND, exercise.KIND)}, {when}"
                      + (f": {detail}" if detail else ""), exercise.id)

    @staticmethod
    def _add(widget: QListWidget, text: str, item_id: int | None) -> None:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        item.setData(Qt.ItemDataRole.UserRole, item_id)
        widget.addItem(item)

    def choice(self) -> cbt.ExportChoice:
        def ticked(widget: QListWidget) -> tuple[int, ...]:
            return tuple(widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
                         if widget.item(i).checkState() == Qt.CheckState.Checked)

        return cbt.ExportChoice(exercise_ids=ticked(self.exercises), mood_ids=ticked(self.moods))

    def _choose(self, kind: str) -> None:
        from app.ui.dialogs import confirm

        if self.choice().empty:
            say(self, "Tick at least one entry to share first.", self.save_card, error=True)
            return
        if not confirm(self, "Save an unencrypted copy", EXPORT_WARNING, "Continue", danger=False):
            return
        suffix = "PDF files (*.pdf)" if kind == "pdf" else "Markdown files (*.md)"
        path, _ = QFileDialog.getSaveFileName(self, "Save the shared entries", f"confidant-exercises.{kind}", suffix)
        if path:
            self.export_to(Path(path), kind)

    def export_to(self, out: Path, kind: str) -> None:
        """After the warning and the file chooser (the seam tests call)."""
        choice = self.choice()
        if choice.empty:
            say(self, "Tick at least one entry to share first.", self.save_card, error=True)
            return

        def work(store: Store) -> Prepared:
            _refuse_store_files(store, out)
            return prepare(store, choice)

        def ready(prepared: Prepared) -> None:
            data = pdf_bytes(prepared) if kind == "pdf" else prepared.markdown.encode("utf-8")
            self.on_store(lambda _store: write_private_bytes(out, data),
                          lambda _none: self.status.show_message(
                              f"Saved {prepared.count} entr{'y' if prepared.count == 1 else 'ies'} to {out}. "
                              "Remember: this file is not encrypted."))

        self.on_store(work, ready)
