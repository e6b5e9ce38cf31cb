"""The one way an import fails: with a message that says what it read and how the analyst can proceed."""


class ImportFailed(Exception):
    pass
