#!/usr/bin/env python3
"""A fake SMTP server (a mail relay) for deadlined's e-mail tests.

GoogleTest integration tests start this script as a child process, wait for the
port file, point deadlined's mail channel at it and then read the messages it
accepted from the mail directory.  Built on aiosmtpd (Debian 12's
python3-aiosmtpd 1.4.3) and the standard library, so /usr/bin/python3 runs it
as is.

Command line
------------
  smtp_server.py --port-file FILE --maildir DIR [--host 127.0.0.1|::1]
                 [--tls CERT KEY [--implicit-tls | --require-starttls]]
                 [--auth USER:PASSWORD]

  --port-file FILE  Required.  The server binds port 0 (an ephemeral port) and,
                    once it accepts connections, writes that port number in
                    decimal and a newline to FILE atomically (FILE.tmp, then
                    os.replace), so a test can poll for FILE and read a
                    complete number.
  --maildir DIR     Required.  Where accepted messages go (created if missing).
  --host ADDR       Address to listen on; default 127.0.0.1.  An address with a
                    colon (::1) makes an IPv6 socket.
  --tls CERT KEY    PEM certificate and key.  Without --implicit-tls the server
                    speaks plain SMTP and offers STARTTLS (as on port 587).
  --implicit-tls    TLS from the first byte (SMTPS, as on port 465); STARTTLS
                    is then not offered.  Needs --tls.
  --require-starttls  Answer "530 Must issue a STARTTLS command first" to
                    everything but EHLO/HELO/NOOP/QUIT/STARTTLS until TLS is
                    up.  Needs --tls, not with --implicit-tls.
  --auth USER:PASSWORD  Require AUTH PLAIN or AUTH LOGIN with exactly these
                    credentials (split at the first colon) before MAIL, RCPT
                    and DATA ("530 5.7.0 Authentication required" otherwise).
                    Wrong credentials get "535 5.7.8 Authentication credentials
                    invalid".  With STARTTLS, AUTH is only offered and accepted
                    after STARTTLS ("538 5.7.11 Encryption required ..."
                    before); with implicit TLS or without --tls it is offered
                    right after EHLO.  Without --auth, EHLO offers no AUTH.

The server prints nothing per connection or message; only fatal errors and
unexpected exceptions (bugs in this script) reach stderr.  SIGTERM and SIGINT
end it with status 0.

SMTP behaviour
--------------
  Greeting "220 localhost Python SMTP 1.4.3"; EHLO advertises SIZE 33554432, 8BITMIME,
  SMTPUTF8, STARTTLS (see --tls) and AUTH LOGIN PLAIN (see --auth).  aiosmtpd
  rejects DATA lines longer than 1000 bytes with CRLF ("500 Line too long") and
  messages over 32 MiB ("552 Error: Too much mail data").  Any number of
  messages per connection.  A message is answered
  "250 2.0.0 OK: queued as NNNN" once both of its files are in place.

Mail directory
--------------
  DIR/NNNN.eml   The message content exactly as received after DATA, with the
                 SMTP dot-stuffing undone (a leading ".." is back to "."):
                 CRLF line ends, nothing added (no Received: header), the final
                 CRLF before the terminating "." included.
  DIR/NNNN.json  {"mail_from": "a@example.org" (reverse path from MAIL FROM
                                 without the angle brackets; "<>" as is),
                  "rcpt_tos": ["b@example.org", ...] (in RCPT order),
                  "mail_options": ["SIZE=1234", "BODY=8BITMIME", ...],
                  "rcpt_options": [...] (of the last RCPT),
                  "helo": the EHLO/HELO argument,
                  "authenticated_as": USER, or null without AUTH,
                  "tls": true when the message came over TLS (STARTTLS or
                         implicit),
                  "time": UNIX time in seconds (float) when DATA ended}
  NNNN counts 0001, 0002, ... in acceptance order (more digits after 9999),
  continuing after the highest number already in DIR.  NNNN.json is written
  first, then NNNN.eml, each as a hidden temporary file renamed into place, so
  once NNNN.eml exists both files are complete.  Other files in DIR are
  ignored.

Failures on demand
------------------
  DIR/FAIL       If this file holds a positive number N, the next message is
                 refused after its content has been received (the reply to the
                 end of DATA) with "451 4.3.0 try again later", nothing is
                 written, and FAIL is rewritten (atomically) to hold N-1.  A
                 missing file, 0 or anything unreadable means no failure.
                 Tests may create or change FAIL at any time.
"""

import argparse
import asyncio
import json
import logging
import os
import re
import signal
import socket
import ssl
import sys
import tempfile
import time
import traceback
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

from loopback_peer import write_port_file

SERVER_HOSTNAME = "localhost"  # socket.getfqdn() can stall without DNS
MESSAGE_NAME = re.compile(r"^(\d{4,})\.(eml|json)$")
TRY_AGAIN = "451 4.3.0 try again later"


def write_atomically(path, data):
    """Writes bytes to a hidden temporary file beside PATH, then renames it."""
    directory, name = os.path.split(path)
    descriptor, temporary = tempfile.mkstemp(prefix="." + name + ".", suffix=".tmp",
                                             dir=directory)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


class MaildirHandler:
    """aiosmtpd handler: stores messages in the mail directory, fails on demand."""

    def __init__(self, maildir, offer_auth):
        self.maildir = maildir
        self.offer_auth = offer_auth
        numbers = [int(match.group(1)) for match in map(MESSAGE_NAME.match, os.listdir(maildir))
                   if match]
        self.next_number = max(numbers, default=0) + 1

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        # This (5-argument) hook has to remember the name itself.
        session.host_name = hostname
        if not self.offer_auth:
            responses = [line for line in responses if not line.startswith("250-AUTH")]
        return responses

    async def handle_DATA(self, server, session, envelope):
        if self.take_failure():
            return TRY_AGAIN
        number = "%04d" % self.next_number
        self.next_number += 1
        transport = server.transport
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "mail_options": list(envelope.mail_options),
            "rcpt_options": list(envelope.rcpt_options),
            "helo": session.host_name,
            "authenticated_as": session.auth_data if session.authenticated else None,
            "tls": transport is not None and transport.get_extra_info("ssl_object") is not None,
            "time": time.time(),
        }
        write_atomically(os.path.join(self.maildir, number + ".json"),
                         json.dumps(meta, indent=1).encode("ascii") + b"\n")
        write_atomically(os.path.join(self.maildir, number + ".eml"),
                         bytes(envelope.original_content))
        return "250 2.0.0 OK: queued as %s" % number

    def take_failure(self):
        path = os.path.join(self.maildir, "FAIL")
        try:
            with open(path) as file:
                remaining = int(file.read().strip())
        except (OSError, ValueError):
            return False
        if remaining <= 0:
            return False
        write_atomically(path, b"%d\n" % (remaining - 1))
        return True

    async def handle_exception(self, error):
        # Clients hanging up or failing TLS are part of the tests; anything
        # else is a bug here and goes to stderr.
        if not isinstance(error, OSError) and not isinstance(error.__cause__, OSError):
            traceback.print_exception(type(error), error, error.__traceback__, file=sys.stderr)
        return "451 4.3.0 local error: %s" % type(error).__name__


def make_authenticator(user, password):
    user, password = user.encode("utf-8"), password.encode("utf-8")

    def authenticate(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and auth_data.login == user \
                and auth_data.password == password:
            return AuthResult(success=True, auth_data=user.decode("utf-8"))
        # handled=False: aiosmtpd answers "535 5.7.8 Authentication credentials invalid"
        return AuthResult(success=False, handled=False)

    return authenticate


def quiet_exception_handler(loop, context):
    """asyncio's handler, minus the noise of clients that hang up or fail TLS."""
    if isinstance(context.get("exception"), (OSError, asyncio.CancelledError)):
        return
    loop.default_exception_handler(context)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--require-starttls", action="store_true")
    parser.add_argument("--auth", metavar="USER:PASSWORD")
    arguments = parser.parse_args()
    if (arguments.implicit_tls or arguments.require_starttls) and not arguments.tls:
        parser.error("--implicit-tls and --require-starttls need --tls")
    if arguments.implicit_tls and arguments.require_starttls:
        parser.error("--require-starttls makes no sense with --implicit-tls")
    if arguments.auth is not None and ":" not in arguments.auth:
        parser.error("--auth takes USER:PASSWORD")
    return arguments


def main():
    arguments = parse_arguments()
    # aiosmtpd logs every connection and command to "mail.log" and warns
    # (warnings.warn) about AUTH without TLS; neither belongs in test output.
    mail_log = logging.getLogger("mail.log")
    mail_log.addHandler(logging.NullHandler())
    mail_log.propagate = False
    warnings.filterwarnings("ignore", category=UserWarning, module="aiosmtpd")

    maildir = os.path.realpath(arguments.maildir)
    os.makedirs(maildir, exist_ok=True)
    tls_context = None
    if arguments.tls:
        tls_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls_context.load_cert_chain(*arguments.tls)
    handler = MaildirHandler(maildir, offer_auth=arguments.auth is not None)

    smtp_options = {"hostname": SERVER_HOSTNAME, "enable_SMTPUTF8": True}
    if arguments.auth is not None:
        user, password = arguments.auth.split(":", 1)
        smtp_options["auth_required"] = True
        smtp_options["authenticator"] = make_authenticator(user, password)
    if tls_context and not arguments.implicit_tls:
        smtp_options["tls_context"] = tls_context
        smtp_options["require_starttls"] = arguments.require_starttls
    else:
        # aiosmtpd only counts STARTTLS as encryption, so with implicit TLS
        # (or none at all) AUTH must not wait for it.
        smtp_options["auth_require_tls"] = False

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.set_exception_handler(quiet_exception_handler)
    server = loop.run_until_complete(loop.create_server(
        lambda: SMTP(handler, loop=loop, **smtp_options),
        host=arguments.host, port=0,
        family=socket.AF_INET6 if ":" in arguments.host else socket.AF_INET,
        ssl=tls_context if arguments.implicit_tls else None,
        reuse_address=True, backlog=128))
    port = server.sockets[0].getsockname()[1]

    for signal_number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signal_number, loop.stop)
    # The socket listens already; the loop accepts once it runs.
    loop.call_soon(write_port_file, arguments.port_file, port)
    loop.run_forever()

    server.close()
    tasks = asyncio.all_tasks(loop)
    for task in tasks:
        task.cancel()
    loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
    loop.close()
    sys.exit(0)


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except Exception as error:
        print("smtp_server.py: %s" % error, file=sys.stderr)
        sys.exit(1)
