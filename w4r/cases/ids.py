"""What a case id looks like: kept apart from the schema so that the tally can check ids without loading pydantic."""

from __future__ import annotations

import re

CASE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
