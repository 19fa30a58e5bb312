"""Clinician mode: edit, test, import / export and lock the guardrail profile; read the audit list.

`open_clinician_mode(controller, parent)` is the one entry point (the main window's Clinician button). The
Qt parts are imported only when it is called, so the plain-Python helpers in this package (profile_toml,
fields, store_jobs) can be used and tested without Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.ui.clinician.gate import ClinicianGate


def open_clinician_mode(controller, parent) -> ClinicianGate:
    """Ask for the clinician PIN if one is set, then open the clinician window. Returns at once; the
    returned gate's `opened(dialog)` / `refused(message)` signals say how it went."""
    from app.ui.clinician.gate import ClinicianGate

    gate = ClinicianGate(controller, parent)
    gate.start()
    return gate


__all__ = ["open_clinician_mode"]
