/* The projector after a ceremony: the standings as they moved team by team, in the side panel.
   Once the ceremony's steps stop changing, it asks the server for the picture of the revealed
   stage; the server answers 404 until the ceremony has sent its last step, so nothing shows early.
   The picture is inline SVG (text in currentColor follows the dark or light theme). */
(function () {
  "use strict";
  var side = document.querySelector(".pj-side");
  if (!side) return;
  var box = document.createElement("section");
  box.className = "pj-movement";
  box.hidden = true;
  side.insertBefore(box, side.querySelector(".pj-qr"));
  var asked = null;

  function hide() {
    box.hidden = true;
    box.innerHTML = "";
    document.body.classList.remove("movement-on");
  }

  document.addEventListener("standings:change", function (event) {
    var c = event.detail, s = c.state;
    if (!s || !c.static) return;
    var key = s.m === "reveal" ? c.static.round.slug + "|" + (s.rc || 0) + "|" + s.rs : null;
    if (key === asked) return;
    asked = key;
    if (!key) { hide(); return; }
    // This page is <prefix>/c/<slug>/projector; the picture is <prefix>/c/<slug>/rounds/<round>/movement.svg.
    var url = window.location.pathname.replace(/\/projector\/?$/, "") + "/rounds/" +
              encodeURIComponent(c.static.round.slug) + "/movement.svg?cluster=" + (s.rc || "");
    fetch(url, { credentials: "same-origin", cache: "no-cache" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (svg) {
        if (asked !== key) return;  // a newer step came meanwhile
        if (!svg) { hide(); return; }
        box.innerHTML = svg;
        box.hidden = false;
        document.body.classList.add("movement-on");
      })
      .catch(function () { /* the next change asks again */ asked = null; });
  });
})();
