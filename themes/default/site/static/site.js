/* Search and filters for the lesson list. Without JavaScript every pack is listed.
   Served over http(s), the search uses the Pagefind index (full text of every lesson page);
   opened from the file system, where browsers block loading the index, it matches the
   words of each pack's title, topic, summary and objectives instead. */
(function () {
  "use strict";
  var form = document.getElementById("finder");
  if (!form) { return; }
  var cards = Array.prototype.slice.call(document.querySelectorAll("[data-pack]"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("[data-stage-section]"));
  var count = document.getElementById("result-count");
  var empty = document.getElementById("no-results");
  var input = document.getElementById("search");
  var matches = null;  // null: no search; otherwise the set of matching page URLs
  var pagefind = null;
  var searchId = 0;

  form.querySelector(".filters").hidden = false;

  function checked(name) {
    return Array.prototype.slice.call(form.querySelectorAll("input[name='" + name + "']:checked"))
      .map(function (box) { return box.value; });
  }

  function apply() {
    var stages = checked("stage"), topics = checked("topic"), kinds = checked("kind");
    var shown = 0;
    cards.forEach(function (card) {
      var ok = (!stages.length || stages.indexOf(card.dataset.stage) >= 0) &&
        (!topics.length || topics.indexOf(card.dataset.topic) >= 0) &&
        (!kinds.length || kinds.every(function (k) { return card.dataset.kinds.split(" ").indexOf(k) >= 0; })) &&
        (matches === null || matches.has(card.dataset.url));
      card.hidden = !ok;
      if (ok) { shown += 1; }
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector("[data-pack]:not([hidden])");
    });
    empty.hidden = shown > 0;
    count.textContent = shown === cards.length ? "Showing all " + shown + " lesson packs." :
      "Showing " + shown + " of " + cards.length + " lesson packs.";
  }

  function wordsMatch(query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return new Set(cards.filter(function (card) {
      return words.every(function (w) { return card.dataset.text.indexOf(w) >= 0; });
    }).map(function (card) { return card.dataset.url; }));
  }

  function pageOf(url) {
    // Pagefind gives site-absolute URLs; the cards hold site-relative ones.
    var found = cards.map(function (c) { return c.dataset.url; }).filter(function (u) {
      return url.split("#")[0].slice(-u.length) === u;
    });
    return found[0];
  }

  async function search(query) {
    var id = ++searchId;
    if (!query.trim()) { matches = null; apply(); return; }
    var result;
    try {
      if (location.protocol === "file:") { throw new Error("no index from the file system"); }
      if (!pagefind) {
        pagefind = await import(new URL("pagefind/pagefind.js", document.baseURI).href);
        await pagefind.options({ baseUrl: new URL(".", document.baseURI).pathname });
      }
      var found = await pagefind.search(query);
      var pages = await Promise.all(found.results.map(function (r) { return r.data(); }));
      result = new Set(pages.map(function (p) { return pageOf(p.url); }).filter(Boolean));
    } catch (error) {
      result = wordsMatch(query);
    }
    if (id === searchId) { matches = result; apply(); }
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 250);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); search(input.value); });
  form.addEventListener("change", function (event) { if (event.target.type === "checkbox") { apply(); } });
  form.addEventListener("reset", function () { setTimeout(function () { matches = null; apply(); }, 0); });

  var params = new URLSearchParams(location.search);
  ["stage", "topic", "kind"].forEach(function (name) {
    params.getAll(name).forEach(function (value) {
      var box = form.querySelector("input[name='" + name + "'][value='" + value + "']");
      if (box) { box.checked = true; }
    });
  });
  if (params.get("q")) { input.value = params.get("q"); search(params.get("q")); } else { apply(); }
}());
