// Mocha inside the extension host (the entry VS Code loads through --extensionTestsPath). Besides
// mocha's report it prints plain `e2e:` lines (each failure, then the totals) for runners that only
// see the extension host's console (code-server's browser, test/e2e/runInCodeServer.mjs).
const Mocha = require('mocha');
const { join } = require('node:path');

exports.run = function run() {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: true });
  mocha.addFile(join(__dirname, 'extension.test.cjs'));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`e2e: ${runner.stats ? runner.stats.passes : 0} passing, ${failures} failing`);
      if (failures > 0) reject(new Error(`${failures} extension tests failed`));
      else resolve();
    });
    runner.on('fail', (test, error) => console.log(`e2e: FAIL ${test.fullTitle()}: ${String(error && error.message).split('\n')[0]}`));
  });
};
