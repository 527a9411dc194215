"""Two real Syncthing instances on 127.0.0.1 sharing one folder, for tests.

Everything that reaches beyond the machine is off (global discovery, relays,
local announcements, NAT, usage reporting, crash reports, upgrades); each
instance has its own home folder, a GUI/REST address on a free loopback port
with an API key, and listens for the other on another free loopback port.
The processes are always stopped, whatever happens in the test.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

FOLDER_ID = "undercover-visits"
_OFF = {
    "globalAnnounceEnabled": "false",
    "localAnnounceEnabled": "false",
    "relaysEnabled": "false",
    "natEnabled": "false",
    "urAccepted": "-1",
    "autoUpgradeIntervalH": "0",
    "startBrowser": "false",
    "crashReportingEnabled": "false",
    "reconnectionIntervalS": "1",
    "setLowPriority": "false",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Instance:
    name: str
    home: Path
    folder: Path
    gui_port: int = field(default_factory=free_port)
    sync_port: int = field(default_factory=free_port)
    api_key: str = field(default_factory=lambda: secrets.token_hex(16))
    device_id: str = ""
    process: subprocess.Popen | None = None

    def generate(self) -> None:
        self.home.mkdir(parents=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / ".stfolder").mkdir(exist_ok=True)
        subprocess.run(
            ["syncthing", "generate", f"--home={self.home}", "--no-default-folder",
             "--skip-port-probing"],
            check=True, capture_output=True, timeout=60, env=_env(self.home),
        )
        out = subprocess.run(
            ["syncthing", "serve", f"--home={self.home}", "--device-id"],
            check=True, capture_output=True, text=True, timeout=60, env=_env(self.home),
        ).stdout
        self.device_id = out.strip().splitlines()[-1].strip()

    def configure(self, peer: Instance) -> None:
        """Loopback only, nothing reaching out, the peer known, the folder shared with it."""
        path = self.home / "config.xml"
        tree = ET.parse(path)
        root = tree.getroot()
        gui = root.find("gui")
        assert gui is not None
        gui.set("tls", "false")
        _text(gui, "address", f"127.0.0.1:{self.gui_port}")
        _text(gui, "apikey", self.api_key)
        options = root.find("options")
        assert options is not None
        for old in options.findall("listenAddress"):
            options.remove(old)
        _text(options, "listenAddress", f"tcp://127.0.0.1:{self.sync_port}")
        for old in options.findall("globalAnnounceServer"):
            options.remove(old)
        for key, value in _OFF.items():
            _text(options, key, value)
        device = ET.SubElement(root, "device", {
            "id": peer.device_id, "name": peer.name, "compression": "metadata",
            "introducer": "false",
        })
        _text(device, "address", f"tcp://127.0.0.1:{peer.sync_port}")
        folder = ET.SubElement(root, "folder", {
            "id": FOLDER_ID, "label": "Undercover visits", "path": str(self.folder),
            "type": "sendreceive", "rescanIntervalS": "2", "fsWatcherEnabled": "true",
            "fsWatcherDelayS": "1",
        })
        for device_id in (self.device_id, peer.device_id):
            ET.SubElement(folder, "device", {"id": device_id})
        tree.write(path)

    def start(self, log: Path) -> None:
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                ["syncthing", "serve", f"--home={self.home}", "--no-browser", "--no-restart",
                 "--no-upgrade"],
                stdout=out, stderr=subprocess.STDOUT, env=_env(self.home),
                start_new_session=True,
            )

    def stop(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def rest(self, method: str, path: str) -> object:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}", method=method,
            headers={"X-API-Key": self.api_key},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            body = response.read()
        return json.loads(body) if body.strip() else None

    def scan(self) -> None:
        """Tell Syncthing to look at the folder now, instead of waiting for its watcher."""
        self.rest("POST", f"/rest/db/scan?folder={FOLDER_ID}")

    def connected_to(self, peer: Instance) -> bool:
        connections = self.rest("GET", "/rest/system/connections")
        assert isinstance(connections, dict)
        return bool(connections["connections"].get(peer.device_id, {}).get("connected"))


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(STNOUPGRADE="1", STNORESTART="1", HOME=str(home), STNODEFAULTFOLDER="1")
    return env


def _text(parent: ET.Element, tag: str, value: str) -> None:
    element = parent.find(tag)
    if element is None:
        element = ET.SubElement(parent, tag)
    element.text = value


def wait_for(check: Callable[[], bool], timeout: float, what: str, logs: list[Path]) -> None:
    """Poll until ``check()`` is true; on timeout, fail with the Syncthing logs' last lines."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, urllib.error.URLError, ValueError, KeyError):
            pass  # not up yet
        time.sleep(0.2)
    tails = "\n".join(
        f"--- {log.name}\n" + "\n".join(log.read_text(errors="replace").splitlines()[-15:])
        for log in logs if log.exists()
    )
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}\n{tails}")


def available() -> bool:
    return shutil.which("syncthing") is not None
