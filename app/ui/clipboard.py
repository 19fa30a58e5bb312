"""Copying private text without leaving it behind.

As KeePassXC does for secrets: the clipboard content is marked so clipboard managers and history tools
skip it (KDE's password-manager hint, and the Windows/macOS exclusion formats), and it is cleared after a
short while and when Confidant quits — but only if it still holds what we put there.
"""

from __future__ import annotations

from app.ui.qt import QAbstractButton, QByteArray, QGuiApplication, QMimeData, QObject, QTimer

CLEAR_AFTER_MS = 45_000
COPIED = "Copied"
COPIED_FOR_MS = 1500
_EXCLUDE_FORMATS = {
    "x-kde-passwordManagerHint": b"secret",
    "application/x-nspasteboard-concealed-type": b"secret",
    'application/x-qt-windows-mime;value="ExcludeClipboardContentFromMonitorProcessing"': b"\x01\x00\x00\x00",
    'application/x-qt-windows-mime;value="CanIncludeInClipboardHistory"': b"\x00\x00\x00\x00",
    'application/x-qt-windows-mime;value="CanUploadToCloudClipboard"': b"\x00\x00\x00\x00",
}


class PrivateClipboard(QObject):
    def __init__(self, parent: QObject | None = None, clear_after_ms: int = CLEAR_AFTER_MS) -> None:
        super().__init__(parent)
        self._text: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear)

    def copy(self, text: str) -> None:
        data = QMimeData()
        data.setText(text)
        for mime, value in _EXCLUDE_FORMATS.items():
            data.setData(mime, QByteArray(value))
        QGuiApplication.clipboard().setMimeData(data)
        self._text = text
        self._timer.start()

    def clear(self) -> None:
        """Clear the clipboard if it still holds what we copied (never someone else's later copy)."""
        self._timer.stop()
        clipboard = QGuiApplication.clipboard()
        if self._text is not None and clipboard.text() == self._text:
            clipboard.clear()
        self._text = None


def show_copied(button: QAbstractButton, for_ms: int = COPIED_FOR_MS) -> None:
    """Brief feedback on a Copy button: it reads "Copied" for a moment, then its own label again."""
    label = button.property("copy_label") or button.text()
    button.setProperty("copy_label", label)
    button.setText(COPIED)
    QTimer.singleShot(for_ms, button, lambda: button.setText(label))  # not run if the button is gone
