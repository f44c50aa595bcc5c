#!/usr/bin/env python3
"""A scripted metadata API for tests (Python 3 standard library only).

    metadata_server.py FIXTURES.json

FIXTURES maps a request path to the answers it gets, in order; the last one repeats:
    {"/movie/a+1999": [{"status": 500}, {"status": 200, "body": "{...}"}],
     "/user/7": [{"status": 429, "headers": {"Retry-After": "1"}}, {"status": 200, "json": {...}}]}
An answer has "status" (default 200), "headers", and "body" (text sent as is) or "json" (a value
to serialise). Unlisted paths answer 404 {"message": "movie not found"} (or "user not found").
GET /_log answers the requests seen so far, as JSON [{"path", "status", "at"}] with "at" in
seconds on the server's monotonic clock; /_log itself is not logged.
Prints "listening on <port>" once ready, and serves until killed or its parent exits.
"""
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

with open(sys.argv[1], encoding="utf-8") as f:
    FIXTURES = json.load(f)
LOCK = threading.Lock()
SEEN = {}
LOG = []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        at = time.monotonic()
        if self.path == "/_log":
            with LOCK:
                self.answer(200, {}, json.dumps(LOG).encode())
            return
        with LOCK:
            answers = FIXTURES.get(self.path)
            count = SEEN.get(self.path, 0)
            SEEN[self.path] = count + 1
            if answers:
                answer = answers[min(count, len(answers) - 1)]
            else:
                kind = "user" if self.path.startswith("/user/") else "movie"
                answer = {"status": 404, "json": {"message": kind + " not found"}}
            status = answer.get("status", 200)
            LOG.append({"path": self.path, "status": status, "at": at})
        if "json" in answer:
            body = json.dumps(answer["json"]).encode()
        else:
            body = answer.get("body", "").encode("utf-8", "surrogateescape")
        self.answer(status, answer.get("headers", {}), body)

    def answer(self, status, headers, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def exit_with_parent(parent):
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


# The test process may hand down a blocked SIGTERM; take the default back.
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
signal.signal(signal.SIGTERM, signal.SIG_DFL)
threading.Thread(target=exit_with_parent, args=(os.getppid(),), daemon=True).start()
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print("listening on", server.server_address[1], flush=True)
server.serve_forever()
