"""Bytes a Pagefind query fetches: `python3 measure.py SITE QUERY...`, run in the folder
served on 127.0.0.1:18931, SITE a Pagefind output folder in it holding query.html."""
import json, subprocess, sys, gzip, os, re
site = sys.argv[1]
for q in sys.argv[2:]:
    url = f"http://127.0.0.1:18931/{site}/query.html?{q}"
    out = subprocess.run(["timeout","90","chromium","--headless","--no-sandbox","--disable-gpu","--disable-background-networking","--disable-component-update","--disable-sync","--no-first-run","--virtual-time-budget=30000","--dump-dom",url],capture_output=True,text=True).stdout
    m = re.search(r'<pre id="out">(.*?)</pre>', out, re.S)
    txt = m.group(1) if m else "?"
    try: v = json.loads(txt.replace("&quot;",'"'))
    except Exception: print(q, "failed", txt[:200]); continue
    total = 0
    for f in set(v["files"]):
        p = os.path.join(os.getcwd(), f.lstrip("/"))
        if not os.path.isfile(p): continue
        b = open(p,"rb").read()
        # Pagefind's own files are gzipped already; scripts and JSON would be by the host.
        total += len(b) if re.search(r"pf_|\.pagefind$", p) else len(gzip.compress(b))
    print(f"{site} {q}: {total} bytes in {len(set(v['files']))} files, {v['ms']:.0f} ms, {v['count']} results, first {v['urls'][:3]}")
