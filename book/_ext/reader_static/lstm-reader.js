/* The book's own page script, added to every page by book/_ext/reader_pages.py.
 *
 * Search from disk. Sphinx's search page works from file:// (the index is a script), but
 * for each result it fetches the page to show a passage, which browsers refuse for files
 * (a CORS error per result). Opened from disk we show titles only, and say how to get
 * passages too: serve the book with Python's web server.
 */
(function () {
  "use strict";
  if (window.location.protocol !== "file:") return;
  if (typeof DOCUMENTATION_OPTIONS !== "undefined") {
    DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false; // read when results are shown
  }
  function explainOfflineSearch() {
    var results = document.getElementById("search-results");
    if (!results || document.querySelector(".lstm-offline-search")) return;
    var note = document.createElement("div");
    note.className = "admonition note lstm-offline-search";
    note.innerHTML =
      '<p class="admonition-title">Searching a book opened from disk</p>' +
      "<p>Results list page titles only: your browser does not let a page read other files " +
      "on disk. To see a passage from each page, serve the book with Python and open it " +
      "from there:</p>" +
      "<pre>python -m http.server --directory _build/html 8000</pre>" +
      '<p>then visit <code>http://localhost:8000/search.html</code>.</p>';
    results.parentNode.insertBefore(note, results);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", explainOfflineSearch);
  } else {
    explainOfflineSearch();
  }
})();
