"""Event packs: everything a group prints for a writing event, in one folder or zip."""
