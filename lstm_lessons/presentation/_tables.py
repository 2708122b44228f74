"""Tables of results, as Markdown (for a terminal) or as HTML (the book renders HTML output).

Both take a header and rows of cells that are already strings: the caller decides how
each number is written.
"""

import html


def markdown(head, body):
    """A Markdown table: ``head`` is a list of column titles, ``body`` a list of rows."""
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return "\n".join(lines + ["| " + " | ".join(cells) + " |" for cells in body])


def html_table(head, body, caption=""):
    """An HTML table in the book theme's style, every cell escaped.

    The table sits in a box of its own that scrolls sideways when the table is wider than the
    screen (a phone), so the page itself never does. The box takes the keyboard's focus (a reader
    without a mouse scrolls it with the arrow keys) and is a named region: screen readers announce
    it by the caption, or as a table of results.
    """

    def row(tag, cells):
        return "<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in cells) + "</tr>"

    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    rows = "".join(row("td", cells) for cells in body)
    table = f'<table class="table">{cap}<thead>{row("th", head)}</thead><tbody>{rows}</tbody></table>'
    name = html.escape(caption or "Table of results", quote=True)
    box = 'class="lstm-table" style="overflow-x: auto; max-width: 100%;"'
    box += f' tabindex="0" role="region" aria-label="{name}"'
    return f"<div {box}>{table}</div>"  # scrolls on a phone
