// Writes each Jest run's counts to dist/test-results so tools/test/run-all.sh can print one
// closing line for the whole suite ("N passed, N failed").
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  constructor(_globalConfig, options) {
    this.options = options;
  }

  onRunComplete(_contexts, results) {
    const dir = path.join(__dirname, '..', '..', 'dist', 'test-results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${this.options.project}.${this.options.tier}.json`);
    const summary = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    fs.writeFileSync(file, JSON.stringify(summary));
  }
}

module.exports = SummaryReporter;
