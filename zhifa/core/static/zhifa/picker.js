/* Type-ahead picker: turns a <select data-picker> into a button that opens a search box and a
   list — typed search by code, name or pinyin initials (each option's data-keys, computed on
   the server), recently used first, and the recent ones as one-tap chips under the button.
   The select stays in the form (hidden) and is what is submitted; without this file it is a
   plain select that works the same. No inline scripts (CSP), no network.

   Markup the server gives: <select data-picker data-recent-group="最近使用"> whose first
   <optgroup label="最近使用"> holds the recent choices (repeated in their own group below). */
(function () {
  "use strict";

  var CHIPS = 4;        // recent choices shown as chips
  var SHOWN = 60;       // options listed at once (the catalog has ~100; a query narrows it)
  var seq = 0;

  function norm(text) {
    return (text || "").toLowerCase().replace(/[\s\-_.·、，,()（）]/g, "");
  }

  function readOptions(select) {
    var recentGroup = select.getAttribute("data-recent-group") || "";
    var seen = {};
    var recent = [];
    var all = [];
    Array.prototype.forEach.call(select.options, function (o, i) {
      if (!o.value) return;
      var group = o.parentNode.tagName === "OPTGROUP" ? o.parentNode.label : "";
      var isRecent = recentGroup && group === recentGroup;
      var entry = seen[o.value];
      if (!entry) {
        entry = {
          value: o.value,
          label: o.textContent.trim(),
          keys: (o.getAttribute("data-keys") || "").split(/\s+/).filter(Boolean),
          group: isRecent ? "" : group,
          order: i,
          recent: -1
        };
        entry.text = norm(entry.label);
        seen[o.value] = entry;
        all.push(entry);
      }
      if (isRecent) {
        entry.recent = recent.length;
        recent.push(entry);
      } else if (!entry.group) {
        entry.group = group;
      }
    });
    return { all: all, recent: recent, recentGroup: recentGroup };
  }

  /* 0: the label (code) begins with it; 1: a key (initials) begins with it; 2: the label holds
     it; 3: a key holds it; -1: no match. */
  function score(entry, q) {
    if (entry.text.indexOf(q) === 0) return 0;
    if (entry.keys.some(function (k) { return k.indexOf(q) === 0; })) return 1;
    if (entry.text.indexOf(q) > 0) return 2;
    if (entry.keys.some(function (k) { return k.indexOf(q) > 0; })) return 3;
    return -1;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function enhance(select) {
    if (select.getAttribute("data-picker-ready")) return null;
    select.setAttribute("data-picker-ready", "1");
    var data = readOptions(select);
    var id = select.id || "pk" + (++seq);
    var empty = select.querySelector("option[value='']");
    var placeholder = empty ? empty.textContent.trim() : "— 请选择 —";

    var box = el("div", "pk");
    var toggle = el("button", "pk-toggle");
    toggle.type = "button";
    toggle.id = id + "-picker";
    toggle.setAttribute("role", "combobox");
    toggle.setAttribute("aria-haspopup", "listbox");
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", id + "-list");
    var chips = el("div", "pk-chips");
    var panel = el("div", "pk-panel");
    panel.hidden = true;
    var search = el("input", "pk-search");
    search.type = "search";
    search.setAttribute("autocomplete", "off");
    search.setAttribute("enterkeyhint", "search");
    search.setAttribute("aria-controls", id + "-list");
    search.setAttribute("aria-label", "查找");
    search.placeholder = "输入编号、名称或拼音首字母，如 sdtt";
    var list = el("ul", "pk-list");
    list.id = id + "-list";
    list.setAttribute("role", "listbox");
    var none = el("p", "pk-none", "没有找到，请换个词");
    none.hidden = true;
    panel.appendChild(search);
    panel.appendChild(list);
    panel.appendChild(none);
    box.appendChild(toggle);
    box.appendChild(chips);
    box.appendChild(panel);
    select.parentNode.insertBefore(box, select.nextSibling);
    select.classList.add("pk-native");
    select.setAttribute("tabindex", "-1");
    select.setAttribute("aria-hidden", "true");
    var label = document.querySelector("label[for='" + select.id + "']");
    if (label) label.htmlFor = toggle.id;

    var active = -1;
    var shown = [];

    function chosen() {
      return data.all.filter(function (e) { return e.value === select.value; })[0] || null;
    }

    function paint() {
      var c = chosen();
      toggle.textContent = c ? c.label : placeholder;
      toggle.classList.toggle("pk-empty", !c);
      Array.prototype.forEach.call(chips.children, function (chip) {
        chip.setAttribute("aria-pressed", chip.getAttribute("data-value") === select.value ? "true" : "false");
      });
    }

    function choose(value) {
      select.value = value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      close();
      toggle.focus();
    }

    function option(entry, i) {
      var li = el("li", "pk-option", entry.label);
      li.id = id + "-opt-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("data-value", entry.value);
      li.setAttribute("aria-selected", entry.value === select.value ? "true" : "false");
      if (/不可承办/.test(entry.label)) li.classList.add("pk-warn");
      return li;
    }

    function group(text) {
      var li = el("li", "pk-group", text);
      li.setAttribute("role", "presentation");
      return li;
    }

    function render() {
      var q = norm(search.value);
      list.innerHTML = "";
      shown = [];
      active = -1;
      if (!q) {
        if (data.recent.length) {
          list.appendChild(group(data.recentGroup));
          data.recent.forEach(function (e) { shown.push(e); list.appendChild(option(e, shown.length - 1)); });
        }
        var last = null;
        data.all.forEach(function (e) {
          if (e.recent >= 0 || shown.length >= SHOWN + data.recent.length) return;
          if (e.group && e.group !== last) { list.appendChild(group(e.group)); last = e.group; }
          shown.push(e);
          list.appendChild(option(e, shown.length - 1));
        });
      } else {
        data.all
          .map(function (e) { return { e: e, s: score(e, q) }; })
          .filter(function (r) { return r.s >= 0; })
          .sort(function (a, b) {
            return a.s - b.s ||
              (a.e.recent < 0 ? 1e6 : a.e.recent) - (b.e.recent < 0 ? 1e6 : b.e.recent) ||
              a.e.order - b.e.order;
          })
          .slice(0, SHOWN)
          .forEach(function (r) { shown.push(r.e); list.appendChild(option(r.e, shown.length - 1)); });
        if (shown.length) highlight(0);
      }
      none.hidden = shown.length > 0;
    }

    function highlight(i) {
      var items = list.querySelectorAll(".pk-option");
      if (!items.length) return;
      active = Math.max(0, Math.min(i, items.length - 1));
      Array.prototype.forEach.call(items, function (li, j) { li.classList.toggle("pk-active", j === active); });
      search.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function open() {
      panel.hidden = false;
      box.classList.add("pk-open");
      toggle.setAttribute("aria-expanded", "true");
      search.value = "";
      render();
      search.focus(); /* in the tap's own handler: the phone's keyboard comes up */
    }

    function close() {
      panel.hidden = true;
      box.classList.remove("pk-open");
      toggle.setAttribute("aria-expanded", "false");
      search.removeAttribute("aria-activedescendant");
    }

    data.recent.slice(0, CHIPS).forEach(function (e) {
      var chip = el("button", "pk-chip", e.label);
      chip.type = "button";
      chip.setAttribute("data-value", e.value);
      chip.title = e.label;
      chip.addEventListener("click", function () { choose(e.value); });
      chips.appendChild(chip);
    });
    if (data.recent.length) chips.setAttribute("aria-label", data.recentGroup);
    else chips.hidden = true;

    toggle.addEventListener("click", function () { if (panel.hidden) open(); else close(); });
    search.addEventListener("input", render);
    search.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active - 1); }
      else if (e.key === "Enter") {
        e.preventDefault(); /* never submits the form from the search box */
        if (active >= 0 && shown[active]) choose(shown[active].value);
      } else if (e.key === "Escape") { e.preventDefault(); close(); toggle.focus(); }
    });
    list.addEventListener("click", function (e) {
      var li = e.target.closest(".pk-option");
      if (li) choose(li.getAttribute("data-value"));
    });
    document.addEventListener("click", function (e) {
      if (!panel.hidden && !box.contains(e.target)) close();
    });
    select.addEventListener("change", paint);
    paint();
    return { open: open, close: close, choose: choose };
  }

  window.zhifaPicker = { enhance: enhance, norm: norm };
  document.querySelectorAll("select[data-picker]").forEach(enhance);
})();
