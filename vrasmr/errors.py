"""The one family of errors a person can fix: a missing library or device, a bad file or value.

Each carries the line to show (``str(error)``: what is wrong, where, and what to do) and the
exit status the ``vrasmr`` command ends with. The command prints that line instead of a
traceback; any other exception is a bug and keeps its traceback. A class that is also a
``ValueError``, ``LookupError`` ... keeps that base too, for code that catches it so.
"""

from __future__ import annotations

EXIT_UNAVAILABLE = 2  # a part is missing, or the input cannot be used (argparse's status too)


class VrasmrError(Exception):
    """A problem the person can fix; ``message`` is the line that says so."""

    exit_status: int = EXIT_UNAVAILABLE

    def __init__(self, message: str = "", *args: object) -> None:
        super().__init__(message, *args)
        self.message = message

    def __str__(self) -> str:  # the message as it is (KeyError would quote it)
        return str(self.args[0]) if len(self.args) == 1 else super().__str__()
