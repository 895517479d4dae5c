"""Case files: the strict YAML reader, the schema, and the library of shipped cases."""

from w4r.cases.library import CaseLibrary
from w4r.cases.loader import load_case_file
from w4r.cases.schema import Case, Status, Target

__all__ = ["Case", "CaseLibrary", "Status", "Target", "load_case_file"]
