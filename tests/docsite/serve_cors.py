"""Serves a directory like `python3 -m http.server`, with `Access-Control-Allow-Origin: *` as
static hosts such as GitHub Pages send it: the drop-in's live badges import the playground's JS
module from the docs site's origin."""

import functools
import http.server
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with the CORS header."""

    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def log_message(self, *args):
        pass


port, directory = int(sys.argv[1]), sys.argv[2]
server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=directory))
server.serve_forever()
