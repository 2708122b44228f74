"""The benchmark measures what it says (the figures themselves live in the book's appendix)."""

import pytest

from lstm_lessons.benchmark import html_table, measure, table


def test_measure_reports_medians_and_ratios():
    result = measure(repeats=3, warmup=1, workloads=[(4, 2, 3, 5)])
    (row,) = result["rows"]
    assert (row["T"], row["B"], row["D"], row["H"]) == (4, 2, 3, 5)
    assert all(row[k] > 0 for k in ("ours_ms", "torch64_ms", "torch32_ms"))
    assert row["ratio64"] == pytest.approx(row["ours_ms"] / row["torch64_ms"])
    assert row["ratio32"] == pytest.approx(row["ours_ms"] / row["torch32_ms"])
    text = table(result)
    assert text.count("\n") == 2 and "| 4 | 2 | 3 | 5 |" in text
    html = html_table(result)
    assert html.count("<tr>") == 2 and "<td>4</td><td>2</td><td>3</td><td>5</td>" in html
