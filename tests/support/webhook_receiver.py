#!/usr/bin/env python3
"""Fake notification receivers (webhooks and chat robots) for deadlined's tests.

GoogleTest integration tests start this script as a child process, wait for the
port file, point deadlined's notification channels at it and then ask it what
it received (/_log).  It imitates a generic signed webhook, the DingTalk (钉钉)
custom robot, the Feishu (飞书) custom bot, the WeCom (企业微信) group robot and
a generic SMS gateway, including their signatures, error answers and rate
limits.  Standard library only, so Debian 12's /usr/bin/python3 runs it as is.

Command line
------------
  webhook_receiver.py --port-file FILE [--host 127.0.0.1|::1] [--tls CERT KEY]

  --port-file FILE  Required.  The server binds port 0 (an ephemeral port) and,
                    once it is listening, writes that port number in decimal and
                    a newline to FILE atomically (FILE.tmp, then os.replace), so
                    a test can poll for FILE and read a complete number.
  --host ADDR       Address to listen on; default 127.0.0.1.  An address with a
                    colon (::1) makes an IPv6 socket.
  --tls CERT KEY    Speak HTTPS with this PEM certificate and key (the real
                    robots are HTTPS only).  ALPN offers only http/1.1.

The server is threaded and speaks HTTP/1.1 with a Content-Length on every
answer, so keep-alive works; "Expect: 100-continue" and chunked request bodies
are understood.  It prints nothing per request; only fatal errors and
unexpected exceptions (bugs in this script) reach stderr.  SIGTERM and SIGINT
end it with status 0.

Answers of the imitated receivers are JSON, "application/json;charset=utf-8",
with Chinese text as raw UTF-8 (not \\u escapes), like the real services.

Receiver endpoints (POST; NAME is one path segment, e.g. "unit-7")
--------------------------------------------------------------------
Each request is checked in this order; the first check that fails decides the
answer: fail_next (see /_config), then signature/token, then the body, then the
rate limit.  Only requests answered as a success count towards rate limits.
Query parameters are percent-decoded the way form decoding does it, so a "+"
that was not encoded as %2B arrives as a space (as on the real servers).

  POST /hook/NAME     Generic webhook.  If a secret is configured for NAME,
                      X-Deadlined-Signature must be
                        "sha256=" + hex(HMAC-SHA256(key=SECRET, msg=raw body))
                      (hex compared case-insensitively).  The result only goes
                      to the log's "signature_ok"; the answer is 200 {} either
                      way.  With a rate_limit configured, more than that many
                      successes within 60 s answer HTTP 429 {"error": "rate
                      limited"} with Retry-After (whole seconds until the
                      oldest counted request leaves the window); no limit by
                      default.
  POST /dingtalk/NAME?access_token=T&timestamp=MS&sign=S
                      DingTalk custom robot.  Always HTTP 200; the verdict is
                      in "errcode":
                        access_token missing or empty:
                          {"errcode":300001,"errmsg":"token is not exist"}
                        secret configured, and timestamp/sign missing, sign !=
                        base64(HMAC-SHA256(key=SECRET, msg=MS + "\\n" + SECRET))
                        or |now - MS| > 3600 s:
                          {"errcode":310000,"errmsg":"sign not match"}
                        body not a JSON object, or not one of
                          {"msgtype":"text","text":{"content":STR},...}
                          {"msgtype":"markdown","markdown":{"title":STR,"text":STR},...}
                        (an "at" member, if present, must be an object with
                        "atMobiles"/"atUserIds" lists and "isAtAll" a bool):
                          {"errcode":40035,"errmsg":"缺少参数 json"}
                        more than rate_limit (default 20) within 60 s:
                          {"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}
                          (the number is the configured limit)
                        otherwise {"errcode":0,"errmsg":"ok"}
  POST /feishu/NAME   Feishu custom bot.  Always HTTP 200:
                        body not a JSON object:
                          {"code":9499,"msg":"Bad Request","data":{}}
                        secret configured, and "timestamp" (seconds; a string
                        of digits, an integer is accepted too) or "sign"
                        missing, sign != base64(HMAC-SHA256(
                        key=TIMESTAMP + "\\n" + SECRET, msg=b"")) or
                        |now - TIMESTAMP| > 3600 s:
                          {"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time","data":{}}
                        msg_type not one of
                          "text" with "content": {"text": STR}
                          "post" with "content": {"post": OBJECT}
                          "interactive" with "card": OBJECT
                        (the real API takes the card at the top level):
                          {"code":9499,"msg":"Bad Request","data":{}}
                        more than rate_limit_per_second (default 5) within 1 s
                        or more than rate_limit (default 100) within 60 s:
                          {"code":11232,"msg":"frequency limited psm[lark.oapi.app_platform_runtime]appID[1]","data":{}}
                        otherwise {"code":0,"msg":"success","data":{}}
  POST /wecom/NAME?key=K
                      WeCom group robot, no signature.  Always HTTP 200:
                        key missing or empty:
                          {"errcode":93000,"errmsg":"invalid webhook url"}
                        body not a JSON object, or the msgtype's member is not
                        an object with a string "content":
                          {"errcode":40035,"errmsg":"invalid args"}
                        msgtype neither "text" nor "markdown":
                          {"errcode":40008,"errmsg":"invalid message type"}
                        markdown content over 4096 UTF-8 bytes:
                          {"errcode":40058,"errmsg":"markdown.content exceed max length 4096"}
                        text content over 2048 UTF-8 bytes:
                          {"errcode":40058,"errmsg":"text.content exceed max length 2048"}
                        more than rate_limit (default 20) within 60 s:
                          {"errcode":45009,"errmsg":"api freq out of limit"}
                        otherwise {"errcode":0,"errmsg":"ok"}
  POST /sms/NAME      Generic SMS gateway: any body, any query; answers 200
                      {"result":"ok"}.  Rate limit as for /hook.
  anything else       404 {"error":"no such endpoint"} (logged, kind null).
  A receiver path with another method than POST gets 405 (logged too).

Test-control endpoints (never logged)
-------------------------------------
  POST /_config       Body: {"NAME": {SETTING: VALUE, ...}, ...}.  Merges the
                      given settings into NAME's (other settings and names stay
                      as they are; null restores a default).  Unknown settings
                      or wrong types answer 400 {"error": "..."} and change
                      nothing.  Answers the whole configuration, as GET does.
                      Settings apply to NAME under every kind:
                        "secret": STR|null     signing secret (default none:
                                               signatures are not checked and
                                               "signature_ok" is null)
                        "rate_limit": INT|null successes allowed per 60 s
                                               (null: the kind's default, see
                                               above)
                        "rate_limit_per_second": INT|null  Feishu only (5)
                        "fail_next": INT       the next N requests to NAME fail
                                               (counts down; default 0)
                        "fail_status": INT     HTTP status of such failures
                                               (default 503), body
                                               {"error":"simulated failure"}
                        "fail_errcode": INT|null  if set, failures are HTTP 200
                                               with this code in the kind's
                                               shape instead:
                                               dingtalk, wecom, hook:
                                                 {"errcode":N,"errmsg":"simulated failure"}
                                               feishu:
                                                 {"code":N,"msg":"simulated failure","data":{}}
                                               sms:
                                                 {"result":"error","errcode":N,"errmsg":"simulated failure"}
                        "fail_retry_after": INT|null  Retry-After header (s)
                                               on failures (default none)
                        "delay_ms": INT        sleep this long before
                                               answering (default 0), to
                                               exercise client timeouts; the
                                               request is logged first
  GET  /_config       {"NAME": {all settings with their values}, ...} for every
                      configured NAME.
  GET  /_log          JSON array of every receiver request since start or the
                      last clear, oldest first.  Each entry:
                        {"kind": "hook"|"dingtalk"|"feishu"|"wecom"|"sms"|null,
                         "name": NAME or null,
                         "method": "POST",
                         "path": raw request target, query included,
                         "query": {"access_token": "T", ...} percent-decoded,
                                  first value of repeated parameters,
                         "headers": {"Content-Type": "...", ...} (names as
                                  the client spelled them; repeated fields
                                  joined with ", "),
                         "body": raw body as text (UTF-8, invalid bytes
                                  replaced by U+FFFD),
                         "json": the body parsed as JSON, or null,
                         "signature_ok": true|false, or null when no secret
                                  is configured or the kind has no signature,
                         "idempotency_key": X-Deadlined-Idempotency-Key or null,
                         "answer_status": HTTP status answered,
                         "answer": the JSON value answered,
                         "time": UNIX time in seconds (float) when the request
                                  head had been read}
                      The entry is complete before the answer is sent.
  POST /_log/clear    Empty the log (GET works too).
  POST /_reset        Forget the log, all settings and rate-limit history.
"""

import argparse
import base64
import hashlib
import hmac
import http.server
import json
import math
import ssl
import sys
import threading
import time
import urllib.parse

from loopback_peer import LoopbackHTTPServer, RequestBodyMixin, server_tls_context, serve_until_signal

SOCKET_TIMEOUT_SECONDS = 120
SIGNATURE_WINDOW_SECONDS = 3600

DEFAULT_SETTINGS = {
    "secret": None,
    "rate_limit": None,
    "rate_limit_per_second": None,
    "fail_next": 0,
    "fail_status": 503,
    "fail_errcode": None,
    "fail_retry_after": None,
    "delay_ms": 0,
}
# Per kind: (per-minute limit, per-second limit) when a NAME sets none.
DEFAULT_RATE_LIMITS = {
    "hook": (None, None),
    "sms": (None, None),
    "dingtalk": (20, None),
    "feishu": (100, 5),
    "wecom": (20, None),
}
RECEIVER_KINDS = set(DEFAULT_RATE_LIMITS)

DINGTALK_OK = {"errcode": 0, "errmsg": "ok"}
DINGTALK_NO_TOKEN = {"errcode": 300001, "errmsg": "token is not exist"}
DINGTALK_BAD_SIGN = {"errcode": 310000, "errmsg": "sign not match"}
DINGTALK_BAD_BODY = {"errcode": 40035, "errmsg": "缺少参数 json"}
FEISHU_OK = {"code": 0, "msg": "success", "data": {}}
FEISHU_BAD_SIGN = {"code": 19021, "data": {},
                   "msg": "sign match fail or timestamp is not within one hour from current time"}
FEISHU_BAD_BODY = {"code": 9499, "msg": "Bad Request", "data": {}}
FEISHU_TOO_FAST = {"code": 11232, "data": {},
                   "msg": "frequency limited psm[lark.oapi.app_platform_runtime]appID[1]"}
WECOM_OK = {"errcode": 0, "errmsg": "ok"}
WECOM_NO_KEY = {"errcode": 93000, "errmsg": "invalid webhook url"}
WECOM_BAD_BODY = {"errcode": 40035, "errmsg": "invalid args"}
WECOM_BAD_TYPE = {"errcode": 40008, "errmsg": "invalid message type"}
WECOM_TOO_FAST = {"errcode": 45009, "errmsg": "api freq out of limit"}
WECOM_MAX_BYTES = {"markdown": 4096, "text": 2048}


# --- Signatures ------------------------------------------------------------

def hook_signature(secret, body):
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def dingtalk_signature(secret, timestamp_ms):
    text = ("%s\n%s" % (timestamp_ms, secret)).encode("utf-8")
    digest = hmac.new(secret.encode("utf-8"), text, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def feishu_signature(secret, timestamp):
    key = ("%s\n%s" % (timestamp, secret)).encode("utf-8")
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode("ascii")


def same_text(a, b):
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def timestamp_is_recent(text, units_per_second):
    """A decimal timestamp within an hour of now (either way)."""
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        return False
    if isinstance(text, str) and not text.isdigit():
        return False
    return abs(int(text) / units_per_second - time.time()) <= SIGNATURE_WINDOW_SECONDS


# --- Shared server state ---------------------------------------------------

class ConfigError(Exception):
    pass


def check_setting(key, value):
    if key not in DEFAULT_SETTINGS:
        raise ConfigError("unknown setting %r" % key)
    if key == "secret":
        if value is not None and not isinstance(value, str):
            raise ConfigError("secret must be a string or null")
        return
    nullable = DEFAULT_SETTINGS[key] is None
    if value is None and nullable:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError("%s must be a non-negative integer%s"
                          % (key, " or null" if nullable else ""))
    if key == "fail_status" and not 100 <= value <= 599:
        raise ConfigError("fail_status must be 100..599")


class ReceiverState:
    """Log, per-NAME settings and rate-limit history (thread-safe)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        with self._lock:
            self._log = []
            self._settings = {}
            self._successes = {}  # (kind, name) -> [monotonic time, ...]

    def append_log(self, entry):
        with self._lock:
            self._log.append(entry)

    def clear_log(self):
        with self._lock:
            self._log = []

    def log_snapshot(self):
        with self._lock:
            return list(self._log)

    def configure(self, update):
        if not isinstance(update, dict):
            raise ConfigError("expected {\"NAME\": {SETTING: VALUE, ...}, ...}")
        for name, settings in update.items():
            if not isinstance(settings, dict):
                raise ConfigError("settings of %r must be an object" % name)
            for key, value in settings.items():
                check_setting(key, value)
        with self._lock:
            for name, settings in update.items():
                current = self._settings.setdefault(name, dict(DEFAULT_SETTINGS))
                for key, value in settings.items():
                    current[key] = DEFAULT_SETTINGS[key] if value is None else value

    def config_snapshot(self):
        with self._lock:
            return {name: dict(settings) for name, settings in self._settings.items()}

    def settings(self, name):
        with self._lock:
            return dict(self._settings.get(name, DEFAULT_SETTINGS))

    def take_failure(self, name):
        """Counts one request against NAME's fail_next; its settings if it fails."""
        with self._lock:
            settings = self._settings.get(name)
            if not settings or settings["fail_next"] <= 0:
                return None
            settings["fail_next"] -= 1
            return dict(settings)

    def admit(self, kind, name):
        """Records a success unless it breaks a rate limit; else seconds to wait."""
        settings = self.settings(name)
        per_minute, per_second = DEFAULT_RATE_LIMITS[kind]
        if settings["rate_limit"] is not None:
            per_minute = settings["rate_limit"]
        if kind == "feishu" and settings["rate_limit_per_second"] is not None:
            per_second = settings["rate_limit_per_second"]
        now = time.monotonic()
        with self._lock:
            history = self._successes.setdefault((kind, name), [])
            history[:] = [t for t in history if now - t < 60]
            if per_minute is not None and len(history) >= per_minute:
                return (history[-per_minute] if per_minute else now) + 60 - now
            recent = [t for t in history if now - t < 1]
            if per_second is not None and len(recent) >= per_second:
                return (recent[-per_second] if per_second else now) + 1 - now
            history.append(now)
            return None


class ReceiverServer(LoopbackHTTPServer):
    def __init__(self, host, tls_context):
        self.state = ReceiverState()
        super().__init__(host, ReceiverHandler, tls_context)


# --- Request handling ------------------------------------------------------

class Answer(Exception):
    """Raised by a check to answer right away."""

    def __init__(self, value, status=200, headers=()):
        super().__init__(value)
        self.value = value
        self.status = status
        self.headers = list(headers)


class ReceiverHandler(RequestBodyMixin, http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = SOCKET_TIMEOUT_SECONDS

    def version_string(self):
        return "webhook_receiver/1.0"

    def log_message(self, format, *args):
        pass  # tests read /_log instead; stray output would clutter test logs

    def setup(self):
        super().setup()
        if isinstance(self.connection, ssl.SSLSocket):
            self.connection.do_handshake()

    def do_POST(self):
        try:
            self.dispatch()
        except OSError:
            self.close_connection = True  # the client went away mid-answer

    do_GET = do_HEAD = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_POST

    def dispatch(self):
        head_read_at = time.time()
        body = self.read_request_body()
        if body is None:
            return
        url = urllib.parse.urlsplit(self.path)
        if self.serve_control_endpoint(url.path, body):
            return
        state = self.server.state
        parts = url.path.split("/")
        kind = name = None
        if len(parts) == 3 and parts[0] == "" and parts[1] in RECEIVER_KINDS and parts[2]:
            kind, name = parts[1], urllib.parse.unquote(parts[2])
        query = {}
        for key, value in urllib.parse.parse_qsl(url.query, keep_blank_values=True):
            query.setdefault(key, value)
        try:
            parsed = json.loads(body.decode("utf-8"))
        except ValueError:
            parsed = None
        entry = {
            "kind": kind,
            "name": name,
            "method": self.command,
            "path": self.path,
            "query": query,
            "headers": self.header_dict(),
            "body": body.decode("utf-8", errors="replace"),
            "json": parsed,
            "signature_ok": None,
            "idempotency_key": self.headers.get("X-Deadlined-Idempotency-Key"),
            "answer_status": None,
            "answer": None,
            "time": head_read_at,
        }
        headers = []
        settings = state.settings(name) if kind else None
        try:
            if kind is None:
                raise Answer({"error": "no such endpoint"}, 404)
            if self.command != "POST":
                raise Answer({"error": "POST only"}, 405, [("Allow", "POST")])
            receiver = getattr(self, "receive_" + kind)
            entry["signature_ok"] = self.check_signature(kind, settings, query, body, parsed)
            failure = state.take_failure(name)
            if failure:
                self.fail(kind, failure)
            answer = receiver(name, settings, query, parsed, entry["signature_ok"])
            status = 200
        except Answer as early:
            answer, status, headers = early.value, early.status, early.headers
        entry["answer_status"] = status
        entry["answer"] = answer
        state.append_log(entry)
        if settings and settings["delay_ms"]:
            time.sleep(settings["delay_ms"] / 1000)
        self.send_json(status, answer, headers)

    # Signatures: true/false, or None when NAME has no secret or KIND none.
    def check_signature(self, kind, settings, query, body, parsed):
        secret = settings["secret"]
        if secret is None or kind in ("wecom", "sms"):
            return None
        if kind == "hook":
            given = self.headers.get("X-Deadlined-Signature", "")
            return same_text(given.lower(), hook_signature(secret, body))
        if kind == "dingtalk":
            timestamp, sign = query.get("timestamp"), query.get("sign")
            return bool(timestamp and sign and timestamp_is_recent(timestamp, 1000)
                        and same_text(sign, dingtalk_signature(secret, timestamp)))
        if kind == "feishu":
            if not isinstance(parsed, dict):
                return False
            timestamp, sign = parsed.get("timestamp"), parsed.get("sign")
            return bool(timestamp_is_recent(timestamp, 1) and isinstance(sign, str)
                        and same_text(sign, feishu_signature(secret, timestamp)))
        return None

    def fail(self, kind, settings):
        headers = []
        if settings["fail_retry_after"] is not None:
            headers.append(("Retry-After", str(settings["fail_retry_after"])))
        code = settings["fail_errcode"]
        if code is None:
            raise Answer({"error": "simulated failure"}, settings["fail_status"], headers)
        if kind == "feishu":
            raise Answer({"code": code, "msg": "simulated failure", "data": {}}, 200, headers)
        if kind == "sms":
            raise Answer({"result": "error", "errcode": code, "errmsg": "simulated failure"},
                         200, headers)
        raise Answer({"errcode": code, "errmsg": "simulated failure"}, 200, headers)

    def admit_generic(self, kind, name):
        wait = self.server.state.admit(kind, name)
        if wait is not None:
            raise Answer({"error": "rate limited"}, 429,
                         [("Retry-After", str(max(1, math.ceil(wait))))])

    def receive_hook(self, name, settings, query, parsed, signature_ok):
        self.admit_generic("hook", name)
        return {}

    def receive_sms(self, name, settings, query, parsed, signature_ok):
        self.admit_generic("sms", name)
        return {"result": "ok"}

    def receive_dingtalk(self, name, settings, query, parsed, signature_ok):
        if not query.get("access_token"):
            raise Answer(DINGTALK_NO_TOKEN)
        if signature_ok is False:
            raise Answer(DINGTALK_BAD_SIGN)
        if not dingtalk_body_ok(parsed):
            raise Answer(DINGTALK_BAD_BODY)
        if self.server.state.admit("dingtalk", name) is not None:
            limit = settings["rate_limit"]
            raise Answer({"errcode": 130101, "errmsg": "send too fast, exceed %d times per minute"
                          % (DEFAULT_RATE_LIMITS["dingtalk"][0] if limit is None else limit)})
        return DINGTALK_OK

    def receive_feishu(self, name, settings, query, parsed, signature_ok):
        if not isinstance(parsed, dict):
            raise Answer(FEISHU_BAD_BODY)
        if signature_ok is False:
            raise Answer(FEISHU_BAD_SIGN)
        if not feishu_body_ok(parsed):
            raise Answer(FEISHU_BAD_BODY)
        if self.server.state.admit("feishu", name) is not None:
            raise Answer(FEISHU_TOO_FAST)
        return FEISHU_OK

    def receive_wecom(self, name, settings, query, parsed, signature_ok):
        if not query.get("key"):
            raise Answer(WECOM_NO_KEY)
        if not isinstance(parsed, dict):
            raise Answer(WECOM_BAD_BODY)
        msgtype = parsed.get("msgtype")
        if msgtype not in WECOM_MAX_BYTES:
            raise Answer(WECOM_BAD_TYPE)
        member = parsed.get(msgtype)
        if not isinstance(member, dict) or not isinstance(member.get("content"), str):
            raise Answer(WECOM_BAD_BODY)
        limit = WECOM_MAX_BYTES[msgtype]
        if len(member["content"].encode("utf-8")) > limit:
            raise Answer({"errcode": 40058,
                          "errmsg": "%s.content exceed max length %d" % (msgtype, limit)})
        if self.server.state.admit("wecom", name) is not None:
            raise Answer(WECOM_TOO_FAST)
        return WECOM_OK

    # --- control endpoints --------------------------------------------------

    def serve_control_endpoint(self, path, body):
        state = self.server.state
        if path == "/_log" and self.command in ("GET", "HEAD"):
            self.send_json(200, state.log_snapshot(), indent=1)
        elif path == "/_log/clear":
            state.clear_log()
            self.send_json(200, {"cleared": True})
        elif path == "/_reset":
            state.reset()
            self.send_json(200, {"reset": True})
        elif path == "/_config" and self.command in ("GET", "HEAD"):
            self.send_json(200, state.config_snapshot(), indent=1)
        elif path == "/_config" and self.command == "POST":
            try:
                state.configure(json.loads(body.decode("utf-8")))
            except (ValueError, ConfigError) as error:
                self.send_json(400, {"error": str(error)})
                return True
            self.send_json(200, state.config_snapshot(), indent=1)
        else:
            return False
        return True

    # --- plumbing -------------------------------------------------------------

    def send_json(self, status, value, headers=(), indent=None):
        if indent is None:
            body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        else:
            body = json.dumps(value, indent=indent).encode("ascii") + b"\n"
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        for name, header_value in headers:
            self.send_header(name, header_value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

# --- Body validation -------------------------------------------------------

def is_text(value):
    return isinstance(value, str)


def dingtalk_body_ok(body):
    if not isinstance(body, dict):
        return False
    msgtype = body.get("msgtype")
    if msgtype == "text":
        member = body.get("text")
        if not isinstance(member, dict) or not is_text(member.get("content")):
            return False
    elif msgtype == "markdown":
        member = body.get("markdown")
        if not isinstance(member, dict) or not is_text(member.get("title")) \
                or not is_text(member.get("text")):
            return False
    else:
        return False
    at = body.get("at")
    if at is None:
        return True
    if not isinstance(at, dict):
        return False
    for key in ("atMobiles", "atUserIds"):
        if key in at and not (isinstance(at[key], list) and all(map(is_text, at[key]))):
            return False
    return "isAtAll" not in at or isinstance(at["isAtAll"], bool)


def feishu_body_ok(body):
    msg_type = body.get("msg_type")
    if msg_type == "text":
        content = body.get("content")
        return isinstance(content, dict) and is_text(content.get("text"))
    if msg_type == "post":
        content = body.get("content")
        return isinstance(content, dict) and isinstance(content.get("post"), dict)
    if msg_type == "interactive":
        return isinstance(body.get("card"), dict)
    return False


# --- Main ------------------------------------------------------------------

def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    return parser.parse_args()


def main():
    arguments = parse_arguments()
    tls_context = server_tls_context(*arguments.tls) if arguments.tls else None
    serve_until_signal(ReceiverServer(arguments.host, tls_context), arguments.port_file)


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except Exception as error:
        print("webhook_receiver.py: %s" % error, file=sys.stderr)
        sys.exit(1)
