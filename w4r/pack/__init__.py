"""Event packs: everything a group prints for a writing event, in one folder or zip."""

import w4r.typeset  # noqa: F401 - before ReportLab's platypus loads (see w4r.render)
