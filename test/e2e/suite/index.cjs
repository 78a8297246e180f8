// Mocha inside the extension host (the entry @vscode/test-electron loads).
const Mocha = require('mocha');
const { join } = require('node:path');

exports.run = function run() {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: true });
  mocha.addFile(join(__dirname, 'extension.test.cjs'));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension tests failed`)) : resolve()));
  });
};
