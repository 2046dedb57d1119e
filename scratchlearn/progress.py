"""How far along a long command is: one updating line in a terminal, plain
lines in a log (a file or a pipe, where carriage returns would be noise)."""

import sys

__all__ = ["Progress"]


class Progress:
    """Report steps ``1..total`` of a long command on ``stream``."""

    def __init__(self, total, stream=None):
        self.total = total
        self.stream = stream or sys.stdout
        self.live = self.stream.isatty()

    def start(self, k, name):
        """Step ``k`` (from 1) called ``name`` has begun."""
        self._write(f"[{k}/{self.total}] {name} …", final=False)

    def finish(self, k, name, result):
        """Step ``k`` is over; ``result`` says how it went (``"done in 2.1 s"``)."""
        self._write(f"[{k}/{self.total}] {name} {result}", final=True)

    def _write(self, text, final):
        if self.live:
            # \r and "erase line" redraw the same terminal line; only a finished
            # step moves on to the next line.
            self.stream.write("\r\033[K" + text + ("\n" if final else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
