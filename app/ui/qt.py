"""Every Qt import in Confidant goes through this module (as Anki's aqt.qt does).

One place to check the Qt version, and one place to change if the binding ever changes.
"""

# ruff: noqa: F401 - this module exists to re-export Qt names
from __future__ import annotations

from PySide6 import __version_info__ as PYSIDE_VERSION
from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QMimeData,
    QObject,
    QPoint,
    QPointF,
    QRectF,
    QSize,
    QStandardPaths,
    Qt,
    QThread,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QBrush,
    QClipboard,
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QShortcut,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

MINIMUM_QT = (6, 5)
if tuple(PYSIDE_VERSION[:2]) < MINIMUM_QT:
    raise ImportError(f"Confidant needs PySide6 {MINIMUM_QT[0]}.{MINIMUM_QT[1]} or newer.")

__all__ = [name for name in dir() if name[0].isupper() and not name.startswith("MIN")]

# Added for clinician mode. is_valid: whether a Qt object still exists (a worker's result may arrive after
# its window has closed).
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QLayout, QTabBar  # noqa: E402
from shiboken6 import isValid as is_valid  # noqa: E402

__all__ += ["QAbstractButton", "QAbstractSpinBox", "QLayout", "QTabBar", "is_valid"]

# Added for the settings window: announcing status changes to screen readers, and painting the spin-box and
# combo-box arrows that the style sheet would otherwise hide.
from PySide6.QtCore import QRect  # noqa: E402
from PySide6.QtGui import QAccessible, QAccessibleEvent  # noqa: E402
from PySide6.QtWidgets import QStyle, QStyleOptionComboBox, QStyleOptionSpinBox  # noqa: E402

__all__ += ["QAccessible", "QAccessibleEvent", "QRect", "QStyle", "QStyleOptionComboBox", "QStyleOptionSpinBox"]

# Added for the toolkit's PDF export: the chart and the text drawn into a PDF held in memory.
from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QUrl  # noqa: E402
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter  # noqa: E402

__all__ += ["QBuffer", "QIODevice", "QImage", "QMarginsF", "QPageLayout", "QPageSize", "QPdfWriter", "QUrl"]
