// Runs the site's own search worker (as served in site_dir) in Node, without a browser.
// node search_harness.js SITE_DIR QUERY... -> JSON {query: [page locations in result order]}.
const fs = require("fs"), path = require("path"), vm = require("vm");
const [site, ...queries] = process.argv.slice(2);
const workerDir = path.join(site, "assets/javascripts/workers");
const worker = fs.readdirSync(workerDir).find(n => /^search\..*\.min\.js$/.test(n));
const file = path.join(workerDir, worker);
// The worker is given an http address (as on a web host) that maps back to site_dir.
const HOST = "http://site.invalid/";
const sandbox = {
  console, Promise, URL,
  location: {href: HOST + path.relative(site, file).split(path.sep).join("/")},
  fetch: async address => {
    const target = path.join(site, decodeURIComponent(new URL(address).pathname));
    const ok = fs.existsSync(target);
    return {ok, status: ok ? 200 : 404, json: async () => JSON.parse(fs.readFileSync(target, "utf8"))};
  },
};
sandbox.self = sandbox;
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(file, "utf8"), sandbox, {filename: file});
(async () => {
  const out = {};
  for (const q of queries) {
    const result = await sandbox.outreachSearch.search(q);
    out[q] = result.items.map(group => group[0].location);
  }
  process.stdout.write(JSON.stringify(out));
})();
