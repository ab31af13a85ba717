"""Test helpers: a real `nfsrdma serve` process on loopback with a real export directory."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, proc: subprocess.Popen[bytes] | None = None, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"port {port} did not open")


@dataclass
class ServerProc:
    export: Path
    state: Path
    nfs_port: int
    mount_port: int
    log: Path
    args: list[str]
    extra: list[str] = field(default_factory=list)
    proc: subprocess.Popen[bytes] | None = None
    fd_limit: int | None = None  # RLIMIT_NOFILE (soft and hard) for the server process
    nlm_port: int | None = None  # NLM + NSM (--nlm-port)

    @property
    def export_path(self) -> str:
        return str(self.export)

    def url(self, sub: str = "", version: str = "3") -> str:
        return (f"nfs://127.0.0.1{self.export_path}{sub}?version={version}"
                f"&nfsport={self.nfs_port}&mountport={self.mount_port}")

    def start(self) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        with open(self.log, "ab") as logf:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "nfsrdma", "serve", *self.args, *self.extra],
                cwd=ROOT, env=env, stdout=logf, stderr=subprocess.STDOUT,
                preexec_fn=self._limit if self.fd_limit else None,
            )
        wait_port(self.nfs_port, self.proc)
        wait_port(self.mount_port, self.proc)
        if self.nlm_port and "--no-nlm" not in self.args + self.extra:
            wait_port(self.nlm_port, self.proc)  # its listener opens after NFS and MOUNT

    def _limit(self) -> None:
        import resource

        assert self.fd_limit is not None
        resource.setrlimit(resource.RLIMIT_NOFILE, (self.fd_limit, self.fd_limit))

    def stop(self, sig: int = signal.SIGTERM) -> int:
        assert self.proc is not None
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise

    def restart(self) -> None:
        self.stop()
        self.start()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def make_server(tmp_path: Path, *extra: str, exports_text: str | None = None,
                nfs4: bool = True) -> ServerProc:
    export = tmp_path / "export"
    export.mkdir(exist_ok=True)
    state = tmp_path / "state"
    nfs_port, mount_port, nlm_port = free_port(), free_port(), free_port()
    args = ["--listen", "127.0.0.1", "--nfs-port", str(nfs_port), "--mount-port",
            str(mount_port), "--nlm-port", str(nlm_port), "--state-dir", str(state), "--no-rpcbind", "--rdma", "off",
            "--pool-mib", "64"] + ([] if nfs4 else ["--no-nfs4"])
    if exports_text is not None:
        f = tmp_path / "exports"
        f.write_text(exports_text.replace("{export}", str(export)))
        args += ["--exports", str(f)]
    else:
        args += ["--export", str(export)]
    return ServerProc(export, state, nfs_port, mount_port, tmp_path / "server.log", args,
                      list(extra), nlm_port=nlm_port)
