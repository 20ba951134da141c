"""A local Prefect server for commands that find none: `prefect server start` as a child process
that never outlives the command.

The child runs in a session of its own, so the terminal's Ctrl-C reaches only the command, which
stops the server after Prefect is done with it (no hang while a dying server is still being asked
to pause schedules). It is also tied to the command's life by the kernel (PR_SET_PDEATHSIG on
Linux, kept across exec), so even `kill -9` of the command takes the server down with it.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import time

import httpx

from wirenorm.config import ConfigError

# Run in the child before it becomes the server: ask the kernel for SIGTERM when the parent dies,
# then make sure the parent is still the one that started us (it may have died in between).
_GUARD = (
    "import ctypes, os, signal, sys\n"
    "try:\n"
    "    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG\n"
    "except (OSError, AttributeError):\n"
    "    pass  # not Linux: the server is still stopped by a normal exit of the command\n"
    "if os.getppid() != int(sys.argv[1]):\n"
    "    sys.exit(0)\n"
    "os.execv(sys.executable, [sys.executable, '-m', 'prefect', 'server', 'start', *sys.argv[2:]])\n"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(api_url: str, timeout: float = 0.5) -> bool:
    try:
        return httpx.get(f"{api_url}/health", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


class LocalServer:
    """`prefect server start` on 127.0.0.1; `services` runs the scheduler (needed by `serve`)."""

    def __init__(self, port: int | None = None, services: bool = False, ui: bool = False) -> None:
        self.port = port or free_port()
        self.services, self.ui = services, ui
        self.proc: subprocess.Popen[bytes] | None = None
        self._answered = False

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def start(self, timeout: float = 180) -> LocalServer:
        return self.launch().ready(timeout)

    def launch(self) -> LocalServer:
        """Start the server process without waiting for it: its ~3 s of start-up can overlap
        whatever the command does next (`ready` waits)."""
        args = ["--host", "127.0.0.1", "--port", str(self.port), "--ui" if self.ui else "--no-ui"]
        if not self.services:
            args.append("--no-services")
        env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
        env.pop("PREFECT_API_URL", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _GUARD, str(os.getpid()), *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env=env,
        )
        self._answered = False
        return self

    def ready(self, timeout: float = 180) -> LocalServer:
        """Wait until the launched server answers its health check."""
        if self.proc is None:
            raise RuntimeError("LocalServer.ready() before launch()")
        deadline = time.monotonic() + timeout
        while not self._answered and time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ConfigError(
                    f"the local Prefect server exited with code {self.proc.returncode} (is port {self.port} in use?)"
                )
            if answers(self.api_url, timeout=2):
                self._answered = True
                break
            time.sleep(0.2)
        if not self._answered:
            self.stop()
            raise ConfigError(f"the local Prefect server did not answer on port {self.port} within {timeout:.0f}s")
        return self

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


_shared: list[LocalServer] = []


def shared_server(wait: bool = True) -> LocalServer:
    """One temporary server per process, started on first use and stopped when the process exits:
    after Prefect's own exit hooks have sent the last logs and events (they run first). With
    `wait=False` it is only launched; its `ready()` waits."""
    if not _shared or _shared[-1].proc is None or _shared[-1].proc.poll() is not None:
        _shared.append(LocalServer().launch())
        atexit.register(_shared[-1].stop)
    return _shared[-1].ready() if wait else _shared[-1]
