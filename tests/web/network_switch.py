"""The network of a whole Chromium switched off and on through the DevTools protocol
(`Network.emulateNetworkConditions`), for pages AND service workers.

Selenium's `execute_cdp_cmd` reaches only the page: a service worker would still fetch from
the network (and Background Sync would send) while the page believes it is offline. So this
connects to the browser's own DevTools endpoint, attaches to every page and service worker
(a worker that starts later waits until the current conditions are applied to it) and applies
the same conditions to each."""

from __future__ import annotations

import itertools
import json
import queue
import threading
import time
import urllib.request

import websocket

KINDS = ("page", "service_worker")


class NetworkSwitch:
    def __init__(self, driver) -> None:
        address = driver.capabilities["goog:chromeOptions"]["debuggerAddress"]
        with urllib.request.urlopen(f"http://{address}/json/version", timeout=10) as answer:
            url = json.load(answer)["webSocketDebuggerUrl"]
        self.socket = websocket.create_connection(url, timeout=30, suppress_origin=True)
        self.ids, self.lock = itertools.count(1), threading.Lock()
        self.switching = threading.Lock()  # conditions and sessions change together
        self.answers: dict[int, queue.Queue] = {}
        self.sessions: set[str] = set()
        self.conditions = {"offline": False, "latency": 0, "downloadThroughput": -1,
                           "uploadThroughput": -1}
        threading.Thread(target=self._read, daemon=True).start()
        self.call("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True,
                                           "flatten": True,
                                           "filter": [{"type": kind} for kind in KINDS]})
        for _ in range(100):  # the open page attached and prepared before the first switch
            if self.sessions:
                break
            time.sleep(0.05)

    def set(self, *, online: bool, latency: int = 0) -> None:
        with self.switching:
            self.conditions = {**self.conditions, "offline": not online, "latency": latency}
            for session in list(self.sessions):
                self.call("Network.emulateNetworkConditions", self.conditions, session)

    def close(self) -> None:
        self.socket.close()

    def call(self, method: str, params: dict | None = None, session: str | None = None):
        number = next(self.ids)
        message = {"id": number, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        answer: queue.Queue = queue.Queue()
        self.answers[number] = answer
        with self.lock:
            self.socket.send(json.dumps(message))
        return answer.get(timeout=30)

    def _read(self) -> None:
        while True:
            try:
                message = json.loads(self.socket.recv())
            except Exception:
                return
            if "id" in message and message["id"] in self.answers:
                self.answers.pop(message["id"]).put(message.get("result"))
            elif message.get("method") == "Target.detachedFromTarget":
                self.sessions.discard(message["params"]["sessionId"])
            elif message.get("method") == "Target.attachedToTarget":
                threading.Thread(target=self._prepare, args=(message["params"],),
                                 daemon=True).start()

    def _prepare(self, attached: dict) -> None:
        """A page or worker attached (paused if it was just starting): conditions, then run."""
        session = attached["sessionId"]
        with self.switching:
            self.call("Network.enable", {}, session)
            self.call("Network.emulateNetworkConditions", self.conditions, session)
            self.sessions.add(session)
        if attached.get("waitingForDebugger"):
            self.call("Runtime.runIfWaitingForDebugger", {}, session)
