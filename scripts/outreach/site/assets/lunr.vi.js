/* outreach: Vietnamese for Material's search, replacing lunr-languages' lunr.vi.
 *
 * Why: citizens type "dang ky thuong tru" for "đăng ký thường trú". Every indexed word and
 * every query term is folded the same way (lower case, no tone or vowel marks, đ -> d), so
 * a query matches with or without marks. Positions come from the tokenizer, so Material
 * still highlights the accented words in results. The outreach hook serves this file at
 * assets/javascripts/lunr/min/lunr.vi.min.js, which Material's search worker loads for
 * `search: lang: vi` (see outreach/site/search.py).
 */
(function (root) {
  "use strict";
  var lunr = root.lunr;
  if (!lunr) { throw new Error("lunr missing: load Material's search worker first"); }
  var MARKS = /[\u0300-\u036f]/g;
  var EDGES = /^[^\p{L}\p{N}*]+|[^\p{L}\p{N}*]+$/gu;

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(MARKS, "")
      .replace(/\u0111/g, "d").replace(EDGES, "");
  }

  function foldToken(token) {
    var folded = fold(token.toString());
    return folded ? token.update(function () { return folded; }) : null;
  }
  lunr.Pipeline.registerFunction(foldToken, "outreach-fold-vi");

  lunr.vi = function () {
    this.pipeline.reset();
    this.pipeline.add(foldToken);
    this.searchPipeline.reset();
    this.searchPipeline.add(foldToken);
  };
  lunr.vi.fold = fold;
  lunr.vi.wordCharacters = "\\p{L}\\p{N}";

  // Material adds a trailing wildcard to every query term, and lunr skips the search
  // pipeline for wildcard terms: fold each clause's term here so "đăng*" becomes "dang*".
  // Folding makes short syllables share prefixes ("ho*" matches hòa, họ, hồ…), so a
  // whole-word match gets an extra exact clause that outweighs mere prefix matches.
  var EXACT_BOOST = 10;
  var clause = lunr.Query.prototype.clause;
  lunr.Query.prototype.clause = function (spec) {
    if (!spec || typeof spec.term !== "string") { return clause.call(this, spec); }
    var folded = fold(spec.term);
    if (!/[\p{L}\p{N}]/u.test(folded)) { return clause.call(this, spec); }
    var word = folded.replace(/\*+$/, "");
    var prefix = word !== folded ||
      (spec.wildcard & lunr.Query.wildcard.TRAILING) === lunr.Query.wildcard.TRAILING;
    if (prefix && word && word.indexOf("*") === -1 && spec.presence !== lunr.Query.presence.PROHIBITED) {
      var exact = {
        term: word, boost: (spec.boost || 1) * EXACT_BOOST, usePipeline: false,
        wildcard: lunr.Query.wildcard.NONE, presence: lunr.Query.presence.OPTIONAL
      };
      if (spec.fields) { exact.fields = spec.fields; }
      clause.call(this, exact);
    }
    spec.term = folded;
    return clause.call(this, spec);
  };
})(typeof self !== "undefined" ? self : this);
