// Runs the site's own search worker (as served in site_dir) in Node, without a browser.
// node search_harness.js SITE_DIR QUERY... -> JSON {query: [page locations in result order]}.
const fs = require("fs"), path = require("path"), vm = require("vm"), url = require("url");
const [site, ...queries] = process.argv.slice(2);
const workerDir = path.join(site, "assets/javascripts/workers");
const worker = fs.readdirSync(workerDir).find(n => /^search\..*\.min\.js$/.test(n));
const file = path.join(workerDir, worker);
const sandbox = {
  console, Promise, URL, location: {href: url.pathToFileURL(file).href},
  fetch: async address => {
    const target = url.fileURLToPath(address);
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
