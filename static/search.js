// minutebook search: answers queries in the page from an index written at build time
// and split so that a query fetches only what it needs (format in docs/search.md and
// src/outputs/search_index.rs): the manifest (filters, ranking, dates), the word shards
// holding the query's words, and the text of the results shown. No framework, no
// external request.
(function () {
  "use strict";

  var ALPHABET = "!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
  var HALF = ALPHABET.length / 2;
  var CODE = new Int16Array(128).fill(-1);
  for (var c = 0; c < ALPHABET.length; c++) CODE[ALPHABET.charCodeAt(c)] = c;
  var FILTERS = { team: 1, series: 1, year: 1, person: 1, is: 1 };
  // Meetings shown first, and added by each "Show more": each needs its text fetched,
  // so the first answer stays small and quick.
  var FIRST = 10, MORE = 20;

  /** Lower-case words without accents; everything else separates words. */
  function words(s) {
    return s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  /**
   * `zuul "status page" team:ops year:2023` ->
   * {terms: [["zuul"]], phrases: [["status","page"]], prefix: false, filters: {...}}.
   * A bare token that splits into several words (`cert-manager`) is a phrase of them.
   */
  function parseQuery(q) {
    var out = { terms: [], phrases: [], filters: { team: [], series: [], year: [], person: [], is: [] }, prefix: false };
    var re = /([A-Za-z]+):("[^"]*"?|\S+)|"([^"]*)"?|(\S+)/g;
    var m, last = null;
    while ((m = re.exec(q)) !== null) {
      if (m[1] !== undefined && FILTERS[m[1].toLowerCase()]) {
        var v = m[2].replace(/"/g, "").trim().toLowerCase();
        if (v) out.filters[m[1].toLowerCase()].push(v);
        last = null;
      } else if (m[3] !== undefined || (m[1] === undefined && m[4] === undefined)) {
        var p = words(m[3] || "");
        if (p.length === 1) out.terms.push(p[0]);
        else if (p.length > 1) out.phrases.push(p);
        last = null;
      } else {
        var w = words(m[0]);
        if (w.length === 1) { out.terms.push(w[0]); last = w[0]; }
        else if (w.length > 1) { out.phrases.push(w); last = null; }
      }
    }
    // Only a bare word typed last (no space after it yet) is a prefix.
    out.prefix = last !== null && out.terms.length > 0 && out.terms[out.terms.length - 1] === last && !/\s$/.test(q);
    return out;
  }

  function decode(s) {
    var out = [], acc = 0;
    for (var i = 0; i < s.length; i++) {
      var d = CODE[s.charCodeAt(i)];
      if (d >= HALF) acc = (acc + d - HALF + 1) * HALF;
      else { out.push(acc + d); acc = 0; }
    }
    return out;
  }

  function getJson(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error("could not load the search index (" + r.status + " " + url + ")");
      return r.json();
    });
  }

  /** The manifest as tables: each document's meeting, team, flags and length. */
  function prepare(raw) {
    var coded = decode(raw.docs), n = coded.length / 2;
    var docs = { meeting: new Uint32Array(n), team: new Int32Array(n), flags: new Uint8Array(n), len: new Uint32Array(n) };
    var total = 0, di = 0;
    raw.meetings.forEach(function (m, mi) {
      for (var k = 0; k < m[3]; k++, di++) {
        docs.meeting[di] = mi;
        docs.team[di] = (coded[2 * di] >> 4) - 1;
        docs.flags[di] = coded[2 * di] & 15;
        docs.len[di] = coded[2 * di + 1];
        total += docs.len[di];
      }
    });
    return { raw: raw, n: n, docs: docs, avgLen: n ? total / n : 1, shards: {}, texts: {} };
  }

  /**
   * Opens an index by its manifest URL; `get` fetches and parses a JSON file (the
   * browser's fetch unless given). Files are fetched once, when first needed.
   */
  function open(url, get) {
    get = get || getJson;
    var base = url.replace(/\.json$/, "/");
    var ix = null;
    var ready = get(url).then(function (raw) { ix = prepare(raw); ix.get = get; ix.base = base; return ix; });
    return ready;
  }

  function once(cache, key, load) {
    if (!cache[key]) cache[key] = load();
    return cache[key];
  }

  /** Index of the last sorted `starts` entry at or before `x`. */
  function last(starts, x) {
    var lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= x) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /** Postings of the words `w` stands for (itself, or every word it starts): {word: coded}. */
  function lookup(ix, w, prefix) {
    var first = ix.raw.words;
    if (!first.length) return Promise.resolve({});
    var a = last(first, w), b = prefix ? last(first, w + "\uffff") : a;
    var loads = [];
    for (var k = a; k <= b; k++) {
      loads.push(once(ix.shards, k, function () {
        var at = k;
        return ix.get(ix.base + "w/" + at + ".json").then(function (s) {
          var m = new Map();
          s.words.split(" ").forEach(function (x, i) { m.set(x, s.post[i]); });
          return m;
        });
      }));
    }
    return Promise.all(loads).then(function (maps) {
      var out = {};
      maps.forEach(function (m) {
        if (!prefix) { if (m.has(w)) out[w] = m.get(w); return; }
        m.forEach(function (v, x) { if (x.lastIndexOf(w, 0) === 0) out[x] = v; });
      });
      return out;
    });
  }

  /** A query word's documents: Map doc -> {tf, head, pos: [word positions]}. */
  function postings(coded) {
    var docs = new Map();
    Object.keys(coded).forEach(function (w) {
      var nums = decode(coded[w]), i = 0, doc = 0;
      while (i < nums.length) {
        doc += nums[i++];
        var tf = nums[i] >> 1, head = nums[i++] & 1, pos = [], p = 0;
        for (var k = 0; k < tf; k++) { p += nums[i++]; pos.push(p); }
        var e = docs.get(doc);
        if (!e) docs.set(doc, { tf: tf, head: head, pos: pos });
        else { e.tf += tf; e.head |= head; e.pos = e.pos.concat(pos); }
      }
    });
    return docs;
  }

  /** Doc predicate from `team:`, `series:`, `year:`, `person:`, `is:` and a date range. */
  function filterDocs(ix, f, range) {
    var raw = ix.raw;
    var teams = null;
    if (f.team.length) {
      teams = new Set();
      f.team.forEach(function (v) {
        // An exact slug wins; otherwise a slug prefix or a word of the name.
        var exact = raw.teams.findIndex(function (t) { return t[1] === v; });
        if (exact >= 0) { teams.add(exact); return; }
        var vw = words(v).join(" ");
        raw.teams.forEach(function (t, i) {
          var name = words(t[0]);
          if (t[1].indexOf(v) === 0 || name.join(" ") === vw || name.indexOf(vw) >= 0) teams.add(i);
        });
      });
    }
    var series = null;
    if (f.series.length) {
      series = new Set();
      raw.series.forEach(function (s, i) {
        f.series.forEach(function (v) { if (s[0] === v || s[0].indexOf(v) === 0) series.add(i); });
      });
    }
    var people = null;
    if (f.person.length) {
      people = new Set();
      (raw.people || []).forEach(function (p, i) {
        var name = words(p[0]).join(" ");
        f.person.forEach(function (v) {
          var vw = words(v).join(" ");
          var handle = (p[2] || "").toLowerCase();
          // The slug or its prefix, the handle (`@` or not), the name or a word of it.
          if (p[1] === v || p[1].indexOf(v) === 0 || (handle && handle === v.replace(/^@/, "")) ||
              name === vw || words(p[0]).indexOf(vw) >= 0) people.add(i);
        });
      });
    }
    // `is:decision` (1), `is:action` (2), `is:open` (4), `is:done` (8): documents
    // that hold one (an action item open, or done, as followed across meetings).
    var flags = 0;
    f.is.forEach(function (v) {
      if (v.indexOf("decision") === 0) flags |= 1;
      else if (v.indexOf("action") === 0 || v === "ai" || v === "todo") flags |= 2;
      else if (v === "open") flags |= 4;
      else if (v === "done" || v === "closed") flags |= 8;
      else flags |= 16; // an unknown kind selects nothing
    });
    var from = (range && range.from) || "", to = (range && range.to) || "";
    return function (d) {
      if (teams && !teams.has(ix.docs.team[d])) return false;
      var m = raw.meetings[ix.docs.meeting[d]];
      if (series && !series.has(m[0])) return false;
      if (f.year.length && f.year.indexOf(m[1].slice(0, 4)) < 0) return false;
      // `2023-06` as the end takes in all of June.
      if (from && m[1] < from) return false;
      if (to && m[1].slice(0, to.length) > to) return false;
      if (people && !m[2].some(function (p) { return people.has(p); })) return false;
      if (flags && (ix.docs.flags[d] & flags) !== flags) return false;
      return true;
    };
  }

  /** Occurrences of a phrase in a document, from its words' positions. */
  function phraseCount(lists, d) {
    var sets = lists.map(function (l) { return new Set(l.get(d).pos); });
    var count = 0;
    sets[0].forEach(function (p) {
      for (var j = 1; j < sets.length; j++) if (!sets[j].has(p + j)) return;
      count++;
    });
    return count;
  }

  /**
   * Runs a query; resolves to groups of results by meeting, best first (or by date:
   * `opts.sort` "newest" or "oldest"), within `opts.from`..`opts.to` (dates or months).
   */
  function search(ix, q, opts) {
    opts = opts || {};
    var p = parseQuery(q);
    var termLoads = p.terms.map(function (t, i) {
      // One letter would match a good part of the vocabulary: prefixes start at two.
      return lookup(ix, t, p.prefix && i === p.terms.length - 1 && t.length > 1);
    });
    var phraseLoads = p.phrases.map(function (ph) {
      return Promise.all(ph.map(function (w) { return lookup(ix, w, false); }));
    });
    return Promise.all([Promise.all(termLoads), Promise.all(phraseLoads)]).then(function (got) {
      return rank(ix, p, got[0], got[1], opts);
    });
  }

  function rank(ix, p, termCoded, phraseCoded, opts) {
    var keep = filterDocs(ix, p.filters, opts);
    var terms = termCoded.map(postings);
    var phrases = phraseCoded.map(function (ws) { return ws.map(postings); });
    var required = terms.concat.apply(terms, phrases);
    var candidates = null;
    required.forEach(function (m) {
      if (candidates === null) candidates = Array.from(m.keys());
      else candidates = candidates.filter(function (d) { return m.has(d); });
    });
    var f = p.filters;
    var anyFilter = f.team.length || f.series.length || f.year.length || f.person.length || f.is.length || opts.from || opts.to;
    var matched = { terms: termCoded.map(Object.keys), phrases: p.phrases };
    if (candidates === null) {
      if (!anyFilter) return { query: p, matched: matched, groups: [], count: 0 };
      candidates = [];
      for (var i = 0; i < ix.n; i++) candidates.push(i);
    }
    var n = ix.n;
    function idfOf(m) {
      var df = m.size;
      return Math.log(1 + (n - df + 0.5) / (df + 0.5));
    }
    // A phrase weighs as much as its rarest word.
    var idf = terms.map(idfOf).concat(phrases.map(function (lists) {
      return Math.max.apply(null, lists.map(idfOf));
    }));
    var results = [];
    candidates.forEach(function (d) {
      if (!keep(d)) return;
      var counts = phrases.map(function (lists) { return phraseCount(lists, d); });
      // Words of a phrase may all occur but not together: no match.
      if (counts.some(function (c) { return c === 0; })) return;
      var all = terms.map(function (m) { return m.get(d).tf; }).concat(counts);
      var norm = 1.2 * (0.25 + 0.75 * ix.docs.len[d] / ix.avgLen);
      var score = 0;
      all.forEach(function (tf, i) { score += idf[i] * (tf * 2.2) / (tf + norm); });
      // Title and heading boosts.
      terms.forEach(function (m, i) { if (m.get(d).head) score += 0.6 * idf[i]; });
      phrases.forEach(function (lists, i) {
        if (lists.every(function (l) { return l.get(d).head; })) score += 0.6 * idf[terms.length + i];
      });
      results.push({ doc: d, score: score });
    });
    return { query: p, matched: matched, groups: group(ix, results, opts.sort), count: results.length };
  }

  /** Groups by meeting: a meeting ranks by its best section; newer first on ties. */
  function group(ix, results, sort) {
    var meetings = ix.raw.meetings;
    var groups = new Map();
    results.forEach(function (r) {
      var m = ix.docs.meeting[r.doc];
      var g = groups.get(m);
      if (!g) { g = { meeting: m, score: 0, results: [] }; groups.set(m, g); }
      g.results.push(r);
      if (r.score > g.score) g.score = r.score;
    });
    var list = Array.from(groups.values());
    list.forEach(function (g) { g.results.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; }); });
    function newer(a, b) {
      var da = meetings[a.meeting][1], db = meetings[b.meeting][1];
      return da < db ? 1 : (da > db ? -1 : b.meeting - a.meeting);
    }
    function better(a, b) { return Math.round((b.score - a.score) * 1000); }
    list.sort(sort === "newest" ? function (a, b) { return newer(a, b) || better(a, b); }
      : sort === "oldest" ? function (a, b) { return newer(b, a) || better(a, b); }
      : function (a, b) { return better(a, b) || newer(a, b); });
    return list;
  }

  /** The text of documents (fetched once per shard): {title, url, heading, anchor, toks, subs}. */
  function texts(ix, docs) {
    var starts = ix.raw.texts;
    var need = new Set(docs.map(function (d) { return last(starts, d); }));
    return Promise.all(Array.from(need).map(function (k) {
      return once(ix.texts, k, function () {
        return ix.get(ix.base + "t/" + k + ".json").then(function (s) {
          var meetings = new Map(s.meetings.map(function (m) { return [m[0], m]; }));
          return s.docs.map(function (d, i) {
            var m = meetings.get(ix.docs.meeting[starts[k] + i]);
            var toks = d[2] ? d[2].split(" ") : [];
            var spans = decode(d[3]), anchors = d[4] ? d[4].split(" ") : [], subs = [];
            for (var h = 0; h + 1 < spans.length; h += 2) {
              var text = toks.slice(spans[h], spans[h] + spans[h + 1]).join(" ");
              // The anchor of an ASCII heading, as src/slug.rs makes it (others are stored).
              subs.push({ start: spans[h], text: text, anchor: anchors[h / 2] || text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") });
            }
            return { title: m[1], url: m[2], heading: d[0], anchor: d[1], toks: toks, subs: subs };
          });
        });
      });
    })).then(function () {
      var out = new Map();
      return Promise.all(docs.map(function (d) {
        var k = last(starts, d);
        return ix.texts[k].then(function (list) { out.set(d, list[d - starts[k]]); });
      })).then(function () { return out; });
    });
  }

  /** The tokens of a document a query matches (marked) and the first of them. */
  function matches(t, matched) {
    var exact = new Set();
    matched.terms.forEach(function (ws) { ws.forEach(function (w) { exact.add(w); }); });
    var ws = [], wt = [];
    t.toks.forEach(function (tok, k) { words(tok).forEach(function (w) { ws.push(w); wt.push(k); }); });
    var marked = new Set(), first = -1;
    function mark(i) { marked.add(wt[i]); if (first < 0 || wt[i] < first) first = wt[i]; }
    for (var i = 0; i < ws.length; i++) {
      if (exact.has(ws[i])) mark(i);
      matched.phrases.forEach(function (ph) {
        for (var j = 0; j < ph.length; j++) if (ws[i + j] !== ph[j]) return;
        for (var j2 = 0; j2 < ph.length; j2++) mark(i + j2);
      });
    }
    return { marked: marked, first: first };
  }

  /**
   * Where a result links: the heading nearest before its first match inside the
   * document, else the document's own section (or the meeting page).
   */
  function target(t, first) {
    var label = t.anchor ? t.heading : t.title, anchor = t.anchor, sub = null;
    t.subs.forEach(function (s) { if (s.anchor && s.start <= first) sub = s; });
    if (sub) { anchor = sub.anchor; label += " › " + sub.text; }
    return { label: label, href: t.url + (anchor ? "#" + anchor : ""), from: sub ? sub.start : 0 };
  }

  /** The results of groups [from, to) with their text: plain data, rendered below. */
  function details(ix, res, from, to) {
    var groups = res.groups.slice(from, to);
    var docs = [];
    groups.forEach(function (g) { g.results.forEach(function (r) { docs.push(r.doc); }); });
    return texts(ix, docs).then(function (byDoc) {
      return groups.map(function (g) {
        var m = ix.raw.meetings[g.meeting], first = byDoc.get(g.results[0].doc);
        return {
          title: first.title, url: first.url, date: m[1], series: ix.raw.series[m[0]][1],
          results: g.results.map(function (r) {
            var t = byDoc.get(r.doc), hit = matches(t, res.matched), to = target(t, hit.first);
            var team = ix.docs.team[r.doc];
            return {
              date: m[1], team: team >= 0 ? ix.raw.teams[team] : null, href: to.href, label: to.label,
              toks: t.toks, marked: hit.marked, first: hit.first, from: to.from
            };
          })
        };
      });
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /** A window of tokens around the first match, matched tokens in <mark>. */
  function snippet(r, p) {
    var toks = r.toks;
    if (!toks.length) return;
    // Start a little before the first match, but not before the heading linked to.
    var start = Math.max(r.from, r.first - 12), end = Math.min(toks.length, start + 36);
    if (start > 0) p.appendChild(document.createTextNode("… "));
    for (var k = start; k < end; k++) {
      if (r.marked.has(k)) p.appendChild(el("mark", null, toks[k]));
      else p.appendChild(document.createTextNode(toks[k]));
      if (k + 1 < end) p.appendChild(document.createTextNode(" "));
    }
    if (end < toks.length) p.appendChild(document.createTextNode(" …"));
  }

  function render(groups, out) {
    groups.forEach(function (g) {
      var li = el("li", "result-meeting");
      var h = el("h2");
      var a = el("a", null, g.title);
      a.href = g.url;
      h.appendChild(a);
      li.appendChild(h);
      li.appendChild(el("p", "meta", g.date + " · " + g.series));
      var ol = el("ol", "results");
      g.results.forEach(function (r) {
        var item = el("li", "result");
        var link = el("a", "result-link", r.label);
        link.href = r.href;
        item.appendChild(link);
        item.appendChild(el("span", "meta", " " + r.date + (r.team ? " · " + r.team[0] : "")));
        var p = el("p", "snippet");
        snippet(r, p);
        item.appendChild(p);
        ol.appendChild(item);
      });
      li.appendChild(ol);
      out.appendChild(li);
    });
  }

  /**
   * A date field holds only whole dates: a year or month in the URL (`to=2023-06`)
   * becomes its first or (`end`) last day.
   */
  function day(v, end) {
    var m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(v || "");
    if (!m) return "";
    if (m[3]) return v;
    var month = m[2] || (end ? "12" : "01");
    var last = new Date(Date.UTC(+m[1], +month, 0)).getUTCDate();
    return m[1] + "-" + month + "-" + (end ? String(last) : "01");
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function start() {
    var script = document.querySelector("script[data-search-index]");
    var form = document.getElementById("search-form");
    var input = document.getElementById("q");
    var status = document.getElementById("search-status");
    var out = document.getElementById("search-results");
    var more = document.getElementById("search-more");
    if (!script || !form || !input || !status || !out) return;
    var field = function (id) { return document.getElementById(id) || { value: "" }; };
    var sort = field("search-sort"), from = field("search-from"), to = field("search-to");
    var indexUrl = script.getAttribute("data-search-index");
    var baseTitle = document.title;
    var index = null;
    function load() { if (!index) index = open(indexUrl); return index; }
    // The manifest is fetched as soon as anyone may search: the box has focus.
    input.addEventListener("focus", load);
    var current = null, seq = 0, typedAt = 0, ranAt = 0;

    function showMore() {
      var c = current, shown = c.shown, step = shown ? MORE : FIRST;
      if (more) more.disabled = true;
      return details(c.ix, c.res, shown, shown + step).then(function (groups) {
        if (c !== current) return;
        render(groups, out);
        if (!shown) {
          // For tests: how long the first results took after the query started and
          // after the last keystroke.
          out.setAttribute("data-first-ms", (performance.now() - ranAt).toFixed(1));
          if (typedAt) out.setAttribute("data-typed-ms", (performance.now() - typedAt).toFixed(1));
        }
        c.shown = Math.min(c.res.groups.length, shown + step);
        var left = c.res.groups.length - c.shown;
        if (more) {
          more.hidden = left <= 0;
          more.disabled = false;
          more.textContent = "Show " + Math.min(left, MORE) + " more (" + plural(left, "meeting") + " left)";
        }
        var res = c.res;
        status.textContent = plural(res.count, "section") + " in " + plural(res.groups.length, "meeting") +
          (c.shown < res.groups.length ? " (" + c.shown + " shown)" : "") + ", " + c.ms.toFixed(1) + " ms";
      });
    }

    function run(push) {
      var q = input.value, opts = { sort: sort.value, from: from.value, to: to.value };
      if (push) {
        var u = new URL(window.location.href);
        [["q", q], ["sort", opts.sort === "relevance" ? "" : opts.sort], ["from", opts.from], ["to", opts.to]].forEach(function (kv) {
          if (kv[1]) u.searchParams.set(kv[0], kv[1]); else u.searchParams.delete(kv[0]);
        });
        window.history.replaceState(null, "", u.toString());
      }
      document.title = q.trim() ? q.trim() + " · " + baseTitle : baseTitle;
      var mine = ++seq;
      ranAt = performance.now();
      current = null;
      if (more) more.hidden = true;
      if (!q.trim() && !opts.from && !opts.to) { out.textContent = ""; status.textContent = ""; return; }
      status.textContent = "Searching…";
      load().then(function (ix) {
        var t0 = performance.now();
        return search(ix, q, opts).then(function (res) {
          if (mine !== seq) return;
          out.textContent = "";
          out.setAttribute("data-query-ms", (performance.now() - t0).toFixed(2));
          if (!res.groups.length) { status.textContent = "Nothing found for " + q + "."; return; }
          current = { ix: ix, res: res, shown: 0, ms: performance.now() - t0 };
          return showMore();
        });
      }).catch(function (e) {
        status.textContent = "Search is unavailable: " + e.message;
      });
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      run(true);
    });
    var timer = null;
    input.addEventListener("input", function () {
      typedAt = performance.now();
      clearTimeout(timer);
      timer = setTimeout(function () { run(true); }, 80);
    });
    [sort, from, to].forEach(function (f) { if (f.addEventListener) f.addEventListener("change", function () { run(true); }); });
    if (more) more.addEventListener("click", function () { if (current) showMore(); });
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    sort.value = params.get("sort") || "relevance";
    if (sort.selectedIndex < 0) sort.value = "relevance";
    from.value = day(params.get("from"), false);
    to.value = day(params.get("to"), true);
    if (input.value || from.value || to.value) run(false);
    else if (document.activeElement === input) load();
  }

  window.minutebookSearch = { parseQuery: parseQuery, words: words, open: open, search: search, details: details, day: day };
  if (typeof document !== "undefined" && document.getElementById) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
})();
