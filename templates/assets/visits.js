// Marks list items that are new since the reader's last visit to this list.
// Progressive: without JavaScript or storage nothing is marked and nothing breaks.
(function () {
  "use strict";
  var lists = document.querySelectorAll("main ul.cards");
  if (!lists.length) return;
  var key = "briefing:seen:" + location.pathname;
  var store;
  try { store = window.localStorage; store.getItem(key); } catch (e) { return; }
  var seen = null;
  try { seen = JSON.parse(store.getItem(key) || "null"); } catch (e) { seen = null; }
  var known = {};
  (seen || []).forEach(function (url) { known[url] = true; });
  var now = [];
  lists.forEach(function (list) {
    list.querySelectorAll("li.card").forEach(function (item) {
      var link = item.querySelector(".card-title a");
      if (!link) return;
      var url = link.getAttribute("href");
      now.push(url);
      if (seen && !known[url]) {
        item.classList.add("is-new");
        var badge = document.createElement("span");
        badge.className = "new-badge";
        badge.textContent = "New since your last visit";
        link.parentNode.insertBefore(badge, link.nextSibling);
      }
    });
  });
  var merged = now.concat((seen || []).filter(function (url) { return now.indexOf(url) < 0; }));
  try { store.setItem(key, JSON.stringify(merged.slice(0, 400))); } catch (e) { /* storage full */ }
})();
