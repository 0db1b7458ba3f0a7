"""Asking a built site's own search worker, in chromium, what it finds.

The page loads the worker the site serves (the URL Material's page config names) and speaks
Material's worker protocol to it (SETUP with search/search_index.json, then one QUERY at a time),
so tests and the benchmark rank exactly as the search box does, thousands of queries a minute.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from browser_support import procedure_path

CLIENT = """async () => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const base = new URL(config.base, location.href);
  const index = await (await fetch(new URL("search/search_index.json", base))).json();
  const worker = new Worker(new URL(config.search, location.href));
  let waiting = null;
  worker.onmessage = event => {
    if (waiting) { const done = waiting; waiting = null; done(event.data); }
  };
  const send = message => new Promise(resolve => {
    waiting = resolve;
    worker.postMessage(message);
  });
  await send({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: true}}});
  window.__askSearch = async query => {
    const answer = await send({type: 2, data: query});
    return answer.data;
  };
}"""

ASK = """async queries => {
  const out = [];
  for (const query of queries) {
    const result = await window.__askSearch(query);
    out.push({pages: result.items.map(group => group[0].location.split("#")[0]),
              suggest: result.suggest || [], items: result.items.slice(0, 3)});
  }
  return out;
}"""

Ask = Callable[[list[str]], list[dict]]


def worker_client(page) -> Ask:
    """A function asking the page's search worker a batch of queries -> answers, in order.

    Each answer: {"pages": [page locations best first], "suggest": [...], "items": top 3 groups}.
    """
    page.evaluate(CLIENT)

    def ask(queries: list[str]) -> list[dict]:
        answers: list[dict] = []
        for start in range(0, len(queries), 200):
            answers += page.evaluate(ASK, queries[start:start + 200])
        return answers

    return ask


def fold(text: str) -> str:
    """Python's own accent fold (oracle for the JavaScript one): NFD, drop marks, đ -> d."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(c)).lower()


@dataclass(frozen=True)
class Probe:
    form: str          # accented, unaccented, nfd, capitals, prefix60, keyword
    query: str
    wanted: frozenset  # page paths that count as "its own page" (twins share a name)
    plausible: frozenset = frozenset()  # for a prefix: pages of every name starting with it


def catalogue_queries(procedures: Iterable, everyone: Iterable | None = None) -> list[Probe]:
    """Each procedure's name in five forms and each of its keywords, with the pages that count.

    Procedures with the same name (after folding) are twins: any of their pages counts.
    `everyone` is the whole catalogue when `procedures` is a sample of it.
    """
    procedures = list(procedures)
    everyone = list(everyone if everyone is not None else procedures)
    by_name: dict[str, set[str]] = {}
    by_keyword: dict[str, set[str]] = {}
    for p in everyone:
        by_name.setdefault(fold(p.name), set()).add(procedure_path(p.code))
        for keyword in p.keywords:
            by_keyword.setdefault(fold(keyword), set()).add(procedure_path(p.code))
    names = [(fold(p.name), procedure_path(p.code)) for p in everyone]
    probes = []
    for p in procedures:
        wanted = frozenset(by_name[fold(p.name)])
        prefix = p.name[:math.ceil(len(p.name) * 0.6)]
        typed = fold(prefix).strip()  # "… chính " still means "Đăng ký … chính" too
        starting = frozenset(path for name, path in names if name.startswith(typed))
        probes += [Probe("accented", p.name, wanted),
                   Probe("unaccented", fold(p.name), wanted),
                   Probe("nfd", unicodedata.normalize("NFD", p.name), wanted),
                   Probe("capitals", p.name.upper(), wanted),
                   Probe("prefix60", prefix, wanted, starting)]
        # A prefix no other name starts with can only mean this procedure.
        if starting == wanted:
            probes.append(Probe("prefix60_unique", prefix, wanted))
        for keyword in p.keywords:
            probes.append(Probe("keyword", keyword, frozenset(by_keyword[fold(keyword)])))
    return probes


def hit_rates(ask: Ask, probes: list[Probe], _procedures: Iterable = ()) -> dict[str, dict]:
    """{form: {"top1": share, "top3": share, "n": count, "misses": first few misses}}.

    Prefix forms also get "top1_plausible": the first result's name starts with the prefix.
    """
    answers = ask([p.query for p in probes])
    rates: dict[str, dict] = {}
    for probe, answer in zip(probes, answers, strict=True):
        pages = answer["pages"]
        row = rates.setdefault(probe.form, {"top1": 0, "top3": 0, "n": 0, "misses": []})
        row["n"] += 1
        if probe.plausible:  # the first result is at least a name that starts so
            row["top1_plausible"] = row.get("top1_plausible", 0) + (
                bool(pages[:1]) and pages[0] in probe.plausible)
        row["top1"] += bool(pages[:1]) and pages[0] in probe.wanted
        row["top3"] += any(page in probe.wanted for page in pages[:3])
        if not (pages[:1] and pages[0] in probe.wanted) and len(row["misses"]) < 5:
            row["misses"].append([probe.query, sorted(probe.wanted)[:2], pages[:3]])
    for row in rates.values():
        for key in ("top1", "top3", "top1_plausible"):
            if key in row:
                row[key] /= row["n"]
    return rates
