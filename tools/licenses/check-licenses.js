// Fails when a production dependency's licence is neither in allowed-licenses.json nor an exception
// listed there. Plain JavaScript, so `npm run lint` runs it before anything is built; licensee reads
// node_modules offline and evaluates SPDX expressions properly ("MIT AND GPL-3.0" is not allowed).
// Usage: node tools/licenses/check-licenses.js [--root <dir with node_modules>] [--policy <file>]
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const licensee = require('licensee');

const { values: args } = parseArgs({
  options: {
    root: { type: 'string', default: path.resolve(__dirname, '..', '..') },
    policy: { type: 'string', default: path.join(__dirname, 'allowed-licenses.json') },
  },
});

const policy = JSON.parse(fs.readFileSync(args.policy, 'utf8'));
for (const exception of policy.exceptions) {
  if (!exception.package || !exception.version || !exception.license || !exception.reason) {
    fail(`${args.policy}: every exception needs package, version, license and reason`, exception);
  }
}

// licensee takes one semver range per package name: exact versions joined with `||`.
const exceptedVersions = {};
for (const { package: name, version } of policy.exceptions) {
  exceptedVersions[name] = exceptedVersions[name] ? `${exceptedVersions[name]} || ${version}` : version;
}

const configuration = {
  licenses: { spdx: policy.licenses },
  packages: exceptedVersions,
  productionOnly: true,
  // No crowd-sourced rewriting of licence metadata: every odd case is an exception with a reason.
  corrections: false,
};

licensee(configuration, args.root, (error, dependencies) => {
  if (error) fail(`licences: could not read ${args.root}: ${error.message}`);
  for (const { package: name, version } of policy.exceptions) {
    if (!dependencies.some((d) => d.name === name && d.version === version)) {
      console.warn(`licences: exception ${name}@${version} matches no production package; remove it`);
    }
  }
  const rejected = dependencies.filter((dependency) => !dependency.approved);
  if (rejected.length > 0) {
    const listed = rejected.map((d) => `  ${d.name}@${d.version}: ${JSON.stringify(d.license ?? null)}`);
    fail(
      [
        `licences: ${rejected.length} production package(s) with a licence not allowed by ${args.policy}:`,
        ...listed,
        'Allow a licence there only if it is permissive; for missing or odd metadata add a pinned exception with a reason.',
      ].join('\n'),
    );
  }
  // licensee marks `package: true` on what its package allowlist (our exceptions) approved.
  const excepted = dependencies.filter((dependency) => dependency.package).map((d) => `${d.name}@${d.version}`);
  console.log(
    `licences: ${dependencies.length} production packages allowed, ${excepted.length} by exception` +
      (excepted.length > 0 ? ` (${excepted.join(', ')})` : ''),
  );
});

function fail(message, detail) {
  console.error(message);
  if (detail !== undefined) console.error(detail);
  process.exit(1);
}
