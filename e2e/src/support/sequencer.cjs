// Jest orders test files by past duration (cached per machine), so without this a file that stops
// the shared broker or restarts Postgres could run before others and leave them a recovering stack.
// Files named `zz-*` disrupt shared infrastructure: they always run last, in name order; every
// other file keeps Jest's own order.
const Sequencer = require('@jest/test-sequencer').default;
const path = require('node:path');

const disruptive = (test) => path.basename(test.path).startsWith('zz-');

class DisruptiveLastSequencer extends Sequencer {
  async sort(tests) {
    const ordered = await super.sort(tests);
    const calm = ordered.filter((t) => !disruptive(t));
    const last = ordered.filter(disruptive).sort((a, b) => path.basename(a.path).localeCompare(path.basename(b.path)));
    return [...calm, ...last];
  }
}

module.exports = DisruptiveLastSequencer;
