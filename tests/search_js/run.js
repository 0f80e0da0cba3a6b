// Runs static/search.js outside a browser: `node run.js SEARCH_JS INDEX_JSON QUERY...`
// prints, per query, the parsed query and the results as plain data (one JSON line).
// A query may carry options after a tab: `zuul\t{"sort":"newest"}`. Shards are read
// from the folder beside the manifest; the files read are listed too.
"use strict";
global.window = {};
var fs = require("fs"), path = require("path");
require(process.argv[2]);
var s = window.minutebookSearch;
var manifest = process.argv[3];
var fetched = [];
function get(url) {
  fetched.push(url);
  return Promise.resolve(JSON.parse(fs.readFileSync(url, "utf8")));
}
s.open(manifest, get).then(function (ix) {
  var queries = process.argv.slice(4);
  var out = [];
  return queries.reduce(function (done, arg) {
    return done.then(function () {
      var parts = arg.split("\t"), q = parts[0], opts = parts[1] ? JSON.parse(parts[1]) : {};
      return s.search(ix, q, opts).then(function (res) {
        return s.details(ix, res, 0, res.groups.length).then(function (groups) {
          out.push({
            query: q,
            parsed: s.parseQuery(q),
            count: res.count,
            groups: groups.map(function (g) {
              return g.results.map(function (r) {
                return {
                  date: r.date,
                  team: r.team ? r.team[1] : null,
                  href: r.href,
                  label: r.label,
                  marked: Array.from(r.marked).sort(function (a, b) { return a - b; }).map(function (k) { return r.toks[k]; })
                };
              });
            })
          });
        });
      });
    });
  }, Promise.resolve()).then(function () {
    process.stdout.write(JSON.stringify({ results: out, fetched: fetched.map(function (f) { return path.relative(path.dirname(manifest), f); }) }) + "\n");
  });
}).catch(function (e) { console.error(e); process.exit(1); });
