"""The progress bar of the long commands (import_notices, rebuild_index, harvest_oai,
load_territoires): done, rate and time left, with tqdm, on the error stream so that what the
commands print on their output stays as it is. Shown only to a person watching: off when the error
stream is not a terminal (logs, cron, tests), with ``--no-progress`` or with ``--verbosity 0``."""
from django.utils.translation import gettext as _
from tqdm import tqdm


def add_argument(parser):
    """The ``--no-progress`` option of a command."""
    parser.add_argument("--no-progress", action="store_true", help=_("Do not show the progress bar."))


def wanted(command, options):
    """True when the command's progress bar is shown (see the module's docstring)."""
    stream = _raw(command.stderr)
    return (not options.get("no_progress") and options.get("verbosity", 1) > 0
            and hasattr(stream, "isatty") and stream.isatty())


def bar(command, options, total=None, unit="", description=""):
    """A `Progress` for this command; does nothing when not `wanted`. ``total``: None if unknown."""
    return Progress(_raw(command.stderr), total, unit, description, enabled=wanted(command, options))


class Progress:
    """``update(done)`` with the count done so far; ``close()`` at the end (or use ``with``)."""

    def __init__(self, stream, total=None, unit="", description="", enabled=True):
        self._bar = tqdm(total=total, unit=f" {unit}" if unit else "it", desc=description or None, file=stream,
                         disable=not enabled, dynamic_ncols=True, mininterval=0.5, leave=True)

    def update(self, done):
        if not self._bar.disable:
            self._bar.update(done - self._bar.n)

    def set_total(self, total):
        if not self._bar.disable:
            self._bar.total = total
            self._bar.refresh()

    def close(self):
        self._bar.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _raw(stream):
    """The stream under Django's OutputWrapper (which would add a newline to each write)."""
    return getattr(stream, "_out", stream)
