// Decodes a minutebook search-index.json into one JSON record per doc (for the Pagefind prototype).
const fs = require("fs"), vm = require("vm");
const src = fs.readFileSync(process.argv[2], "utf8");
const ctx = { window: {}, document: { readyState: "complete", querySelector: () => null, getElementById: () => null }, performance, URL, URLSearchParams, Uint32Array, Int16Array, Uint8Array, Map, Set, Math, Array };
vm.createContext(ctx); vm.runInContext(src, ctx);
const raw = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const ix = ctx.window.minutebookSearch.prepare(raw);
const out = fs.createWriteStream(process.argv[4]);
ix.docs.forEach((d, i) => {
  const m = raw.meetings[d.meeting];
  const text = Array.from(d.toks, t => ix.tokens[t]).join(" ");
  out.write(JSON.stringify({ url: m[3] + (d.anchor ? "#" + d.anchor : "") + (d.anchor ? "" : "#m" + i), title: (d.anchor ? d.heading + " · " : "") + m[2], date: m[1], text,
    team: d.team >= 0 ? raw.teams[d.team][1] : "", series: raw.series[m[0]][0], year: m[1].slice(0, 4), flags: d.flags,
    people: (m[4] || []).map(p => raw.people[p][1]) }) + "\n");
});
out.end();
