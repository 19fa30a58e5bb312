"""Feelings with how strong each was (0–100), as rows the person can add to and remove from."""

from __future__ import annotations

from app import cbt
from app.ui.qt import QHBoxLayout, QLineEdit, QSize, QVBoxLayout, QWidget
from app.ui.toolkit.layout import flow_row
from app.ui.widgets import SpinBox, button


class FeelingEdit(QLineEdit):
    """A feeling's name: never squeezed narrower than a long one ("overwhelmed") at the current text size."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(max(hint.width(), self.fontMetrics().horizontalAdvance("overwhelmed") + 20), hint.height())


class EmotionRows(QWidget):
    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what  # "before" / "now", in the accessible names
        self.rows: list[tuple[QWidget, QLineEdit, SpinBox]] = []
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(6)
        self.list = QVBoxLayout()
        self.column.addLayout(self.list)
        self.add_button = button("Add a feeling", f"Add a feeling ({what})")
        self.add_button.clicked.connect(lambda: self.add_row().setFocus())
        self.column.addLayout(flow_row(self.add_button))

    def add_row(self, name: str = "", intensity: int = 50) -> QLineEdit:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        number = len(self.rows) + 1
        edit = FeelingEdit(name)
        edit.setPlaceholderText("A feeling, e.g. anxious")
        edit.setAccessibleName(f"Feeling {number} ({self.what})")
        strength = SpinBox()
        strength.setRange(0, 100)
        strength.setSuffix(" / 100")
        strength.setValue(intensity)
        strength.setMinimumWidth(0)  # as wide as "100 / 100" needs, leaving the room to the feeling's name
        strength.setAccessibleName(f"How strong feeling {number} is, 0 to 100 ({self.what})")
        remove = button("Remove", f"Remove feeling {number} ({self.what})")
        layout.addWidget(edit, 1)
        layout.addWidget(strength)
        layout.addWidget(remove)
        entry = (row, edit, strength)
        self.rows.append(entry)
        remove.clicked.connect(lambda: self._remove(entry))
        self.list.addWidget(row)
        return edit

    def _remove(self, entry: tuple[QWidget, QLineEdit, SpinBox]) -> None:
        self.rows.remove(entry)
        entry[0].deleteLater()
        self.add_button.setFocus()

    def set_ratings(self, ratings: tuple[cbt.EmotionRating, ...]) -> None:
        for row, _edit, _spin in self.rows:
            row.deleteLater()
        self.rows.clear()
        for rating in ratings:
            self.add_row(rating.name, rating.intensity)

    def ratings(self) -> tuple[cbt.EmotionRating, ...]:
        """The named rows (blank ones are left out); raises InvalidEntry with words for the person."""
        return tuple(cbt.EmotionRating(edit.text(), spin.value()) for _row, edit, spin in self.rows
                     if edit.text().strip())
