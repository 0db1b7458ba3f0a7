/* outreach: the "share this page" button on procedure pages, without any framework.
   Web Share API where the phone has it (Zalo, Facebook, Messages…), else copy the link to
   the clipboard, else leave the plain link alone (a long press copies its address).
   Messages come from the button's data-* attributes (site/labels.py), not from here. */
(function () {
  "use strict";

  function pageUrl(button) {
    return button.getAttribute("data-share-url") || location.href.split("#")[0].split("?")[0];
  }

  function say(button, text) {
    var status = button.parentNode && button.parentNode.querySelector(".outreach-share__status");
    if (status && text) status.textContent = text;
  }

  // Older browsers and pages served over plain http (no navigator.clipboard).
  function copyBySelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.body.removeChild(area);
    return copied;
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    var button = target && target.closest ? target.closest(".outreach-share__button") : null;
    if (!button) return;
    var url = pageUrl(button);
    if (navigator.share) {
      event.preventDefault();
      navigator.share({
        title: button.getAttribute("data-share-title") || document.title,
        text: button.getAttribute("data-share-text") || "",
        url: url
      }).catch(function () { /* the visitor closed the share sheet */ });
      return;
    }
    var copied = button.getAttribute("data-copied");
    var failed = button.getAttribute("data-failed");
    if (navigator.clipboard && navigator.clipboard.writeText) {
      event.preventDefault();
      navigator.clipboard.writeText(url).then(function () {
        say(button, copied);
      }, function () {
        say(button, copyBySelection(url) ? copied : failed);
      });
      return;
    }
    if (copyBySelection(url)) {
      event.preventDefault();
      say(button, copied);
    }
  });
})();
