"""Clinician mode: edit, test, import / export and lock the guardrail profile; read the audit list.

`open_clinician_mode(controller, parent)` is the one entry point (the main window's Clinician button). The
Qt parts are imported only when it is called. What the pages work on is plain Python in the core, shared with
`confidant profile`: the schema and the editable draft (app/safety/schema.py, draft.py, locations.py) and the
install, lock and unlock actions with their audit events (app/safety/clinician.py).
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
