#!/usr/bin/env python3
"""A fake government website (or a forward proxy) for deadlined's integration tests.

GoogleTest integration tests start this script as a child process, wait for the
port file, point the HTTP polling client at it and then ask the server what it
saw (/_log, /_stats).  Standard library only, so Debian 12's /usr/bin/python3
runs it as is.

Command line
------------
  site_server.py --port-file FILE [--host 127.0.0.1|::1] [--tls CERT.pem KEY.pem]
                 [--proxy] [--root DIR]

  --port-file FILE  Required.  The server binds port 0 (an ephemeral port) and,
                    once it is listening, writes that port number in decimal and
                    a newline to FILE atomically (FILE.tmp, then os.replace), so
                    a test can poll for FILE and read a complete number.
  --host ADDR       Address to listen on; default 127.0.0.1.  An address with a
                    colon (::1) makes an IPv6 socket.
  --tls CERT KEY    Speak HTTPS with this PEM certificate and key.  The TLS
                    handshake runs in the connection's own thread, so a silent
                    client cannot block the accept loop.  ALPN offers only
                    http/1.1.  Redirects with absolute URLs then use https://.
  --proxy           Be a forward proxy instead of a website (see "Proxy mode").
  --root DIR        Serve files under DIR for paths no endpoint below claims.

Every response is HTTP/1.1 with a Content-Length (except /endless and proxied
responses of unknown length, which are chunked), so keep-alive works.  The
server prints nothing per request; only fatal errors and unexpected exceptions
(bugs in this script) reach stderr.  SIGTERM and SIGINT end it with status 0.

Test-control endpoints (both modes, origin-form request targets only)
----------------------------------------------------------------------
  GET  /_log          JSON array of every request seen since start or the last
                      clear, oldest first.  Each entry:
                        {"method": "GET",
                         "path": raw request target: "/etag/list.html?x=1",
                                 "127.0.0.1:443" for CONNECT, or the absolute
                                 URL of a proxied request,
                         "headers": {"User-Agent": "...", ...} (names as the
                                 client spelled them; repeated fields joined
                                 with ", "),
                         "time": UNIX time in seconds (float) when the request
                                 head had been read,
                         "connection": serial number of the TCP connection, so
                                 tests can tell keep-alive reuse from new
                                 connections}
  POST /_log/clear    Empty the log (GET works too).
  GET  /_stats        {"max_concurrent": N, "requests": total, "in_flight": n}:
                      the largest number of requests handled at the same time,
                      and how many requests were handled in all.  A request
                      counts until its handler finishes, so one whose client
                      gave up during /slow-headers still counts until the
                      sleep ends.
  POST /_stats/clear  Reset those counters (GET works too); requests still in
                      flight keep counting.
The control endpoints themselves are neither logged nor counted, so asking
never disturbs the answer.

Page mode endpoints (GET; HEAD gives the same headers without a body)
----------------------------------------------------------------------
  /utf8/list.html     Column list page, "text/html; charset=utf-8": a nav bar,
                      breadcrumbs, <ul class="list"> of 5 rows
                      <li><a href="/utf8/art/N.html">TITLE</a><span>2019-09-2N</span></li>
                      for N = 1..5 in that order, and footer links.
  /utf8/art/N.html    Article pages for the rows above (N = 1..5).
  /gbk/list.html      The same layout encoded in GBK, declared only by
                      <meta charset="gbk"> (Content-Type is plain "text/html").
                      Titles differ and use GBK-only characters (镕, 珺).
  /gbk/art/N.html     GBK article pages (N = 1..5).
  /feed.xml           RSS 2.0, "application/rss+xml; charset=utf-8", 3 items
                      (articles 3, 2, 1; pubDate RFC 822 with +0800).
  /atom.xml           Atom 1.0, "application/atom+xml; charset=utf-8", 2
                      entries (articles 5, 4).  Feed links are absolute URLs
                      built from the Host header.
  /etag/list.html     The UTF-8 list page with ETag: "v1"; 304 without a body
                      when If-None-Match lists "v1" (or is *).
  /lastmod/list.html  The UTF-8 list page with
                      Last-Modified: Wed, 25 Sep 2019 08:00:00 GMT; 304 when
                      If-Modified-Since is exactly that string.
  /gzip/list.html     The UTF-8 list page, gzip-compressed with
                      Content-Encoding: gzip when Accept-Encoding mentions gzip,
                      otherwise plain.  Vary: Accept-Encoding.
  /deflate/list.html  The same with zlib-wrapped "deflate".
  /bomb.html          Content-Encoding: gzip (always), "text/html": 200 MiB of
                      zero bytes compressed to about 200 KB.  Compressed once,
                      on first use, which takes a second or two.
  /redirect/N         302 to /redirect/N-1; /redirect/0 302s to /utf8/list.html.
  /redirect-abs/N     The same chain with absolute Locations
                      (http[s]://HOST/redirect-abs/N-1, HOST from the Host
                      header).
  /loop/a, /loop/b    302 to each other forever.
  /to-ftp             302 to ftp://127.0.0.1/file.
  /to-file            302 to file:///etc/passwd.
  /to/ENCODED         302 to the percent-decoded rest of the request target
                      (query string included), e.g.
                      /to/https%3A%2F%2F127.0.0.1%3A4443%2Futf8%2Flist.html.
  /slow-headers?seconds=S  Sleep S seconds (default 30, fractions allowed)
                      before sending anything, then a small page.
  /slow-body?seconds=S     Headers with Content-Length: 1000, 10 bytes of body,
                      a sleep of S seconds (default 30), then the other 990.
  /endless            Chunked "text/html" that sends 64 KiB chunks until the
                      client hangs up.
  /big?bytes=N        Exactly N bytes (default 1 MiB) of HTML-ish filler with a
                      Content-Length, streamed.
  /malformed.html     Broken UTF-8 HTML: unquoted attributes, unclosed tags, a
                      stray </div>, and a <ul> of 4 dated links (articles 1..4)
                      inside a <table> that is never closed.
  /status/CODE        That status (200..599) with a short text body; 204 and
                      304 have none.  ?retry-after=S adds a Retry-After header.
  /delay/MS/list.html Sleep MS milliseconds, then the UTF-8 list page.  Any
                      other /delay/MS/REST sleeps, then serves /REST.
  /then-close/REST    Serves /REST, then closes the connection without having
                      said so (no "Connection: close"), as a server does whose
                      keep-alive timeout ends just after an answer.
  /early-hints/REST   An interim "103 Early Hints" answer, then /REST.
  /stray-after/REST   Serves /REST, then 50 ms later writes a whole second
                      answer nobody asked for ("HTTP/1.1 200 OK", body "WRONG")
                      on the same connection and keeps it open: what a client
                      reusing the connection would take for its next answer.
  /messages.html      A 留言 (citizen message) board: a <table class="msg-list">
                      with a header row and 4 rows of title link
                      (/messages/N.html), date (2019-09-20 down to 2019-09-17)
                      and status (已回复, 未回复, 办理中, 已回复).
  anything else       A file under --root (Content-Type guessed, .html is
                      "text/html"; a directory serves its index.html), else 404.
Other methods than GET/HEAD get the same routes (request bodies are read and
ignored); CONNECT gets 405.

Proxy mode (--proxy)
--------------------
  CONNECT host:port   Only 127.0.0.1, ::1 ([::1]:port) and localhost; anything
                      else is 403, an unreachable target 502.  Answers
                      "HTTP/1.1 200 Connection established" and relays bytes
                      both ways: when the client stops sending the target's
                      write side is shut, when the target closes the tunnel ends.
  METHOD http://host:port/path
                      Absolute-form requests are forwarded to the (loopback
                      only, else 403; unreachable 502) origin in origin-form,
                      with hop-by-hop headers (Connection, Proxy-*, ...)
                      removed and "Connection: close" added, so the origin's
                      own /_log shows that header too.  The response streams
                      back as it arrives (re-chunked when its length is
                      unknown); keep-alive towards the client still works.
                      Other schemes are 400.
  Origin-form requests other than the control endpoints are answered 400.
  Every proxied request is logged like a page-mode request, with "path" set to
  the CONNECT target or the absolute URL.
"""

import argparse
import gzip
import http.client
import http.server
import json
import mimetypes
import os
import socket
import ssl
import sys
import threading
import time
import urllib.parse
import zlib

from loopback_peer import LoopbackHTTPServer, RequestBodyMixin, server_tls_context, serve_until_signal

# Long enough for /slow-headers' default 30 s behind the proxy, short enough
# that forgotten keep-alive connections do not live forever.
SOCKET_TIMEOUT_SECONDS = 120
RELAY_BUFFER_BYTES = 64 * 1024
LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost"}

# --- Page content ----------------------------------------------------------

UTF8_TITLES = [
    "关于印发从化区政务公开工作要点的通知",
    "关于做好二〇一九年国庆节期间安全生产工作的通知",
    "从化区人民政府关于征收集体土地的预公告",
    "关于公布从化区第二批区级非物质文化遗产名录的通知",
    "从化区二〇一九年第三季度重点项目建设进展情况",
]

# 镕 and 珺 exist in GBK but not in GB2312, so a decoder that guesses gb2312
# (or utf-8) gets these titles wrong.
GBK_TITLES = [
    "关于表彰李珺等优秀青年志愿者的决定",
    "镕金大道改造工程施工期间交通管制的通告",
    "关于开展二〇一九年度统计执法检查的通知",
    "区政府办公室关于调整部分议事协调机构的通知",
    "关于公布第三批区级历史建筑保护名录的公告",
]

# Article N of either list is dated 2019-09-2N; these are the RFC 822 forms.
RFC822_DATES = {
    1: "Sat, 21 Sep 2019 10:00:00 +0800",
    2: "Sun, 22 Sep 2019 10:00:00 +0800",
    3: "Mon, 23 Sep 2019 10:00:00 +0800",
    4: "Tue, 24 Sep 2019 10:00:00 +0800",
    5: "Wed, 25 Sep 2019 10:00:00 +0800",
}

ETAG = '"v1"'
LAST_MODIFIED = "Wed, 25 Sep 2019 08:00:00 GMT"


def article_date(number):
    return "2019-09-2%d" % number


def list_page(titles, prefix, charset_meta):
    rows = "\n".join(
        '<li><a href="/%s/art/%d.html">%s</a><span>%s</span></li>'
        % (prefix, number, title, article_date(number))
        for number, title in enumerate(titles, start=1))
    return """<!DOCTYPE html>
<html lang="zh-CN">
<head>
%s
<title>通知公告 - 广州市从化区人民政府</title>
</head>
<body>
<div class="header">
<div class="nav">
<a href="/">首页</a>
<a href="/zwgk/">政务公开</a>
<a href="/zwfw/">政务服务</a>
<a href="/hdjl/">互动交流</a>
<a href="/zjch/">走进从化</a>
</div>
</div>
<div class="main">
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 通知公告</div>
<ul class="list">
%s
</ul>
</div>
<div class="footer">
<a href="/sitemap/">网站地图</a> | <a href="/contact/">联系我们</a> | <a href="/help/">使用帮助</a>
<p>主办：广州市从化区人民政府办公室</p>
</div>
</body>
</html>
""" % (charset_meta, rows)


def article_page(title, number, charset_meta):
    return """<!DOCTYPE html>
<html lang="zh-CN">
<head>
%s
<title>%s</title>
</head>
<body>
<h1>%s</h1>
<div class="info">发布日期：%s</div>
<div class="content"><p>%s。各有关单位请认真贯彻执行。</p></div>
</body>
</html>
""" % (charset_meta, title, title, article_date(number), title)


UTF8_META = '<meta charset="utf-8">'
GBK_META = '<meta charset="gbk">'
UTF8_LIST = list_page(UTF8_TITLES, "utf8", UTF8_META).encode("utf-8")
GBK_LIST = list_page(GBK_TITLES, "gbk", GBK_META).encode("gbk")

MALFORMED_PAGE = """<html>
<head><meta charset=utf-8><title>政务动态</title>
<body>
<div class=top><a href=/>首页</a> <a href=/news/>新闻动态</a>
</div></div>
<div class=left><p>栏目导航<b>未闭合
<table width=100%% border=0 cellpadding=0><tr><td valign=top>
<ul class=news>
<li><a href=/utf8/art/1.html target=_blank>%s</a> 2019-09-21
<li><a href="/utf8/art/2.html" target=_blank>%s</a><span>2019-09-22</span>
<li><a href='/utf8/art/3.html'>%s</a><font color=#999>2019-09-23
<li><a href=/utf8/art/4.html>%s</a><span class=date>2019-09-24
</ul>
</td></tr>
<tr><td>
<div class=footer><a href=/sitemap/>网站地图</a> <a href=/contact/>联系我们</a>
""" % tuple(UTF8_TITLES[:4])

MESSAGES = [
    ("关于太平镇飞鹅村道路破损严重的反映", "2019-09-20", "已回复"),
    ("建议增加从化城区至广州北站的公交班次", "2019-09-19", "未回复"),
    ("关于江埔街某小区夜间施工噪音扰民的投诉", "2019-09-18", "办理中"),
    ("咨询二〇一九年秋季学位申请的办理流程", "2019-09-17", "已回复"),
]

MESSAGES_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>网上留言 - 广州市从化区人民政府</title>
</head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/hdjl/">互动交流</a></div>
<table class="msg-list">
<tr><th>留言标题</th><th>留言时间</th><th>办理状态</th></tr>
%s
</table>
<div class="footer"><a href="/sitemap/">网站地图</a> | <a href="/contact/">联系我们</a></div>
</body>
</html>
""" % "\n".join(
    '<tr><td><a href="/messages/%d.html">%s</a></td><td>%s</td><td>%s</td></tr>'
    % (number, title, date, status)
    for number, (title, date, status) in enumerate(MESSAGES, start=1))


def rss_feed(base):
    items = "\n".join(
        """<item>
<title>%s</title>
<link>%s/utf8/art/%d.html</link>
<guid>%s/utf8/art/%d.html</guid>
<pubDate>%s</pubDate>
<description>%s</description>
</item>""" % (UTF8_TITLES[n - 1], base, n, base, n, RFC822_DATES[n], UTF8_TITLES[n - 1])
        for n in (3, 2, 1))
    return """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
<title>通知公告 - 广州市从化区人民政府</title>
<link>%s/utf8/list.html</link>
<description>通知公告</description>
<language>zh-cn</language>
%s
</channel>
</rss>
""" % (base, items)


def atom_feed(base):
    entries = "\n".join(
        """<entry>
<title>%s</title>
<link href="%s/utf8/art/%d.html"/>
<id>%s/utf8/art/%d.html</id>
<updated>2019-09-2%dT10:00:00+08:00</updated>
<summary>%s</summary>
</entry>""" % (UTF8_TITLES[n - 1], base, n, base, n, n, UTF8_TITLES[n - 1])
        for n in (5, 4))
    return """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>通知公告 - 广州市从化区人民政府</title>
<link href="%s/utf8/list.html"/>
<id>%s/atom.xml</id>
<updated>2019-09-25T10:00:00+08:00</updated>
%s
</feed>
""" % (base, base, entries)


_bomb_lock = threading.Lock()
_bomb_body = None


def bomb_body():
    """200 MiB of zeros, gzipped; built in 1 MiB steps so memory stays small."""
    global _bomb_body
    with _bomb_lock:
        if _bomb_body is None:
            compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
            zeros = bytes(1 << 20)
            parts = [compressor.compress(zeros) for _ in range(200)]
            parts.append(compressor.flush())
            _bomb_body = b"".join(parts)
        return _bomb_body


def filler(size):
    """Yields exactly `size` bytes of harmless HTML in 64 KiB pieces."""
    pattern = b"<p>filler filler filler filler filler filler filler</p>\n"
    piece = pattern * (RELAY_BUFFER_BYTES // len(pattern) + 1)
    remaining = size
    while remaining > 0:
        chunk = piece[:min(remaining, RELAY_BUFFER_BYTES)]
        remaining -= len(chunk)
        yield chunk


# --- Shared server state ---------------------------------------------------

class RequestStats:
    """Counts requests and the peak number handled at once (thread-safe)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._in_flight = 0
        self._max_concurrent = 0
        self._total = 0

    def enter(self):
        with self._lock:
            self._in_flight += 1
            self._total += 1
            self._max_concurrent = max(self._max_concurrent, self._in_flight)

    def leave(self):
        with self._lock:
            self._in_flight -= 1

    def clear(self):
        with self._lock:
            self._max_concurrent = self._in_flight
            self._total = 0

    def snapshot(self):
        with self._lock:
            return {"max_concurrent": self._max_concurrent, "requests": self._total,
                    "in_flight": self._in_flight}


class RequestLog:
    def __init__(self):
        self._lock = threading.Lock()
        self._entries = []

    def append(self, entry):
        with self._lock:
            self._entries.append(entry)

    def clear(self):
        with self._lock:
            self._entries = []

    def snapshot(self):
        with self._lock:
            return list(self._entries)


class SiteServer(LoopbackHTTPServer):
    def __init__(self, host, handler_class, tls_context, root):
        self.scheme = "https" if tls_context else "http"
        self.root = os.path.realpath(root) if root else None
        self.request_log = RequestLog()
        self.stats = RequestStats()
        self._connection_lock = threading.Lock()
        self._connection_count = 0
        super().__init__(host, handler_class, tls_context)

    def next_connection_id(self):
        with self._connection_lock:
            self._connection_count += 1
            return self._connection_count


# --- Request handling common to both modes --------------------------------

class BadRequest(Exception):
    pass


HOP_BY_HOP_HEADERS = {
    "connection", "keep-alive", "proxy-connection", "proxy-authenticate",
    "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade",
}


class BaseHandler(RequestBodyMixin, http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = SOCKET_TIMEOUT_SECONDS

    def version_string(self):
        return "site_server/1.0"

    def log_message(self, format, *args):
        pass  # tests read /_log instead; stray output would clutter test logs

    def setup(self):
        super().setup()
        self.connection_id = self.server.next_connection_id()
        if isinstance(self.connection, ssl.SSLSocket):
            self.connection.do_handshake()

    def do_GET(self):
        self.dispatch()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_CONNECT = do_GET

    def dispatch(self):
        head_read_at = time.time()
        self.request_body = b"" if self.command == "CONNECT" else self.read_request_body()
        if self.request_body is None:
            return
        if self.serve_control_endpoint():
            return
        self.server.request_log.append({
            "method": self.command,
            "path": self.path,
            "headers": self.header_dict(),
            "time": head_read_at,
            "connection": self.connection_id,
        })
        self.server.stats.enter()
        try:
            self.serve()
        except BadRequest as error:
            self.send_text(400, "%s\n" % error)
        except OSError:
            # The client went away (or TLS broke) mid-response.
            self.close_connection = True
        finally:
            self.server.stats.leave()

    def serve(self):
        raise NotImplementedError

    def serve_control_endpoint(self):
        path = urllib.parse.urlsplit(self.path).path if self.path.startswith("/") else None
        if path == "/_log" and self.command in ("GET", "HEAD"):
            self.send_json(self.server.request_log.snapshot())
        elif path == "/_log/clear":
            self.server.request_log.clear()
            self.send_json({"cleared": True})
        elif path == "/_stats" and self.command in ("GET", "HEAD"):
            self.send_json(self.server.stats.snapshot())
        elif path == "/_stats/clear":
            self.server.stats.clear()
            self.send_json({"cleared": True})
        else:
            return False
        return True

    def send_json(self, value):
        self.send_body(200, json.dumps(value, indent=1).encode("ascii") + b"\n",
                       "application/json")

    def send_body(self, status, body, content_type="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_text(self, status, text, headers=()):
        self.send_body(status, text.encode("utf-8"), "text/plain; charset=utf-8", headers)

    def send_no_body(self, status, headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()

    def query(self):
        return urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)

    def query_number(self, name, default):
        """Call before sending anything: a bad number becomes a 400 answer."""
        values = self.query().get(name)
        try:
            return float(values[0]) if values else default
        except ValueError:
            raise BadRequest("%s must be a number" % name)


# --- Page mode -------------------------------------------------------------

class PageHandler(BaseHandler):

    def serve(self):
        if self.command == "CONNECT":
            self.send_text(405, "not a proxy\n")
            return
        self.route(urllib.parse.urlsplit(self.path).path)

    def route(self, path):
        parts = path.strip("/").split("/")
        fixed = {
            "/utf8/list.html": lambda: self.send_body(200, UTF8_LIST),
            "/gbk/list.html": lambda: self.send_body(200, GBK_LIST, "text/html"),
            "/feed.xml": lambda: self.send_body(
                200, rss_feed(self.base_url()).encode("utf-8"),
                "application/rss+xml; charset=utf-8"),
            "/atom.xml": lambda: self.send_body(
                200, atom_feed(self.base_url()).encode("utf-8"),
                "application/atom+xml; charset=utf-8"),
            "/etag/list.html": self.serve_etag,
            "/lastmod/list.html": self.serve_last_modified,
            "/gzip/list.html": lambda: self.serve_compressed("gzip", gzip.compress),
            "/deflate/list.html": lambda: self.serve_compressed("deflate", zlib.compress),
            "/bomb.html": lambda: self.send_body(
                200, bomb_body(), "text/html", [("Content-Encoding", "gzip")]),
            "/loop/a": lambda: self.redirect("/loop/b"),
            "/loop/b": lambda: self.redirect("/loop/a"),
            "/to-ftp": lambda: self.redirect("ftp://127.0.0.1/file"),
            "/to-file": lambda: self.redirect("file:///etc/passwd"),
            # Raw UTF-8 and a space in the Location header, as some IIS sites send
            # (http.server writes header values as Latin-1, i.e. these bytes unchanged).
            "/to-raw": lambda: self.redirect(
                "/utf8/list.html?q=政务 公开".encode("utf-8").decode("latin-1")),
            "/slow-headers": self.serve_slow_headers,
            "/slow-body": self.serve_slow_body,
            "/endless": self.serve_endless,
            "/big": self.serve_big,
            "/malformed.html": lambda: self.send_body(200, MALFORMED_PAGE.encode("utf-8")),
            "/messages.html": lambda: self.send_body(200, MESSAGES_PAGE.encode("utf-8")),
        }
        if path in fixed:
            fixed[path]()
        elif len(parts) == 3 and parts[0] in ("utf8", "gbk") and parts[1] == "art":
            self.serve_article(parts[0], parts[2])
        elif len(parts) == 2 and parts[0] in ("redirect", "redirect-abs") and parts[1].isdigit():
            self.serve_redirect_chain(parts[0], int(parts[1]))
        elif path.startswith("/to/"):
            # Everything after /to/, query included, is the encoded target.
            self.redirect(urllib.parse.unquote(self.path[len("/to/"):]))
        elif len(parts) == 2 and parts[0] == "status" and parts[1].isdigit():
            self.serve_status(int(parts[1]))
        elif len(parts) >= 2 and parts[0] == "early-hints":
            self.send_response_only(103)
            self.send_header("Link", "</style.css>; rel=preload")
            self.end_headers()
            self.route("/" + "/".join(parts[1:]))
        elif len(parts) >= 2 and parts[0] == "stray-after":
            self.route("/" + "/".join(parts[1:]))
            time.sleep(0.05)
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                             b"Content-Length: 5\r\n\r\nWRONG")
        elif path == "/until-close/list.html":
            # No length: the body ends where the connection does (and over TLS without
            # close_notify: Python's ssl module closes without one).
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(UTF8_LIST)
            self.close_connection = True
        elif len(parts) >= 2 and parts[0] == "then-close":
            self.route("/" + "/".join(parts[1:]))
            self.close_connection = True
        elif len(parts) >= 3 and parts[0] == "delay" and parts[1].isdigit():
            time.sleep(int(parts[1]) / 1000)
            rest = "/".join(parts[2:])
            self.route("/utf8/list.html" if rest == "list.html" else "/" + rest)
        else:
            self.serve_static(path)

    def base_url(self):
        host = self.headers.get("Host")
        if not host:
            name = self.server.server_name
            host = "[%s]:%d" % (name, self.server.server_port) if ":" in name \
                else "%s:%d" % (name, self.server.server_port)
        return "%s://%s" % (self.server.scheme, host)

    def redirect(self, location, status=302):
        body = '<html><body><a href="%s">moved</a></body></html>\n' % location
        self.send_body(status, body.encode("utf-8"), headers=[("Location", location)])

    def serve_redirect_chain(self, kind, remaining):
        target = "/utf8/list.html" if remaining == 0 else "/%s/%d" % (kind, remaining - 1)
        self.redirect(self.base_url() + target if kind == "redirect-abs" else target)

    def serve_article(self, encoding, number_html):
        titles = UTF8_TITLES if encoding == "utf8" else GBK_TITLES
        number = number_html[:-len(".html")] if number_html.endswith(".html") else ""
        if not number.isdigit() or not 1 <= int(number) <= len(titles):
            self.send_text(404, "no such article\n")
        elif encoding == "utf8":
            page = article_page(titles[int(number) - 1], int(number), UTF8_META)
            self.send_body(200, page.encode("utf-8"))
        else:
            page = article_page(titles[int(number) - 1], int(number), GBK_META)
            self.send_body(200, page.encode("gbk"), "text/html")

    def serve_etag(self):
        offered = [tag.strip() for tag in self.headers.get("If-None-Match", "").split(",")]
        if ETAG in offered or "*" in offered:
            self.send_no_body(304, [("ETag", ETAG)])
        else:
            self.send_body(200, UTF8_LIST, headers=[("ETag", ETAG)])

    def serve_last_modified(self):
        if self.headers.get("If-Modified-Since") == LAST_MODIFIED:
            self.send_no_body(304, [("Last-Modified", LAST_MODIFIED)])
        else:
            self.send_body(200, UTF8_LIST, headers=[("Last-Modified", LAST_MODIFIED)])

    def serve_compressed(self, coding, compress):
        vary = ("Vary", "Accept-Encoding")
        if coding in self.headers.get("Accept-Encoding", "").lower():
            self.send_body(200, compress(UTF8_LIST), headers=[("Content-Encoding", coding), vary])
        else:
            self.send_body(200, UTF8_LIST, headers=[vary])

    def serve_slow_headers(self):
        time.sleep(self.query_number("seconds", 30))
        self.send_body(200, b"<html><body><p>finally</p></body></html>\n")

    def serve_slow_body(self):
        seconds = self.query_number("seconds", 30)
        opening, closing = b"<html><body>", b"</body></html>\n"
        body = opening + b"x" * (1000 - len(opening) - len(closing)) + closing
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "HEAD":
            return
        self.wfile.write(body[:10])
        time.sleep(seconds)
        self.wfile.write(body[10:])

    def serve_endless(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if self.command == "HEAD":
            return
        data = next(filler(RELAY_BUFFER_BYTES))
        chunk = b"%X\r\n%s\r\n" % (len(data), data)
        self.close_connection = True  # it only ends when the client hangs up
        opening = b"<!DOCTYPE html><html><body>"
        self.wfile.write(b"%X\r\n%s\r\n" % (len(opening), opening))
        while True:
            self.wfile.write(chunk)

    def serve_big(self):
        size = int(self.query_number("bytes", 1 << 20))
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        if self.command != "HEAD":
            for chunk in filler(size):
                self.wfile.write(chunk)

    def serve_status(self, code):
        if not 200 <= code <= 599:
            self.send_text(400, "status must be 200..599\n")
            return
        headers = []
        retry_after = self.query().get("retry-after")
        if retry_after:
            headers.append(("Retry-After", retry_after[0]))
        if code in (204, 304):
            self.send_no_body(code, headers)
        else:
            self.send_text(code, "status %d\n" % code, headers)

    def serve_static(self, path):
        if not self.server.root:
            self.send_text(404, "not found\n")
            return
        wanted = os.path.realpath(os.path.join(self.server.root,
                                               urllib.parse.unquote(path).lstrip("/")))
        if os.path.commonpath([wanted, self.server.root]) != self.server.root:
            self.send_text(404, "not found\n")  # ../ escapes stay out of the root
            return
        if os.path.isdir(wanted):
            wanted = os.path.join(wanted, "index.html")
        if not os.path.isfile(wanted):
            self.send_text(404, "not found\n")
            return
        with open(wanted, "rb") as file:
            body = file.read()
        if wanted.endswith((".html", ".htm")):
            content_type = "text/html"
        else:
            content_type = mimetypes.guess_type(wanted)[0] or "application/octet-stream"
        self.send_body(200, body, content_type)


# --- Proxy mode ------------------------------------------------------------

def split_host_port(authority):
    """"[::1]:443" or "127.0.0.1:443" -> (host, port); None when malformed."""
    if authority.startswith("["):
        host, _, rest = authority[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    else:
        host, _, port = authority.rpartition(":")
    return (host, int(port)) if host and port.isdigit() else None


class ProxyHandler(BaseHandler):

    def serve(self):
        if self.command == "CONNECT":
            self.serve_tunnel()
        elif self.path.startswith("/"):
            self.send_text(400, "this is a proxy; send an absolute URL or CONNECT\n")
        else:
            self.serve_forward()

    def serve_tunnel(self):
        target = split_host_port(self.path)
        if target is None:
            self.send_text(400, "CONNECT needs host:port\n")
            return
        if target[0] not in LOOPBACK_HOSTS:
            self.send_text(403, "only loopback targets\n")
            return
        try:
            upstream = socket.create_connection(target, timeout=10)
        except OSError as error:
            self.send_text(502, "cannot reach %s: %s\n" % (self.path, error))
            return
        self.close_connection = True
        with upstream:
            upstream.settimeout(None)
            self.connection.settimeout(None)  # tunnels may idle; clients decide
            self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            self.relay(upstream)

    def relay(self, upstream):
        def shut(sock, how):
            try:
                sock.shutdown(how)
            except OSError:
                pass

        def client_to_upstream():
            try:
                while True:
                    # rfile, not the socket: it may already hold bytes the
                    # client sent right behind the CONNECT head.
                    data = self.rfile.read1(RELAY_BUFFER_BYTES)
                    if not data:
                        break
                    upstream.sendall(data)
                shut(upstream, socket.SHUT_WR)
            except OSError:
                shut(upstream, socket.SHUT_RDWR)

        sender = threading.Thread(target=client_to_upstream, daemon=True)
        sender.start()
        try:
            while True:
                data = upstream.recv(RELAY_BUFFER_BYTES)
                if not data:
                    break
                self.connection.sendall(data)
        except OSError:
            pass
        # The target is done: end both directions so the sender thread stops.
        shut(upstream, socket.SHUT_RDWR)
        shut(self.connection, socket.SHUT_RDWR)
        sender.join()

    def serve_forward(self):
        url = urllib.parse.urlsplit(self.path)
        if url.scheme != "http" or not url.hostname:
            self.send_text(400, "only http:// URLs are forwarded\n")
            return
        if url.hostname not in LOOPBACK_HOSTS:
            self.send_text(403, "only loopback origins\n")
            return
        target = (url.path or "/") + ("?" + url.query if url.query else "")
        connection_tokens = {token.strip().lower()
                             for token in self.headers.get("Connection", "").split(",")}
        upstream = http.client.HTTPConnection(url.hostname, url.port or 80,
                                              timeout=SOCKET_TIMEOUT_SECONDS)
        try:
            upstream.putrequest(self.command, target, skip_host=True, skip_accept_encoding=True)
            if "Host" not in self.headers:
                upstream.putheader("Host", url.netloc)
            for name, value in self.headers.items():
                lowered = name.lower()
                if lowered not in HOP_BY_HOP_HEADERS and lowered not in connection_tokens \
                        and lowered != "content-length":
                    upstream.putheader(name, value)
            if self.request_body or self.command in ("POST", "PUT", "PATCH"):
                upstream.putheader("Content-Length", str(len(self.request_body)))
            upstream.putheader("Connection", "close")
            upstream.endheaders(self.request_body or None)
            response = upstream.getresponse()
        except (OSError, http.client.HTTPException) as error:
            upstream.close()
            self.send_text(502, "origin failed: %s\n" % error)
            return
        try:
            self.relay_response(response)
        except http.client.HTTPException:
            self.close_connection = True  # origin broke mid-body; so must we
        finally:
            upstream.close()

    def relay_response(self, response):
        self.send_response_only(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in HOP_BY_HOP_HEADERS and name.lower() != "content-length":
                self.send_header(name, value)
        length = response.getheader("Content-Length")
        has_no_body = self.command == "HEAD" or response.status in (204, 304)
        if has_no_body or length is not None:
            if length is not None:
                self.send_header("Content-Length", length)
            self.end_headers()
            while not has_no_body:
                data = response.read1(RELAY_BUFFER_BYTES)
                if not data:
                    break
                self.wfile.write(data)
            return
        # Unknown length (chunked or close-delimited): re-chunk as it streams.
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        while True:
            data = response.read1(RELAY_BUFFER_BYTES)
            if not data:
                break
            self.wfile.write(b"%X\r\n%s\r\n" % (len(data), data))
        self.wfile.write(b"0\r\n\r\n")


# --- Main ------------------------------------------------------------------

def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--proxy", action="store_true")
    parser.add_argument("--root")
    return parser.parse_args()


def main():
    arguments = parse_arguments()
    tls_context = server_tls_context(*arguments.tls) if arguments.tls else None
    handler_class = ProxyHandler if arguments.proxy else PageHandler
    serve_until_signal(SiteServer(arguments.host, handler_class, tls_context, arguments.root), arguments.port_file)


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except Exception as error:
        print("site_server.py: %s" % error, file=sys.stderr)
        sys.exit(1)
