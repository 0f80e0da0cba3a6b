// Runs static/search.js outside a browser: `node run.js SEARCH_JS INDEX_JSON QUERY...`
// prints, per query, the parsed query and the results as plain data (one JSON line).
"use strict";
global.window = {};
global.document = { readyState: "complete", querySelector: function () { return null; }, getElementById: function () { return null; } };
var fs = require("fs");
require(process.argv[2]);
var s = window.minutebookSearch;
var raw = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
var ix = s.prepare(raw);
var out = process.argv.slice(4).map(function (q) {
  var res = s.search(ix, q);
  return {
    query: q,
    parsed: s.parseQuery(q),
    groups: res.groups.map(function (g) {
      return g.results.map(function (r) {
        var d = ix.docs[r.doc];
        var t = s.target(ix, r);
        return {
          date: raw.meetings[d.meeting][1],
          team: d.team >= 0 ? raw.teams[d.team][1] : null,
          href: t.href,
          label: t.label,
          marked: Array.from(r.marked).sort(function (a, b) { return a - b; }).map(function (k) { return ix.tokens[d.toks[k]]; })
        };
      });
    })
  };
});
process.stdout.write(JSON.stringify(out) + "\n");
