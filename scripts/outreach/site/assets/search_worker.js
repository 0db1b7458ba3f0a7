/* outreach search worker (GPL-3.0-or-later, part of outreach; no third-party code).
 *
 * Served at the path of Material for MkDocs' search worker and speaking its message protocol
 * (0 SETUP -> 1 READY, 2 QUERY -> 3 RESULT {items, suggest}), so Material's search box, result
 * list, suggestions and ?h= highlighting stay as they are. The index is prebuilt at build time
 * (outreach/site/search.py): this file folds the query with the same rule the build used and
 * fetches only the postings its words need. Everything put into result HTML is escaped here:
 * Material inserts title and text as HTML.
 */
(function (scope) {
  "use strict";
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var MAX_ITEMS = 30, TEASERS = 10, EXPANSIONS = 60, FIRST_LETTER = 12, MAX_WORDS = 12, MAX_QUERY = 1000;
  var EXACT = 1, PREFIX = 0.8, VARIANT = 0.6, TYPO = 0.4, TYPO_MIN = 5;
  var TITLE = 64, TAGS = 32, TF = 31;
  var WORD = /[\p{L}\p{N}]+/gu, MARKS = /\p{Mn}/gu, SPACE_END = /[\s\p{P}\p{S}]$/u;

  /* The fold of outreach.site.text.fold: lower case, no marks, đ -> d. */
  function fold(text) {
    return String(text).toLowerCase().normalize("NFD").replace(MARKS, "")
      .replace(/\u0111/g, "d").normalize("NFC");
  }

  function words(text) {
    return fold(text).match(WORD) || [];
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[c];
    });
  }

  /* Where the index lives, from this script's own address (also under iframe-worker). */
  var here = (typeof document !== "undefined" && document.currentScript &&
              document.currentScript.src) || scope.location.href;
  var INDEX = new URL("../../../search/outreach/", here).href;

  var core = null, shards = {}, teasers = {};

  var inline = null;

  /* From file:// (USB build with Material's offline plugin) JSON cannot be fetched, but
     scripts load: the build then writes the whole index as one script, all.js. */
  function fromScript(path, absent) {
    if (!inline) {
      inline = Promise.resolve(scope.importScripts(INDEX + "all.js")).then(function () {
        return scope.__outreachIndex;
      });
    }
    return inline.then(function (all) {
      if (path in all) { return all[path]; }
      if (absent !== undefined) { return absent; }
      throw new Error(path + ": not in all.js");
    });
  }

  function getJSON(path, absent) {
    if (INDEX.startsWith("file:")) { return fromScript(path, absent); }
    return fetch(INDEX + path).then(function (response) {
      if (response.status === 404 && absent !== undefined) { return absent; }
      if (!response.ok) { throw new Error(path + ": " + response.status); }
      return response.json();
    });
  }

  function load() {
    if (!core) {
      core = Promise.all([getJSON("pages.json"), getJSON("vocab.json")]).then(function (got) {
        var pages = got[0], vocab = got[1], position = new Map();
        vocab.terms.forEach(function (term, i) { position.set(term, i); });
        return {pages: pages.pages, chunk: pages.chunk, vocab: vocab, position: position};
      });
      core.catch(function () { core = null; });  // a failed fetch is tried again next query
    }
    return core;
  }

  function shardKey(term) {
    var key = "";
    for (var i = 0; i < 2 && i < term.length; i++) {
      key += /[a-z0-9]/.test(term[i]) ? term[i] : "_";
    }
    return key;
  }

  function shard(key) {
    if (!shards[key]) {
      shards[key] = getJSON("t/" + key + ".json", {});  // no word starts so: no file
      shards[key].catch(function () { delete shards[key]; });
    }
    return shards[key];
  }

  function teaserChunk(n) {
    if (!teasers[n]) {
      teasers[n] = getJSON("x/" + n + ".json");
      teasers[n].catch(function () { delete teasers[n]; });
    }
    return teasers[n];
  }

  /* --- which indexed words a query word may mean ------------------------------------- */

  function lowerBound(terms, word) {
    var lo = 0, hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid] < word) { lo = mid + 1; } else { hi = mid; }
    }
    return lo;
  }

  /* i/y are one sound in many syllables: kí/ký, lí/lý, quí/quý. */
  function spellings(word) {
    var out = [""];
    for (var i = 0; i < word.length; i++) {
      var c = word[i], next = [];
      for (var j = 0; j < out.length && out.length < 16; j++) {
        next.push(out[j] + c);
        if (c === "i") { next.push(out[j] + "y"); }
        if (c === "y") { next.push(out[j] + "i"); }
      }
      out = next;
    }
    return out.filter(function (w) { return w !== word; });
  }

  /* At most one letter wrong, missing, extra, or two swapped. */
  function oneEditApart(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) { return false; }
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) { i++; }
    if (a.length === b.length) {
      if (a.slice(i + 1) === b.slice(i + 1)) { return true; }
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  function candidates(index, word, typedSoFar) {
    var terms = index.vocab.terms, found = new Map();
    function add(term, quality) {
      if ((found.get(term) || 0) < quality) { found.set(term, quality); }
    }
    if (index.position.has(word)) { add(word, EXACT); }
    spellings(word).forEach(function (w) { if (index.position.has(w)) { add(w, VARIANT); } });
    if (typedSoFar) {
      var more = [];
      for (var i = lowerBound(terms, word); i < terms.length && terms[i].startsWith(word); i++) {
        if (terms[i] !== word) { more.push(i); }
      }
      // Words of page names first, short ones first (what is typed so far is most of them).
      var titles = index.vocab.titles, df = index.vocab.df;
      more.sort(function (a, b) {
        return (titles[b] > 0) - (titles[a] > 0) || terms[a].length - terms[b].length ||
          df[b] - df[a];
      });
      if (word.length === 1) {  // one letter: only the commonest words of names (fewer files)
        more.sort(function (a, b) { return titles[b] - titles[a]; });
      }
      more.slice(0, word.length === 1 ? FIRST_LETTER : EXPANSIONS).forEach(function (i) {
        add(terms[i], PREFIX);
      });
    }
    // Typos only for a word the site does not have: each candidate may cost another file.
    if (word.length >= TYPO_MIN && !found.size) {
      for (var k = 0; k < terms.length; k++) {
        if (oneEditApart(word, terms[k])) { add(terms[k], TYPO); }
      }
    }
    return found;
  }

  /* --- the query --------------------------------------------------------------------- */

  function analyse(query) {
    var raw = String(query || "").slice(0, MAX_QUERY).normalize("NFC");
    var typed = raw.match(/[\p{L}\p{N}\p{M}]+/gu) || [], seen = new Set(), out = [];
    out.sequence = [];
    typed.forEach(function (token) {
      var folded = words(token).join("");
      if (folded) { out.sequence.push(folded); }
      if (folded && !seen.has(folded) && out.length < MAX_WORDS) {
        seen.add(folded);
        out.push({typed: token, word: folded});
      }
    });
    // The word at the end is still being typed, even when it repeats an earlier one.
    out.typing = typed.length > 0 && !SPACE_END.test(raw);
    if (out.typing) {
      var end = words(typed[typed.length - 1]).join("");
      out.forEach(function (w) { if (w.word === end) { w.typedSoFar = true; } });
    }
    return out;
  }

  function decode(flat) {
    var docs = [], id = 0;
    for (var i = 0; i < flat.length; i += 2) {
      id += flat[i];
      docs.push([id, flat[i + 1]]);
    }
    return docs;
  }

  function fieldScore(weight) {
    var tf = weight & TF;
    return (weight & TITLE ? 10 : 0) + (weight & TAGS ? 10 : 0) + (tf ? 1 + Math.log(tf) : 0);
  }

  /* `superseded()` true: stop (rejects with SUPERSEDED) instead of finishing a stale query. */
  function search(query, superseded) {
    return Promise.resolve().then(function () { return searchNow(query, superseded); });
  }

  function searchNow(query, superseded) {
    var asked = analyse(query);
    if (!asked.length) { return {items: [], query: query}; }
    var unlessSuperseded = function (value) {
      if (superseded && superseded()) { throw SUPERSEDED; }
      return value;
    };
    return load().then(unlessSuperseded).then(function (index) {
      // A single letter after other words narrows little and would cost many files: it waits
      // for its second letter. Alone (the first key pressed) it shows the commonest names.
      var wanted = asked.map(function (w) {
        if (w.typedSoFar && w.word.length === 1 && asked.length > 1) {
          w.waiting = true;
          return new Map();
        }
        return candidates(index, w.word, w.typedSoFar);
      });
      var keys = new Set();
      wanted.forEach(function (m) { m.forEach(function (_, term) { keys.add(shardKey(term)); }); });
      if (asked.length > 1) { keys.add(shardKey(asked[0].word)); }
      return Promise.all(Array.from(keys).map(function (key) {
        return shard(key).then(function (s) { return [key, s]; });
      })).then(unlessSuperseded).then(function (loaded) {
        var got = {};
        loaded.forEach(function (pair) { got[pair[0]] = pair[1]; });
        return rank(index, asked, wanted, got, phraseHits(asked, got));
      }).then(unlessSuperseded).then(function (ranked) {
        return present(index, asked, ranked, query);
      });
    });
  }

  /* Pages with a keyword that is the whole query ("nhap ho khau"), or begins with it. */
  function phraseHits(asked, got) {
    var hits = new Map();
    if (asked.length < 2) { return hits; }
    var phrase = "~" + asked.map(function (w) { return w.word; }).join(" ");
    var typing = asked.typing, entries = got[shardKey(asked[0].word)] || {};
    Object.keys(entries).forEach(function (key) {
      var quality = key === phrase ? EXACT : (typing && key.startsWith(phrase) ? PREFIX : 0);
      var id = 0;
      if (!quality) { return; }
      entries[key].forEach(function (gap) {
        id += gap;
        hits.set(id, Math.max(hits.get(id) || 0, quality));
      });
    });
    return hits;
  }

  function rank(index, asked, wanted, got, phrases) {
    var total = index.pages.length, docs = new Map();
    asked.forEach(function (w, i) {
      var best = new Map();
      wanted[i].forEach(function (quality, term) {
        var postings = (got[shardKey(term)] || {})[term];
        if (!postings) { return; }
        var rarity = Math.log(1 + total / (postings.length / 2));
        decode(postings).forEach(function (posting) {
          var id = posting[0], weight = posting[1];
          var score = quality * 1000 + quality * fieldScore(weight) * rarity;
          var had = best.get(id);
          if (!had || quality > had.quality) {
            // Only the best reading of a word is shown and highlighted: "tru" marks trú, not trực.
            best.set(id, {score: score, quality: quality, title: !!(weight & TITLE), terms: [term]});
          } else if (quality === had.quality) {
            had.terms.push(term);
            if (score > had.score) { had.score = score; had.title = !!(weight & TITLE); }
          }
        });
      });
      best.forEach(function (hit, id) {
        var doc = docs.get(id);
        if (!doc) { docs.set(id, doc = {id: id, score: 0, titleWords: 0, found: [], terms: []}); }
        doc.score += hit.score;
        doc.titleWords += hit.title ? 1 : 0;
        doc.found[i] = true;
        doc.terms = doc.terms.concat(hit.terms);
      });
    });
    var ranked = Array.from(docs.values()), typing = asked.typing;
    var said = asked.sequence.join(" ");
    if (!index.names) {
      index.names = index.pages.map(function (page) { return words(page[1]).join(" "); });
    }
    ranked.forEach(function (doc) {
      var page = index.pages[doc.id], length = page[3] || 1, name = index.names[doc.id];
      // The page's name is what was typed, or begins with what is being typed.
      if (name === said) {
        doc.score += 500;
      } else if (name.startsWith(typing ? said : said + " ")) {
        doc.score += 400;
      }
      // A name holding every word of the query wins; among those, the one with fewest others.
      doc.score += 400 * doc.titleWords / asked.length + 100 * doc.titleWords / length + 50 * ((page[2] || 1) - 1) +
        400 * (phrases.get(doc.id) || 0);
    });
    ranked.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
    return ranked.slice(0, MAX_ITEMS);
  }

  function surfaceForms(index, terms) {
    var forms = new Set();
    terms.forEach(function (term) {
      var i = index.position.get(term), written = i === undefined ? [] : index.vocab.forms[i];
      (written.length ? written : [term]).forEach(function (f) { forms.add(f); });
    });
    return forms;
  }

  /* Escape `text` and mark every word whose fold is one of `terms`. */
  function mark(text, terms) {
    var out = "", at = 0, re = /[\p{L}\p{N}\p{M}]+/gu, m;
    text = String(text).normalize("NFC");
    while ((m = re.exec(text))) {
      out += escapeHtml(text.slice(at, m.index));
      out += terms.has(words(m[0]).join("")) ? "<mark>" + escapeHtml(m[0]) + "</mark>"
        : escapeHtml(m[0]);
      at = m.index + m[0].length;
    }
    return out + escapeHtml(text.slice(at));
  }

  function present(index, asked, ranked, query) {
    var chunks = new Set(), accented = new Map();
    asked.forEach(function (w) {
      var typed = w.typed.toLowerCase();
      if (typed !== w.word) { accented.set(w.word, typed); }
    });
    ranked.slice(0, TEASERS).forEach(function (doc) { chunks.add(Math.floor(doc.id / index.chunk)); });
    return Promise.all(Array.from(chunks).map(teaserChunk)).then(function () {
      return Promise.all(Array.from(chunks).map(function (n) {
        return teasers[n].then(function (rows) { return [n, rows]; });
      }));
    }).then(function (loaded) {
      var rows = {};
      loaded.forEach(function (pair) { rows[pair[0]] = pair[1]; });
      var items = ranked.map(function (doc, rankNo) {
        var page = index.pages[doc.id], matched = new Set(doc.terms), terms = {};
        surfaceForms(index, doc.terms).forEach(function (form) {
          // Typed with marks ("hỗ"): the page highlights that word, not hồ or hộ.
          var own = accented.get(fold(form));
          if (!own || own === form) { terms[form] = true; }
        });
        asked.forEach(function (w, i) {
          if (!doc.found[i] && !w.waiting) { terms[w.typed] = false; }
        });
        var row = rankNo < TEASERS ? rows[Math.floor(doc.id / index.chunk)][doc.id % index.chunk]
          : ["", []];
        var item = {location: page[0], title: mark(page[1], matched), text: mark(row[0], matched),
                    score: doc.score / 1000, terms: terms};
        if (row[1].length) { item.tags = row[1].map(function (t) { return mark(t, matched); }); }
        return [item];
      });
      return {items: items, suggest: suggestion(index, asked, ranked), query: query};
    });
  }

  /* The word being typed, completed: Material shows it only if it starts with what was typed. */
  function suggestion(index, asked, ranked) {
    var last = asked.filter(function (w) { return w.typedSoFar; }).pop();
    if (!last || !ranked.length) { return []; }
    var completions = ranked[0].terms.filter(function (t) {
      return t.startsWith(last.word) && t !== last.word;
    });
    if (!completions.length) { return []; }
    var name = (index.names[ranked[0].id] || "").split(" ");  // a word of the best name first
    completions.sort(function (a, b) { return (name.indexOf(b) >= 0) - (name.indexOf(a) >= 0); });
    var term = completions[0], typed = last.typed, forms = Array.from(surfaceForms(index, [term]));
    var form = forms.find(function (f) { return f.startsWith(typed.toLowerCase()); });
    if (form) { return [typed + form.slice(typed.length)]; }
    if (fold(typed) === typed.toLowerCase()) { return [typed + term.slice(typed.length)]; }
    return [];
  }

  /* --- Material's protocol: answer the newest query; drop those overtaken while loading -- */

  var pending = null, busy = false, SUPERSEDED = {};

  function answer(query) {
    pending = query;
    if (busy) { return; }
    busy = true;
    (function next() {
      var q = pending;
      pending = null;
      // A query typed over while its shards load stops at the next step: the newest one
      // starts sooner (the page drops any stale answer that still gets through).
      search(q, function () { return pending !== null; }).catch(function (error) {
        return error === SUPERSEDED ? null : {items: [], query: q};
      }).then(function (result) {
        if (result !== null && pending === null) {
          scope.postMessage({type: RESULT, data: result});
        }
        if (pending !== null) { next(); } else { busy = false; }
      });
    })();
  }

  scope.outreachSearch = {fold: fold, words: words, analyse: analyse, search: search};

  var inWorker = typeof WorkerGlobalScope !== "undefined" ||
    (typeof parent !== "undefined" && parent !== scope && "IFrameWorker" in parent);
  if (inWorker) {
    scope.addEventListener("message", function (event) {
      var message = event.data || {};
      if (message.type === SETUP) {
        load();  // start fetching while the visitor types the first letter
        scope.postMessage({type: READY});
      } else if (message.type === QUERY) {
        answer(message.data);
      }
    });
  }
})(typeof self !== "undefined" ? self : this);
