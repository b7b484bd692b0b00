// Runs a vertical's built app, chosen by VERTICAL=<short> (the names in tools/verticals.json):
// one image runs any vertical, each role picked by ROLE. With one vertical, VERTICAL may be unset.
// Usage: VERTICAL=loan ROLE=worker node tools/runtime/vertical-app.js
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '..', '..');
const verticals = JSON.parse(fs.readFileSync(path.join(root, 'tools', 'verticals.json'), 'utf8'));
const names = verticals.map((entry) => entry.short).join(', ');
const wanted = process.env.VERTICAL;
const chosen = wanted
  ? verticals.find((entry) => entry.short === wanted)
  : verticals.length === 1
    ? verticals[0]
    : null;
if (!chosen) {
  process.stderr.write(
    wanted
      ? `baton: no vertical "${wanted}"; the verticals are: ${names}\n`
      : `baton: set VERTICAL to one of: ${names}\n`,
  );
  process.exit(2);
}
require('./register');
const entry = path.join(root, 'dist', 'out-tsc', 'apps', chosen.dir, 'src', 'main.js');
process.argv = [process.argv[0], entry, ...process.argv.slice(2)];
require(entry);
