/* Small DOM helpers of the judge's tablet: build elements, fill "{name}" templates, a toast,
 * a server time shown in the contest's time zone. No state of their own beyond the toast's timer.
 */
(function (global) {
  "use strict";

  /* el("button", {class: "x", text: "Gửi", onclick: f}, [children]): null/false props and children are skipped. */
  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (name) {
      var value = props[name];
      if (value == null || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name.slice(0, 2) === "on") node.addEventListener(name.slice(2), value);
      else if (name === "class") node.className = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child != null && child !== false) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }

  /* A stored time (UTC, with or without its "Z") as hh:mm:ss in ``timeZone``. */
  function clockTime(iso, timeZone) {
    if (!iso) return "";
    var text = /[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : iso + "Z";  // the server stores UTC
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang || "vi", {
        hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: timeZone,
      }).format(new Date(text));
    } catch (error) { return iso; }
  }

  function toast(message) {
    var node = document.getElementById("toast");
    node.textContent = message;
    node.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { node.hidden = true; }, 2500);
  }

  global.JudgeDom = { el: el, fill: fill, clockTime: clockTime, toast: toast };
})(window);
