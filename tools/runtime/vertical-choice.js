// Which vertical of tools/verticals.json a command means: the one named, or the only one when
// none is. Plain JavaScript, so the image's launcher and `npm start` use it before anything is
// built. (tools/verticals.ts applies the same rule to the typed list the tools load.)
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '..', '..');

/**
 * The vertical `wanted` names, or the only one; otherwise an Error whose message names the
 * verticals, with `hint` (how to name one) when none was named.
 */
function chooseVertical(wanted, hint) {
  const verticals = JSON.parse(fs.readFileSync(path.join(root, 'tools', 'verticals.json'), 'utf8'));
  const names = verticals.map((entry) => entry.short).join(', ');
  const chosen = wanted
    ? verticals.find((entry) => entry.short === wanted)
    : verticals.length === 1
      ? verticals[0]
      : null;
  if (chosen) return chosen;
  throw new Error(wanted ? `no vertical "${wanted}"; the verticals are: ${names}` : `${hint}: ${names}`);
}

module.exports = { chooseVertical, root };
