"""Worker processes that end with the process that started them.

``kill -9`` of a batch cannot run any clean-up in the parent, and its forked
workers would otherwise sleep forever, each holding a pipe end of the others
(85 MB apiece).  ``die_with_parent`` makes a worker notice: on Linux the kernel
sends it SIGKILL the moment the parent dies (prctl PR_SET_PDEATHSIG); elsewhere
a daemon thread watches for the parent to go (the worker is re-parented, so
``os.getppid`` changes) and ends the worker within a second.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

_PR_SET_PDEATHSIG = 1
_POLL_S = 0.5


def die_with_parent(parent_pid: int) -> None:
    """Call first thing in a forked worker; ``parent_pid`` is the parent's pid, taken before the fork."""
    if sys.platform.startswith("linux") and _prctl_deathsig():
        # The parent may have died between the fork and the prctl call.
        if os.getppid() != parent_pid:
            os._exit(1)
        return
    threading.Thread(target=_watch, args=(parent_pid,), name="w4r-parent-watch", daemon=True).start()


def _prctl_deathsig() -> bool:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent_pid: int) -> None:
    import time

    while True:
        if os.getppid() != parent_pid:
            os._exit(1)  # nobody is left to read the result: end without clean-up, as SIGKILL would
        time.sleep(_POLL_S)


# Ctrl-C, remembered for the whole process.  The command line's SIGINT handler
# raises KeyboardInterrupt, but code that catches every exception (ReportLab has
# bare 'except:' clauses) can swallow it; the command would then go on and write
# its output, or wait for ever on a pipe nobody reads.  Writers check this first.
_ctrl_c_pressed = False


def note_ctrl_c() -> None:
    """Called by the front end's SIGINT handler."""
    global _ctrl_c_pressed
    _ctrl_c_pressed = True


def ctrl_c_pressed() -> bool:
    return _ctrl_c_pressed


def stop_if_ctrl_c_pressed() -> None:
    """Raise KeyboardInterrupt if Ctrl-C was pressed earlier, even if the interrupt was swallowed on its way."""
    if _ctrl_c_pressed:
        raise KeyboardInterrupt
