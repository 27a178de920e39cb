/* Make text fit the public screens instead of cutting it ("Đảng bộ Khối các trường đại học,
 * cao đẳng Hà Nội" on a 35-team board, a 9-judge score card at 1280×720): a name first wraps onto
 * two lines, then shrinks; a table shrinks its type until it is as wide as its box. */
(function () {
  "use strict";
  var MIN_SCALE = 0.4, STEP = 0.92;

  /* Wider than its own box, or taller than its parent (a row of fixed height). */
  function overflows(el) {
    return el.scrollWidth > el.clientWidth || el.offsetHeight > el.parentElement.clientHeight;
  }

  /* One name in a row of fixed height: one line, else two lines, else smaller type. */
  function fitName(el) {
    el.classList.remove("fit-wrap");
    el.style.fontSize = "";
    if (!overflows(el)) return;
    el.classList.add("fit-wrap");
    var scale = 0.86;  // two lines of full-size type would touch the row's edges
    el.style.fontSize = scale + "em";
    while (overflows(el) && scale > MIN_SCALE) {
      scale *= STEP;
      el.style.fontSize = scale + "em";
    }
  }

  /* A table whose columns all have to show (judges' scores): shrink until it fits its box. */
  function fitTable(table, box) {
    table.style.fontSize = "";
    var available = box.clientWidth - parseFloat(getComputedStyle(box).paddingLeft) -
      parseFloat(getComputedStyle(box).paddingRight);
    var size = parseFloat(getComputedStyle(table).fontSize), floor = size * MIN_SCALE;
    var width = function () { return table.getBoundingClientRect().width; };
    while (width() > available + 1 && size > floor) {
      size = Math.max(floor, size * Math.min(STEP, available / width()));
      table.style.fontSize = size + "px";
    }
  }

  /* A list in a box of fixed size (the revealed places, the TV slate): smaller type until every
   * row shows (a list set in columns overflows sideways). */
  function fitHeight(list) {
    list.style.fontSize = "";
    var size = parseFloat(getComputedStyle(list).fontSize), floor = size * MIN_SCALE;
    while ((list.scrollHeight > list.clientHeight + 1 || list.scrollWidth > list.clientWidth + 1) && size > floor) {
      size *= STEP;
      list.style.fontSize = size + "px";
    }
  }

  function fitAll(root, selector) {
    (root || document).querySelectorAll(selector).forEach(fitName);
  }

  /* Run ``fit`` now, when the web font has arrived (widths change) and after a resize. */
  function whenLaidOut(fit) {
    fit();
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(fit);
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(fit, 100);
    });
  }

  window.screenFit = { name: fitName, names: fitAll, table: fitTable, height: fitHeight, whenLaidOut: whenLaidOut };
})();
