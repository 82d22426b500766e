"""MkDocs hook for the docs drop-in: checks each page's dstack YAML blocks at build time.

`mkdocs.yml`: `hooks: [dstack_check_hook.py]`, with `dstack-check` on the PATH (or its path in
DSTACK_CHECK); `extra: {dstack_check: {version: "0.18.37"}}` chooses the dstack release (default:
the checker's newest). Each page gets its blocks' verdicts and the release that judged them as
`<template class="dstack-check-results">` (inert, and swapped in whole by Material's instant
navigation), which `dstack-dropin.js` turns into badges, links and embeds for that release: readers
download no checker at all. Blocks are matched by an FNV-1a hash of their text, the same in both
files.
"""

import json
import logging
import os
import shutil
import subprocess

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.dstack_check")

CHECKER = os.environ.get("DSTACK_CHECK", "dstack-check")
_pages = {}
# `--dstack-version VERSION` when the site chose a release, set by `on_config`.
_version_args = []


def _hash(text):
    """FNV-1a (32 bits) of the UTF-8 text, as 8 hex digits (dstack-dropin.js: `hash`)."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return f"{h:08x}"


def _normalize(text):
    """The block without blank lines before it and whitespace after (dstack-dropin.js: `normalize`)."""
    return text.lstrip("\n").rstrip()


def _block_text(lines, fence_line):
    """The text of the block whose opening fence is at 1-based `fence_line`, indentation removed."""
    fence = lines[fence_line - 1]
    marker = fence.lstrip(" ")
    indent = len(fence) - len(marker)
    char = marker[0]
    length = len(marker) - len(marker.lstrip(char))
    body = []
    for line in lines[fence_line:]:
        stripped = line.lstrip(" ")
        run = len(stripped) - len(stripped.lstrip(char))
        if run >= length and not stripped[run:].strip():
            break
        body.append(line[min(len(line) - len(stripped), indent):])
    return "\n".join(body)


def _entry(lines, doc, offset):
    block = doc["block"]
    entry = {"hash": _hash(_normalize(_block_text(lines, block["line"])))}
    if block["status"] == "skipped":
        entry["kind"] = "skip"
    elif block["status"] == "not-checked":
        entry["kind"] = block["type"]
    else:
        diagnostics = doc["diagnostics"]
        entry["kind"] = "check"
        entry["result"] = {
            "errors": sum(d["severity"] == "error" for d in diagnostics),
            "warnings": sum(d["severity"] == "warning" for d in diagnostics),
            # A fleet, gateway, volume or preset gets no offers: its estimate says what it `needs`.
            "offers": doc["offers"]["count"] if doc.get("offers") and not doc["offers"].get("needs") else None,
            "diagnostics": [
                {"code": d["code"], "message": d["message"], "line": d["range"]["start"]["line"] + offset,
                 "column": d["range"]["start"]["column"]}
                # Problems only: infos (how another release reads the block) are the playground's.
                for d in diagnostics if d["severity"] != "info"
            ],
        }
    return entry


def on_config(config, **kwargs):
    """Reads `extra.dstack_check.version`; a release the checker does not know fails the build."""
    version = ((config.get("extra") or {}).get("dstack_check") or {}).get("version")
    _version_args[:] = [] if version is None else ["--dstack-version", str(version)]
    checker = shutil.which(CHECKER)
    if _version_args and checker is not None:
        run = subprocess.run([checker, *_version_args, "--markdown", "-"], input="", capture_output=True, text=True,
                             check=False)
        if run.returncode == 2:
            raise PluginError(f"extra.dstack_check.version: {run.stderr.splitlines()[0]}")
    return config


def on_page_markdown(markdown, page, **kwargs):
    """Checks the page's blocks with `dstack-check --markdown` and keeps the verdicts for the page."""
    checker = shutil.which(CHECKER)
    if checker is None:
        log.warning("dstack-check not found (DSTACK_CHECK=%s): no build-time badges", CHECKER)
        return markdown
    run = subprocess.run([checker, *_version_args, "--markdown", "--format", "json", "--offers", "-"],
                         input=markdown, capture_output=True, text=True, check=False)
    if run.returncode == 2:
        log.warning("dstack-check failed on %s: %s", page.file.src_uri, run.stderr.strip())
        return markdown
    lines = [line.rstrip("\r") for line in markdown.split("\n")]
    # MkDocs hands over the page without its front matter: lines in the file are further down.
    source = getattr(page.file, "content_string", markdown)
    offset = source[: len(source) - len(markdown)].count("\n") if source.endswith(markdown) else 0
    docs = [json.loads(line) for line in run.stdout.splitlines()]
    # The release that judged the page, as the checker names it; without a checked block, the chosen one.
    chosen = _version_args[1] if _version_args else None
    release = next((doc["dstack_version"] for doc in docs if "dstack_version" in doc), chosen)
    _pages[page.file.src_uri] = (release, [_entry(lines, doc, offset) for doc in docs])
    return markdown


def on_page_content(html, page, **kwargs):
    """Appends the page's verdicts to its content, where instant navigation carries them along."""
    release, blocks = _pages.pop(page.file.src_uri, (None, None))
    if not blocks:
        return html
    data = json.dumps({"checker": "dstack-check", "dstack": release, "blocks": blocks})
    # JSON escapes for the characters HTML would read, so the template's text is the JSON as is.
    data = data.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return f'{html}<template class="dstack-check-results">{data}</template>'
