// The staff studio's only script: progressive enhancement. Every form works without it
// (list buttons and "Xem thay đổi" round-trip to the server); with it, lists change in
// place, the old -> new list follows typing, and a notice's body is previewed live.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function token(form) {
    var input = form.querySelector("input[name=csrftoken]");
    return input ? input.value : "";
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function post(url, form, extra) {
    var data = new FormData(form);
    Object.keys(extra || {}).forEach(function (k) { data.set(k, extra[k]); });
    return fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "x-csrftoken": token(form) }
    }).then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); });
  }

  // --- GOV.UK pattern: the error summary takes focus when the page opens ---------------
  var summary = document.querySelector("[data-focus]");
  if (summary) { summary.focus(); }

  // --- lists: add, remove, move up/down without a round trip -----------------------------
  function renumber(fieldset) {
    var path = fieldset.getAttribute("data-list");
    var label = fieldset.getAttribute("data-item-label") || "{n}";
    var items = fieldset.querySelectorAll(":scope > .items > [data-item]");
    var pattern = new RegExp("^(f-)?" + path.replace(/\./g, "[.-]") + "[.-]\\d+");
    items.forEach(function (item, i) {
      var dotted = path + "." + i, dashed = "f-" + path.replace(/\./g, "-") + "-" + i;
      item.querySelectorAll("[name],[id],[for],[aria-describedby],button[value]").forEach(function (el) {
        ["name", "id", "for"].forEach(function (attr) {
          var v = el.getAttribute(attr);
          if (v && pattern.test(v)) {
            el.setAttribute(attr, v.replace(pattern, v.indexOf("f-") === 0 ? dashed : dotted));
          }
        });
        var d = el.getAttribute("aria-describedby");
        if (d) {
          el.setAttribute("aria-describedby", d.split(" ").map(function (x) {
            return pattern.test(x) ? x.replace(pattern, dashed) : x;
          }).join(" "));
        }
        if (el.tagName === "BUTTON" && el.value && el.value.indexOf(":" + path + ".") > 0) {
          el.value = el.value.split(":")[0] + ":" + dotted;
        }
      });
      var text = label.replace("{n}", String(i + 1));
      var head = item.querySelector(".item-label");
      if (head) { head.textContent = text; }
      item.querySelectorAll(".item-buttons .visually-hidden").forEach(function (s) {
        s.textContent = " " + text;
      });
      var up = item.querySelector("[data-move=up]"), down = item.querySelector("[data-move=down]");
      if (up) { up.disabled = i === 0; }
      if (down) { down.disabled = i === items.length - 1; }
    });
  }

  function changed(form) { form.dispatchEvent(new Event("input", { bubbles: true })); }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    var fieldset = button.closest("[data-list]");
    if (!fieldset || (!button.hasAttribute("data-add") && !button.hasAttribute("data-remove")
        && !button.hasAttribute("data-move"))) { return; }
    var list = fieldset.querySelector(":scope > .items");
    var item = button.closest("[data-item]");
    if (button.hasAttribute("data-add")) {
      var last = list.querySelector(":scope > [data-item]:last-child");
      if (!last) { return; } // an empty list: let the server draw the first item
      event.preventDefault();
      var copy = last.cloneNode(true);
      copy.querySelectorAll("input[type=text],input[type=date],textarea").forEach(function (el) {
        el.value = "";
        el.removeAttribute("aria-invalid");
      });
      copy.querySelectorAll(".error-message").forEach(function (el) { el.remove(); });
      copy.classList.remove("has-error");
      list.appendChild(copy);
      renumber(fieldset);
      var first = copy.querySelector("input,textarea");
      if (first) { first.focus(); }
    } else if (button.hasAttribute("data-remove")) {
      event.preventDefault();
      var next = item.nextElementSibling || item.previousElementSibling;
      item.remove();
      renumber(fieldset);
      var target = next ? next.querySelector("input,textarea") : fieldset.querySelector("[data-add]");
      if (target) { target.focus(); }
    } else {
      event.preventDefault();
      if (button.getAttribute("data-move") === "up" && item.previousElementSibling) {
        list.insertBefore(item, item.previousElementSibling);
      } else if (button.getAttribute("data-move") === "down" && item.nextElementSibling) {
        list.insertBefore(item.nextElementSibling, item);
      }
      renumber(fieldset);
      var same = item.querySelector("[data-move=" + button.getAttribute("data-move") + "]");
      (same && !same.disabled ? same : item.querySelector("input,textarea")).focus();
    }
    changed(button.form);
  });

  // --- the old -> new list beside "Lưu", computed by the server as it saves -------------
  var record = document.querySelector("form[data-record][data-changes-url]");
  if (record) {
    var panel = record.querySelector("[data-changes]");
    var refresh = debounce(function () {
      post(record.getAttribute("data-changes-url"), record).then(function (html) {
        panel.innerHTML = html;
      }, function () {});
    }, 400);
    record.addEventListener("input", refresh);
    record.addEventListener("change", refresh);
  }

  // --- a notice's body: toolbar and live preview ------------------------------------------
  var body = document.querySelector("textarea[data-preview]");
  if (body) {
    var pane = document.getElementById(body.getAttribute("data-preview"));
    var title = document.getElementById(pane.getAttribute("aria-labelledby"));
    var form = body.form;
    pane.hidden = false;
    if (title) { title.hidden = false; }
    var update = debounce(function () {
      post("/xem-truoc/noi-dung", form, {}).then(function (html) {
        pane.innerHTML = html; // the server escaped every tag the person typed
      }, function () {});
    }, 300);
    body.addEventListener("input", update);
    update();
    var toolbar = document.querySelector("[data-toolbar='" + body.id + "']");
    if (toolbar) {
      toolbar.hidden = false;
      toolbar.addEventListener("click", function (event) {
        var b = event.target.closest("button[data-markup]");
        if (!b) { return; }
        var start = body.selectionStart, end = body.selectionEnd;
        var text = body.value.slice(start, end);
        var kind = b.getAttribute("data-markup");
        var wrapped = kind === "bold" ? "**" + text + "**"
          : kind === "italic" ? "*" + text + "*"
          : kind === "list" ? text.split("\n").map(function (l) { return "- " + l; }).join("\n")
          : "## " + text;
        body.setRangeText(wrapped, start, end, "end");
        body.focus();
        update();
      });
    }
  }
})();
