// Runs a vertical's built app, chosen by VERTICAL=<short> (the names in tools/verticals.json):
// one image runs any vertical, each role picked by ROLE. With one vertical, VERTICAL may be unset.
// Usage: VERTICAL=loan ROLE=worker node tools/runtime/vertical-app.js
const path = require('node:path');
const { chooseVertical, root } = require('./vertical-choice');

let chosen;
try {
  chosen = chooseVertical(process.env.VERTICAL, 'set VERTICAL to one of');
} catch (error) {
  process.stderr.write(`baton: ${error.message}\n`);
  process.exit(2);
}
require('./register');
const entry = path.join(root, 'dist', 'out-tsc', 'apps', chosen.dir, 'src', 'main.js');
process.argv = [process.argv[0], entry, ...process.argv.slice(2)];
require(entry);
