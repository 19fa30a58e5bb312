"""The mood chart, drawn with QPainter from a MoodSeries (app.cbt.mood_series is its data model).

The widget keeps no numbers of its own: `points()` says where each check-in bucket is drawn, so tests (and
the text summary screen readers get) check exactly what is on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.cbt import MoodSeries
from app.ui.qt import QColor, QPainter, QPainterPath, QPen, QPointF, QRectF, QSize, Qt, QWidget

LEFT, RIGHT, TOP, BOTTOM = 44.0, 16.0, 16.0, 40.0  # room for the axis labels
_FORMATS = {"day": "%d %b", "week": "%d %b", "month": "%b %Y"}


@dataclass(frozen=True)
class ChartPoint:
    """One drawn point: the bucket it stands for, its mean mood, and where it sits in widget pixels."""

    start: date
    mean: float
    count: int
    x: float
    y: float


def describe(series: MoodSeries | None) -> str:
    """The chart in words, for screen readers and the text view."""
    if series is None or not series.points:
        return "No mood check-ins in this period yet."
    unit = {"day": "", "week": "week of ", "month": ""}[series.bucket]
    parts = [f"{unit}{_label(p.start, series.bucket)}: mood {p.mean:.1f} of 10"
             + (f" ({p.count} check-ins)" if p.count > 1 else "") for p in series.points]
    low = min(series.points, key=lambda p: p.mean)
    high = max(series.points, key=lambda p: p.mean)
    days = len(series.exercise_days)
    extra = f" Exercises were done on {days} day{'s' if days != 1 else ''}." if days else ""
    return (f"Mood from {series.start:%d %B} to {series.end:%d %B %Y}: {len(series.points)} "
            f"{'entries' if len(series.points) != 1 else 'entry'}, lowest {low.mean:.1f}, highest "
            f"{high.mean:.1f}. " + "; ".join(parts) + "." + extra)


def _label(day: date, bucket: str) -> str:
    return day.strftime(_FORMATS[bucket]).lstrip("0")


class MoodChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: MoodSeries | None = None
        self.setMinimumHeight(220)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # so screen-reader users can land on the summary
        self.setAccessibleName("Mood chart")
        self.setAccessibleDescription(describe(None))

    def sizeHint(self) -> QSize:
        return QSize(560, 260)

    def set_series(self, series: MoodSeries) -> None:
        self.series = series
        self.setAccessibleDescription(describe(series))
        self.update()

    def summary(self) -> str:
        return describe(self.series)

    # ---- geometry (shared by painting and points()) ----------------------------------------------------

    def _plot(self) -> QRectF:
        return QRectF(LEFT, TOP, max(1.0, self.width() - LEFT - RIGHT), max(1.0, self.height() - TOP - BOTTOM))

    def _x(self, day: date, buckets: list[date], plot: QRectF) -> float:
        if len(buckets) <= 1:
            return plot.center().x()
        index = buckets.index(day) if day in buckets else 0
        return plot.left() + plot.width() * index / (len(buckets) - 1)

    def _day_x(self, day: date, plot: QRectF) -> float:
        """An exact day's position (exercise marks), between the first and last bucket starts."""
        assert self.series is not None
        buckets = self.series.buckets()
        first, last = buckets[0], buckets[-1]
        span = (last - first).days
        if span <= 0:
            return plot.center().x()
        return plot.left() + plot.width() * min(max((day - first).days / span, 0.0), 1.0)

    @staticmethod
    def _y(mood: float, plot: QRectF) -> float:
        return plot.bottom() - plot.height() * mood / 10.0

    def points(self) -> list[ChartPoint]:
        """Where each bucket with check-ins is drawn now (oldest first)."""
        if self.series is None:
            return []
        plot, buckets = self._plot(), self.series.buckets()
        return [ChartPoint(p.start, p.mean, p.count, self._x(p.start, buckets, plot), self._y(p.mean, plot))
                for p in self.series.points]

    def exercise_marks(self) -> list[tuple[date, float]]:
        if self.series is None:
            return []
        plot = self._plot()
        return [(day, self._day_x(day, plot)) for day in sorted(self.series.exercise_days)]

    def axis_labels(self) -> list[tuple[QRectF, str]]:
        """The dates under the plot: the newest bucket (today's) always, then as many older ones as fit
        without overlapping; each kept inside the widget, so the last one is never cut off at the edge."""
        if self.series is None:
            return []
        metrics, plot, buckets = self.fontMetrics(), self._plot(), self.series.buckets()
        gap = 12.0

        def placed(index: int) -> tuple[QRectF, str]:
            text = _label(buckets[index], self.series.bucket)
            width = metrics.horizontalAdvance(text) + gap
            left = min(max(self._x(buckets[index], buckets, plot) - width / 2, 0.0), self.width() - width)
            return QRectF(left, plot.bottom() + 6, width, metrics.height()), text

        newest = placed(len(buckets) - 1)
        widest = max(metrics.horizontalAdvance(_label(b, self.series.bucket)) for b in buckets) + gap
        step = max(1, int(len(buckets) * widest / max(plot.width(), 1.0)) + 1)
        older = [placed(index) for index in range(0, len(buckets) - 1, step)]
        return [label for label in older if label[0].right() <= newest[0].left()] + [newest]

    # ---- painting ---------------------------------------------------------------------------------------

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(palette.ColorRole.WindowText)
        muted = QColor(text)
        muted.setAlphaF(0.55)
        grid = QColor(text)
        grid.setAlphaF(0.12)
        accent = palette.color(palette.ColorRole.Highlight)
        plot = self._plot()
        metrics = painter.fontMetrics()

        line = metrics.height()
        painter.setPen(QPen(grid, 1))
        for mood in (0, 5, 10):
            y = self._y(mood, plot)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(muted)
            painter.drawText(QRectF(0, y - line / 2, LEFT - 8, line),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), str(mood))
            painter.setPen(QPen(grid, 1))

        if self.series is None:
            painter.end()
            return
        buckets = self.series.buckets()
        # exercise days: soft bars behind the line
        mark = QColor(accent)
        mark.setAlphaF(0.18)
        for _day, x in self.exercise_marks():
            painter.fillRect(QRectF(x - 3, plot.top(), 6, plot.height()), mark)
        painter.setPen(muted)
        for rect, text in self.axis_labels():
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), text)
        points = self.points()
        if not points:
            painter.drawText(plot, int(Qt.AlignmentFlag.AlignCenter), "No check-ins in this period yet")
            painter.end()
            return
        # the line breaks at gaps in the buckets (a missing day is not a straight trend)
        painter.setPen(QPen(accent, 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        path, previous = QPainterPath(), None
        for point in points:
            index = buckets.index(point.start)
            if previous is not None and index == previous + 1:
                path.lineTo(QPointF(point.x, point.y))
            else:
                path.moveTo(QPointF(point.x, point.y))
            previous = index
        painter.drawPath(path)
        painter.setBrush(accent)
        painter.setPen(QPen(palette.color(palette.ColorRole.Base), 2))
        for point in points:
            painter.drawEllipse(QPointF(point.x, point.y), 5.0, 5.0)
        painter.end()
