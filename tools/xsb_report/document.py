"""A report as a list of blocks, rendered to Markdown and to one
self-contained HTML file (images inlined as base64, no external resource,
no JavaScript): both renderings say the same thing.

Inline text may hold `code` spans; nothing else is interpreted."""

import base64
import html
import os
import re
from dataclasses import dataclass
from typing import Callable, Union


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Paragraph:
    text: str


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass
class Image:
    path: str  # relative to the report's folder
    alt: str


@dataclass
class Preformatted:
    text: str


Block = Union[Heading, Paragraph, Bullets, Table, Image, Preformatted]

_CODE = re.compile(r"`([^`]*)`")
_STYLE = """
body { font-family: sans-serif; max-width: 70em; margin: 1em auto;
       padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border: 1px solid #bbb; padding: 0.2em 0.6em; text-align: left;
         overflow-wrap: break-word; }
th { background: #eee; }
td { font-variant-numeric: tabular-nums; }
code, pre { background: #f4f4f4; }
pre { padding: 0.6em; white-space: pre-wrap; overflow-wrap: anywhere; }
img { max-width: 100%; border: 1px solid #ddd; margin: 0.5em 0; }
"""


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_block(block: Block) -> str:
    if isinstance(block, Heading):
        return "#" * block.level + " " + block.text
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, Bullets):
        return "\n".join("- " + item for item in block.items)
    if isinstance(block, Table):
        lines = ["| " + " | ".join(_md_cell(h) for h in block.header) + " |",
                 "|" + "---|" * len(block.header)]
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |"
                  for row in block.rows]
        return "\n".join(lines)
    if isinstance(block, Image):
        return f"![{block.alt}]({block.path})"
    return "```\n" + block.text.rstrip("\n") + "\n```"


def render_markdown(blocks: list[Block]) -> str:
    return "\n\n".join(_md_block(b) for b in blocks) + "\n"


def inline_html(text: str) -> str:
    """Escaped text with `code` spans as <code>."""
    parts = _CODE.split(text)
    return "".join(f"<code>{html.escape(p)}</code>" if i % 2
                   else html.escape(p) for i, p in enumerate(parts))


def _cell_html(text: str) -> str:
    """A table cell; a range "(12.35..172.2)" may break after its "..",
    so that a table of several rounds fits the column (issue 25)."""
    return inline_html(text).replace("..", "..<wbr>")


def data_uri(path: str) -> str:
    with open(path, "rb") as f:
        encoded = base64.b64encode(f.read()).decode("ascii")
    return "data:image/png;base64," + encoded


def _html_block(block: Block, image_uri: Callable[[str], str]) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{inline_html(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        return f"<p>{inline_html(block.text)}</p>"
    if isinstance(block, Bullets):
        return "<ul>\n" + "\n".join(f"<li>{inline_html(i)}</li>"
                                    for i in block.items) + "\n</ul>"
    if isinstance(block, Table):
        head = "".join(f"<th>{inline_html(h)}</th>" for h in block.header)
        body = "\n".join("<tr>" + "".join(f"<td>{_cell_html(c)}</td>"
                                          for c in row) + "</tr>"
                         for row in block.rows)
        return f"<table>\n<tr>{head}</tr>\n{body}\n</table>"
    if isinstance(block, Image):
        return (f'<p><img alt="{html.escape(block.alt)}" '
                f'src="{image_uri(block.path)}"></p>')
    return f"<pre>{html.escape(block.text)}</pre>"


def render_html(blocks: list[Block], title: str, folder: str) -> str:
    """One HTML file; images are read from `folder` and inlined."""
    def image_uri(path: str) -> str:
        return data_uri(os.path.join(folder, path))

    body = "\n".join(_html_block(b, image_uri) for b in blocks)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
            "<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(title)}</title>\n"
            f"<style>{_STYLE}</style>\n</head>\n<body>\n{body}\n"
            "</body>\n</html>\n")
