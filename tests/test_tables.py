"""The shared table renderers: one header, one row per entry, every cell escaped in HTML."""

from lstm_lessons.presentation._tables import html_table, markdown

HEAD, BODY = ["name", "value"], [["a", "1"], ["b <c>", "2 & 3"]]


def test_markdown_has_a_header_a_rule_and_one_line_per_row():
    lines = markdown(HEAD, BODY).splitlines()
    assert lines[0] == "| name | value |" and lines[1] == "|---|---|"
    assert lines[2:] == ["| a | 1 |", "| b <c> | 2 & 3 |"]


def test_html_escapes_cells_and_caption():
    text = html_table(HEAD, BODY, caption="x < y")
    assert text.count("<tr>") == 3 and text.count("<th>") == 2 and text.count("<td>") == 4
    assert "b &lt;c&gt;" in text and "2 &amp; 3" in text and "<caption>x &lt; y</caption>" in text
    assert "<caption>" not in html_table(HEAD, BODY)


def test_html_table_scrolls_in_its_own_box():
    text = html_table(HEAD, BODY)
    assert text.startswith('<div class="lstm-table" style="overflow-x: auto;') and text.endswith("</table></div>")


def test_the_scrolling_box_takes_the_keyboard_and_has_a_name():
    """axe-core's scrollable-region-focusable: a box that scrolls must be reachable by Tab."""
    assert 'tabindex="0" role="region" aria-label="Table of results"' in html_table(HEAD, BODY)
    assert 'aria-label="x &lt; &quot;y&quot;"' in html_table(HEAD, BODY, caption='x < "y"')
