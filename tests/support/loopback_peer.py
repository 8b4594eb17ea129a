"""What the tests' Python peers share (site_server.py, webhook_receiver.py, smtp_server.py).

A threaded HTTP/1.1 server on a loopback address (IPv4 or IPv6, TLS optional, the TLS
handshake in the connection's own thread), request-body reading that keeps keep-alive in
step (Content-Length or chunked), the port-file protocol the GoogleTest helpers wait for
(tests/support/site_server.hpp), and a main loop that ends with status 0 on SIGTERM.
Standard library only: Debian 12's /usr/bin/python3 runs it as is.
"""

import http.server
import os
import signal
import socket
import socketserver
import ssl
import sys
import traceback


def end_with_parent():
    """Asks Linux to send SIGTERM when the test that started this peer dies, so a crashed
    test does not leave its peers behind (holding ctest's output pipe open)."""
    import ctypes
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    if os.getppid() == 1:
        raise SystemExit(0)  # the parent was already gone


def write_port_file(path, port):
    """Writes PORT and a newline to PATH atomically, so a reader never sees half a number.
    Every peer announces itself through here: it also ties the peer's life to its parent."""
    end_with_parent()
    temporary = path + ".tmp"
    with open(temporary, "w") as file:
        file.write("%d\n" % port)
    os.replace(temporary, path)


def server_tls_context(cert, key):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.set_alpn_protocols(["http/1.1"])
    return context


class LoopbackHTTPServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # concurrency tests open many connections at once

    def __init__(self, host, handler_class, tls_context):
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.tls_context = tls_context
        super().__init__((host, 0), handler_class)

    def server_bind(self):
        # HTTPServer.server_bind does a reverse DNS lookup, which can stall
        # in sandboxes without DNS; the name is never needed here.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def get_request(self):
        connection, address = self.socket.accept()
        if self.tls_context:
            # The handshake happens in the handler thread (see the handlers' setup()).
            connection = self.tls_context.wrap_socket(
                connection, server_side=True, do_handshake_on_connect=False)
        return connection, address

    def handle_error(self, request, client_address):
        # Clients hanging up, timing out or failing TLS are part of the tests.
        if isinstance(sys.exc_info()[1], OSError):
            return
        traceback.print_exc(file=sys.stderr)


class RequestBodyMixin:
    """For BaseHTTPRequestHandler subclasses: headers and the request body."""

    def header_dict(self):
        headers = {}
        for name, value in self.headers.items():
            headers[name] = headers[name] + ", " + value if name in headers else value
        return headers

    def read_request_body(self):
        """Reads the body so keep-alive stays in step; None after an error reply."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self.read_chunked_body()
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        if not length.strip().isdigit():
            self.send_error(400, "Bad Content-Length")
            return None
        return self.rfile.read(int(length))

    def read_chunked_body(self):
        body = []
        while True:
            size_line = self.rfile.readline(1024)
            try:
                size = int(size_line.split(b";")[0].strip(), 16)
            except ValueError:
                self.send_error(400, "Bad chunk size")
                return None
            if size == 0:
                break
            body.append(self.rfile.read(size))
            self.rfile.readline(1024)
        while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
            pass  # trailers are of no interest
        return b"".join(body)


def serve_until_signal(server, port_file):
    """Announces the port, serves until SIGTERM or SIGINT, then exits with status 0."""

    def stop(signal_number, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    write_port_file(port_file, server.server_port)
    try:
        server.serve_forever()
    finally:
        server.server_close()
