import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './support';

// The repository stands alone: every relative link of its Markdown documents points at a file
// or folder inside it (a link that leaves the repository, or names a file that is gone, fails).
// The tracked ones: what a clone holds.
const docs = execFileSync('git', ['ls-files', '*.md'], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').filter(Boolean);

describe('links in the Markdown documents', () => {
  it('finds the documents', () => {
    expect(docs).toEqual(expect.arrayContaining(['README.md', 'docs/product.md', 'docs/architecture.md', 'docs/deploy.md']));
  });

  it.each(docs)('%s: every relative link stays inside the repository and exists', (doc) => {
    const text = fs.readFileSync(path.join(ROOT, doc), 'utf8').replace(/```[\s\S]*?```/g, '');
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^([a-z]+:|#|mailto:)/i.test(target!)) continue;
      const file = path.resolve(ROOT, path.dirname(doc), decodeURI(target!.split('#')[0]!));
      if (path.relative(ROOT, file).startsWith('..')) broken.push(`${target} leaves the repository`);
      else if (!fs.existsSync(file)) broken.push(`${target} does not exist`);
    }
    expect(broken).toEqual([]);
  });
});
