// When a header search box gets focus, asks the browser to fetch the search page's
// script and the index manifest, so that they are at hand when the query is sent.
document.addEventListener("focusin", function ahead(e) {
  var f = e.target.form, urls = f && f.getAttribute("data-prefetch");
  if (!urls) return;
  document.removeEventListener("focusin", ahead);
  urls.split(" ").forEach(function (u) {
    var l = document.createElement("link");
    l.rel = "prefetch";
    l.href = u;
    document.head.appendChild(l);
  });
});
