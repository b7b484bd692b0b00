// Runs one built entry point with @baton/* resolved into dist/out-tsc.
// Usage: node tools/runtime/run.js dist/out-tsc/tools/smoke/smoke.js [args...]
const path = require('node:path');
require('./register');

const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: node tools/runtime/run.js <built-entry.js> [args...]\n');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(entry), ...rest];
require(path.resolve(entry));
