// Runs Material's real search worker (and our lunr.vi) in Node, without a browser.
// node search_harness.js SITE_DIR QUERY... -> JSON {query: [locations in result order]}.
const fs = require("fs"), path = require("path"), vm = require("vm");
const [site, ...queries] = process.argv.slice(2);
const workerDir = path.join(site, "assets/javascripts/workers");
const worker = fs.readdirSync(workerDir).find(n => /^search\..*\.min\.js$/.test(n));
const listeners = [];
const posted = [];
const sandbox = {
  console, Promise, setTimeout, URL, TextEncoder, TextDecoder,
  addEventListener: (type, fn) => { if (type === "message") listeners.push(fn); },
  postMessage: msg => posted.push(msg),
  importScripts: (...urls) => {
    for (const url of urls) {
      const file = path.resolve(workerDir, url);
      vm.runInContext(fs.readFileSync(file, "utf8"), sandbox, { filename: file });
    }
  },
};
sandbox.self = sandbox;
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(path.join(workerDir, worker), "utf8"), sandbox);
const index = JSON.parse(fs.readFileSync(path.join(site, "search/search_index.json"), "utf8"));
async function send(msg) {
  posted.length = 0;
  for (const fn of listeners) await fn({ data: msg });
  for (let i = 0; i < 50 && !posted.length; i++) await new Promise(r => setTimeout(r, 1));
  return posted[0];
}
(async () => {
  await send({ type: 0, data: { ...index, options: { suggest: true } } });
  const out = {};
  for (const q of queries) {
    const res = await send({ type: 2, data: q });
    out[q] = res.data.items.map(group => group[0].location);
  }
  process.stdout.write(JSON.stringify(out));
})();
