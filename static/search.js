// minutebook search: reads search-index.json (written at build time) on first use and
// answers queries in the page. No framework, no external request. The index format is
// described in docs/search.md and src/search.rs.
(function () {
  "use strict";

  var ALPHABET = "!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
  var HALF = ALPHABET.length / 2;
  var CODE = new Int16Array(128).fill(-1);
  for (var c = 0; c < ALPHABET.length; c++) CODE[ALPHABET.charCodeAt(c)] = c;
  var FILTERS = { team: 1, series: 1, year: 1, person: 1, is: 1 };
  var MAX_GROUPS = 50;

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
    return Uint32Array.from(out);
  }

  /** Turns the JSON into token, word and posting tables. */
  function prepare(raw) {
    var tokens = raw.words ? raw.words.split(" ") : [];
    if (raw.rare) {
      var prev = [];
      raw.rare.split(" ").forEach(function (e) {
        var cur = prev.slice(0, CODE[e.charCodeAt(0)]).concat(Array.from(e.slice(1)));
        tokens.push(cur.join(""));
        prev = cur;
      });
    }
    /** The anchor of an ASCII heading, as src/slug.rs makes it (others are stored). */
    function slug(toks) {
      return Array.prototype.map.call(toks, function (t) { return tokens[t]; }).join(" ")
        .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    }
    var wordId = new Map(), wordList = [];
    var tokWords = tokens.map(function (t) {
      return words(t).map(function (w) {
        var id = wordId.get(w);
        if (id === undefined) { id = wordList.length; wordId.set(w, id); wordList.push(w); }
        return id;
      });
    });
    var postings = wordList.map(function () { return []; });
    var totalLen = 0;
    var docs = raw.docs.map(function (d, i) {
      var toks = decode(d[5]);
      // The document as a stream of word ids, each with the token it came from.
      var ws = [], wt = [];
      for (var k = 0; k < toks.length; k++) {
        var tw = tokWords[toks[k]];
        for (var j = 0; j < tw.length; j++) {
          ws.push(tw[j]); wt.push(k);
          var list = postings[tw[j]];
          if (list[list.length - 1] !== i) list.push(i);
        }
      }
      var len = ws.length;
      totalLen += len;
      var meeting = raw.meetings[d[0]];
      var head = new Set(words(d[2] + " " + meeting[2]));
      var spans = decode(d[4]);
      var anchors = d[6] ? d[6].split(" ") : [];
      var subs = [];
      for (var h = 0; h + 1 < spans.length; h += 2) {
        subs.push({ start: spans[h], len: spans[h + 1], anchor: anchors[h / 2] || slug(toks.subarray(spans[h], spans[h] + spans[h + 1])) });
        for (var q = spans[h]; q < spans[h] + spans[h + 1] && q < toks.length; q++) {
          tokWords[toks[q]].forEach(function (id) { head.add(wordList[id]); });
        }
      }
      return {
        meeting: d[0], team: d[1], heading: d[2], anchor: d[3], toks: toks, len: len, head: head, subs: subs,
        flags: d[7] || 0,
        words: Uint32Array.from(ws), wordTok: Uint32Array.from(wt),
        headIds: Array.from(head).map(function (w) { return wordId.get(w); }).filter(function (x) { return x !== undefined; })
      };
    });
    return {
      raw: raw, tokens: tokens, tokWords: tokWords, wordId: wordId, wordList: wordList,
      postings: postings, docs: docs, avgLen: docs.length ? totalLen / docs.length : 1
    };
  }

  var loading = null;
  function load(url) {
    if (!loading) {
      loading = fetch(url).then(function (r) {
        if (!r.ok) throw new Error("could not load the search index (" + r.status + " " + url + ")");
        return r.json();
      }).then(prepare);
    }
    return loading;
  }

  /** Doc predicate from `team:`, `series:`, `year:`, `person:` and `is:` filters. */
  function filterDocs(ix, f) {
    var teams = null;
    if (f.team.length) {
      teams = new Set();
      f.team.forEach(function (v) {
        // An exact slug wins; otherwise a slug prefix or a word of the name.
        var exact = ix.raw.teams.findIndex(function (t) { return t[1] === v; });
        if (exact >= 0) { teams.add(exact); return; }
        var vw = words(v).join(" ");
        ix.raw.teams.forEach(function (t, i) {
          var name = words(t[0]);
          if (t[1].indexOf(v) === 0 || name.join(" ") === vw || name.indexOf(vw) >= 0) teams.add(i);
        });
      });
    }
    var series = null;
    if (f.series.length) {
      series = new Set();
      ix.raw.series.forEach(function (s, i) {
        f.series.forEach(function (v) { if (s[0] === v || s[0].indexOf(v) === 0) series.add(i); });
      });
    }
    var people = null;
    if (f.person.length) {
      people = new Set();
      (ix.raw.people || []).forEach(function (p, i) {
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
    // `is:decision` (1), `is:action` (2): documents that hold one.
    var flags = 0;
    f.is.forEach(function (v) {
      if (v.indexOf("decision") === 0) flags |= 1;
      else if (v.indexOf("action") === 0 || v === "ai" || v === "todo") flags |= 2;
      else flags |= 4; // an unknown kind selects nothing
    });
    return function (d) {
      if (teams && !teams.has(d.team)) return false;
      var m = ix.raw.meetings[d.meeting];
      if (series && !series.has(m[0])) return false;
      if (f.year.length && f.year.indexOf(m[1].slice(0, 4)) < 0) return false;
      if (people && !(m[4] || []).some(function (p) { return people.has(p); })) return false;
      if (flags && (d.flags & flags) !== flags) return false;
      return true;
    };
  }

  /**
   * Word ids a query word stands for (itself, or every word it starts when a prefix):
   * the ids, a flag per word id, and the documents holding any of them.
   */
  function matchingWords(ix, w, prefix) {
    var ids = [];
    if (!prefix) {
      var id = ix.wordId.get(w);
      if (id !== undefined) ids.push(id);
    } else {
      for (var i = 0; i < ix.wordList.length; i++) if (ix.wordList[i].lastIndexOf(w, 0) === 0) ids.push(i);
    }
    var flags = new Uint8Array(ix.wordList.length);
    var docs = new Set();
    ids.forEach(function (id) {
      flags[id] = 1;
      ix.postings[id].forEach(function (d) { docs.add(d); });
    });
    return { ids: ids, flags: flags, docs: docs };
  }

  /** Runs a query; returns groups of results by meeting, best first. */
  function search(ix, q) {
    var p = parseQuery(q);
    var keep = filterDocs(ix, p.filters);
    var termSets = p.terms.map(function (t, i) {
      // One letter would match a good part of the vocabulary: prefixes start at two.
      return matchingWords(ix, t, p.prefix && i === p.terms.length - 1 && t.length > 1);
    });
    var phraseSets = p.phrases.map(function (ph) {
      return ph.map(function (w) { return matchingWords(ix, w, false); });
    });
    var required = termSets.concat.apply(termSets, phraseSets);
    var candidates = null;
    required.forEach(function (set) {
      var ds = set.docs;
      if (candidates === null) candidates = ds;
      else candidates = new Set(Array.from(candidates).filter(function (d) { return ds.has(d); }));
    });
    var anyFilter = p.filters.team.length || p.filters.series.length || p.filters.year.length ||
      p.filters.person.length || p.filters.is.length;
    if (candidates === null) {
      if (!anyFilter) return { query: p, groups: [], count: 0 };
      candidates = new Set(ix.docs.map(function (_, i) { return i; }));
    }
    var n = ix.docs.length;
    function idfOf(set) {
      var df = set.docs.size;
      return Math.log(1 + (n - df + 0.5) / (df + 0.5));
    }
    // A phrase weighs as much as its rarest word.
    var idf = termSets.map(idfOf).concat(phraseSets.map(function (sets) {
      return Math.max.apply(null, sets.map(idfOf));
    }));
    var results = [];
    candidates.forEach(function (di) {
      var d = ix.docs[di];
      if (!keep(d)) return;
      var ws = d.words, wt = d.wordTok;
      var marked = new Set(), first = -1, score = 0;
      var tf = termSets.map(function () { return 0; });
      for (var i = 0; i < ws.length; i++) {
        for (var t = 0; t < termSets.length; t++) {
          if (termSets[t].flags[ws[i]]) {
            tf[t]++; marked.add(wt[i]);
            if (first < 0) first = wt[i];
          }
        }
      }
      var phraseTf = phraseSets.map(function (sets) {
        var count = 0;
        for (var i = 0; i + sets.length <= ws.length; i++) {
          var ok = true;
          for (var j = 0; j < sets.length && ok; j++) ok = sets[j].flags[ws[i + j]] === 1;
          if (ok) {
            count++;
            for (var j2 = 0; j2 < sets.length; j2++) marked.add(wt[i + j2]);
            if (first < 0 || wt[i] < first) first = wt[i];
          }
        }
        return count;
      });
      if (phraseTf.some(function (c) { return c === 0; }) && phraseSets.length) {
        // Words of a phrase may all occur but not together: no match.
        return;
      }
      var all = tf.concat(phraseTf);
      var norm = 1.2 * (0.25 + 0.75 * d.len / ix.avgLen);
      all.forEach(function (f, i) {
        score += idf[i] * (f * 2.2) / (f + norm);
      });
      // Title and heading boosts.
      p.terms.forEach(function (t, i) {
        if (d.headIds.some(function (id) { return termSets[i].flags[id] === 1; })) score += 0.6 * idf[i];
      });
      p.phrases.forEach(function (ph, i) {
        if (ph.every(function (w) { return d.head.has(w); })) score += 0.6 * idf[termSets.length + i];
      });
      results.push({ doc: di, score: score, marked: marked, first: first });
    });
    // Group by meeting: a meeting ranks by its best section; newer first on ties.
    var groups = new Map();
    results.forEach(function (r) {
      var m = ix.docs[r.doc].meeting;
      var g = groups.get(m);
      if (!g) { g = { meeting: m, score: 0, results: [] }; groups.set(m, g); }
      g.results.push(r);
      if (r.score > g.score) g.score = r.score;
    });
    var list = Array.from(groups.values());
    list.forEach(function (g) { g.results.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; }); });
    list.sort(function (a, b) {
      var ds = Math.round((b.score - a.score) * 1000);
      if (ds !== 0) return ds;
      return ix.raw.meetings[b.meeting][1] < ix.raw.meetings[a.meeting][1] ? -1 : (ix.raw.meetings[b.meeting][1] > ix.raw.meetings[a.meeting][1] ? 1 : b.meeting - a.meeting);
    });
    return { query: p, groups: list, count: results.length };
  }

  /** A window of tokens around the first match, matched tokens in <mark>. */
  function snippet(ix, r, el, from) {
    var d = ix.docs[r.doc];
    if (!d.toks.length) return;
    // Start a little before the first match, but not before the heading linked to.
    var start = Math.max(from, r.first - 12), end = Math.min(d.toks.length, start + 36);
    if (start > 0) el.appendChild(document.createTextNode("… "));
    for (var k = start; k < end; k++) {
      var text = ix.tokens[d.toks[k]] + (k + 1 < end ? " " : "");
      if (r.marked.has(k)) {
        var mark = document.createElement("mark");
        mark.textContent = ix.tokens[d.toks[k]];
        el.appendChild(mark);
        if (k + 1 < end) el.appendChild(document.createTextNode(" "));
      } else {
        el.appendChild(document.createTextNode(text));
      }
    }
    if (end < d.toks.length) el.appendChild(document.createTextNode(" …"));
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /**
   * Where a result links: the heading nearest before its first match inside the
   * document, else the document's own section (or the meeting page).
   */
  function target(ix, r) {
    var d = ix.docs[r.doc], m = ix.raw.meetings[d.meeting];
    var label = d.anchor ? d.heading : m[2], anchor = d.anchor, sub = null;
    d.subs.forEach(function (s) { if (s.anchor && s.start <= r.first) sub = s; });
    if (sub) {
      anchor = sub.anchor;
      label += " › " + Array.prototype.map.call(d.toks.subarray(sub.start, sub.start + sub.len), function (t) { return ix.tokens[t]; }).join(" ");
    }
    return { label: label, href: m[3] + (anchor ? "#" + anchor : ""), from: sub ? sub.start : 0 };
  }

  function render(ix, res, out) {
    out.textContent = "";
    res.groups.slice(0, MAX_GROUPS).forEach(function (g) {
      var m = ix.raw.meetings[g.meeting];
      var li = el("li", "result-meeting");
      var h = el("h2");
      var a = el("a", null, m[2]);
      a.href = m[3];
      h.appendChild(a);
      li.appendChild(h);
      li.appendChild(el("p", "meta", m[1] + " · " + ix.raw.series[m[0]][1]));
      var ol = el("ol", "results");
      g.results.forEach(function (r) {
        var d = ix.docs[r.doc];
        var item = el("li", "result");
        var t = target(ix, r);
        var link = el("a", "result-link", t.label);
        link.href = t.href;
        item.appendChild(link);
        var team = d.team >= 0 ? ix.raw.teams[d.team][0] : "";
        item.appendChild(el("span", "meta", " " + m[1] + (team ? " · " + team : "")));
        var p = el("p", "snippet");
        snippet(ix, r, p, t.from);
        item.appendChild(p);
        ol.appendChild(item);
      });
      li.appendChild(ol);
      out.appendChild(li);
    });
  }

  function start() {
    var script = document.querySelector("script[data-search-index]");
    var form = document.getElementById("search-form");
    var input = document.getElementById("q");
    var status = document.getElementById("search-status");
    var out = document.getElementById("search-results");
    if (!script || !form || !input || !status || !out) return;
    var indexUrl = script.getAttribute("data-search-index");
    var baseTitle = document.title;

    function run(q, push) {
      if (push) {
        var u = new URL(window.location.href);
        if (q) u.searchParams.set("q", q); else u.searchParams.delete("q");
        window.history.replaceState(null, "", u.toString());
      }
      document.title = q.trim() ? q.trim() + " · " + baseTitle : baseTitle;
      if (!q.trim()) { out.textContent = ""; status.textContent = ""; return; }
      status.textContent = "Loading the index…";
      load(indexUrl).then(function (ix) {
        if (input.value !== q) return;
        var t0 = performance.now();
        var res = search(ix, q);
        var ms = performance.now() - t0;
        render(ix, res, out);
        out.setAttribute("data-query-ms", ms.toFixed(2));
        var shown = Math.min(res.groups.length, MAX_GROUPS);
        status.textContent = res.count
          ? res.count + " section" + (res.count === 1 ? "" : "s") + " in " + res.groups.length + " meeting" + (res.groups.length === 1 ? "" : "s") +
            (shown < res.groups.length ? " (first " + shown + " shown)" : "") + ", " + ms.toFixed(1) + " ms"
          : "Nothing found for " + q + ".";
      }).catch(function (e) {
        status.textContent = "Search is unavailable: " + e.message;
      });
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      run(input.value, true);
    });
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value, true); }, 150);
    });
    var q = new URLSearchParams(window.location.search).get("q") || "";
    input.value = q;
    if (q) run(q, false);
  }

  window.minutebookSearch = { parseQuery: parseQuery, words: words, search: search, load: load, prepare: prepare, target: target };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
