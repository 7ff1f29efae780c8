import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { loadEnv } from '@fastgen/platform';
import { ROOT, envSchemaOf, read, requiredVars, serviceApps } from './support';

interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile instructions grouped by stage (continuation lines joined, comments dropped). */
function dockerStages(text: string): Instruction[][] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  const stages: Instruction[][] = [];
  for (const line of joined.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const [, op = '', args = ''] = /^(\S+)\s*(.*)$/.exec(trimmed) ?? [];
    const instruction = { op: op.toUpperCase(), args };
    if (instruction.op === 'FROM') stages.push([]);
    stages[stages.length - 1]?.push(instruction); // global ARGs before the first FROM belong to no stage
  }
  return stages;
}

const SECRET_VARS = ['ADMIN_TOKEN', 'SECRETS_MASTER_KEY', 'POSTGRES_PASSWORD'];
// Stand-ins for docker/.env when checking that compose hands every service a valid environment.
const SAMPLE_ENV: Record<string, string> = {
  ADMIN_TOKEN: 'a'.repeat(32),
  SECRETS_MASTER_KEY: '0'.repeat(64),
  POSTGRES_PASSWORD: 'sample-password',
};
const interpolate = (value: unknown) =>
  String(value).replace(/\$\{(\w+)(?::?[?-][^}]*)?\}/g, (_, name: string) => {
    if (!(name in SAMPLE_ENV)) throw new Error(`compose interpolates unknown variable ${name}`);
    return SAMPLE_ENV[name]!;
  });

type ComposeService = {
  image?: string;
  build?: { context: string; dockerfile: string; args: Record<string, string> };
  command?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  user?: string;
};

describe('docker/Dockerfile', () => {
  const stages = dockerStages(read('docker/Dockerfile'));
  const build = stages[0]!;
  const runtime = stages[stages.length - 1]!;
  const ops = (stage: Instruction[], op: string) => stage.filter((i) => i.op === op).map((i) => i.args);

  it('builds in one stage and runs in a separate, smaller one', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(ops(build, 'RUN').join('\n')).toMatch(/npm install/);
    expect(ops(build, 'RUN').join('\n')).toMatch(/nx build "\$APP"/);
    expect(ops(runtime, 'COPY').every((c) => !/^\.\s|^\. /.test(c))).toBe(true); // no sources in the runtime image
  });

  it('builds and runs on the current Node LTS (22 or 24), still one the code supports', () => {
    const image = /^ARG NODE_IMAGE=node:(\d+)[.-]/m.exec(read('docker/Dockerfile'))?.[1];
    expect(['22', '24']).toContain(image);
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    expect(Number(/>=\s*(\d+)/.exec(engines)![1])).toBeLessThanOrEqual(Number(image));
    expect(stages.every((stage) => stage[0]!.args.startsWith('${NODE_IMAGE}'))).toBe(true);
  });

  it('stages the image files with docker/image-layout.cjs, the list the build-output checks below use', () => {
    expect(ops(build, 'RUN').join('\n')).toMatch(/node docker\/image-layout\.cjs "\$APP" \/out/);
    // The gateway's image carries the dashboard it serves, so its build builds the dashboard too.
    expect(ops(build, 'RUN').join('\n')).toMatch(/if \[ "\$APP" = gateway \]; then npx nx build dashboard/);
    expect(ops(runtime, 'COPY')).toContain('--from=build /out/ /app/');
    expect(ops(runtime, 'WORKDIR')).toEqual(['/app/${APP}']);
  });

  it('installs production dependencies only, from the lock file generated for the app', () => {
    expect(ops(runtime, 'COPY').join('\n')).toMatch(/--from=build \/out\/\$\{APP\}\/package\.json \/out\/\$\{APP\}\/package-lock\.json \.\//);
    expect(ops(runtime, 'RUN').join('\n')).toMatch(/npm ci --omit=dev/);
    expect(ops(runtime, 'ENV').join(' ')).toMatch(/NODE_ENV=production/);
  });

  it('runs as a non-root user', () => {
    const users = ops(runtime, 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).not.toMatch(/^(root|0)(:|$)/);
  });

  it('declares a HEALTHCHECK on /healthz that needs nothing but node, and exposes the port it listens on', () => {
    const health = ops(runtime, 'HEALTHCHECK').join('');
    expect(health).toMatch(/CMD \["node", "-e", .*\/healthz/);
    const port = /PORT=(\d+)/.exec(ops(runtime, 'ENV').join(' '))?.[1];
    expect(ops(runtime, 'EXPOSE')).toEqual([port]);
    expect(JSON.parse(ops(runtime, 'CMD')[0]!)).toEqual(expect.arrayContaining(['node', 'main.js']));
  });

  it('leaves dependencies, build output, git data and local secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    for (const entry of ['**/node_modules', 'dist', '.git', 'docker/.env']) expect(ignored).toContain(entry);
  });
});

// The files docker/image-layout.cjs puts in each image, checked against the local build output,
// so a file an image would miss fails `npm test` without a Docker engine.
const layout = require(path.join(ROOT, 'docker', 'image-layout.cjs')) as {
  APPS: string[];
  imageLayout(app: string): { from: string; to: string; dir?: boolean }[];
  layoutProblems(app: string, root?: string): string[];
};

describe('the image layout (docker/image-layout.cjs) against the build output', () => {
  it('covers every service', () => {
    expect([...layout.APPS].sort()).toEqual(serviceApps());
  });

  it.each(serviceApps())('%s: every file the image copies is in dist/', (app) => {
    expect(layout.layoutProblems(app)).toEqual([]);
  });

  it('puts the dashboard where the gateway looks by default: beside its folder, as in dist/apps', () => {
    const gateway = layout.imageLayout('gateway');
    const main = gateway.find((e) => e.from.endsWith('/main.js'))!;
    const dashboard = gateway.find((e) => e.from === 'dist/apps/dashboard')!;
    expect(path.posix.join(path.posix.dirname(main.to), '..', 'dashboard')).toBe(dashboard.to);
    // apps/gateway/src/dashboard/dashboard-static.ts: path.resolve(__dirname, '..', 'dashboard').
    expect(read('apps/gateway/src/dashboard/dashboard-static.ts')).toMatch(/path\.resolve\(__dirname, '\.\.', 'dashboard'\)/);
    for (const app of serviceApps().filter((a) => a !== 'gateway')) {
      expect(layout.imageLayout(app).some((e) => e.to === 'dashboard')).toBe(false);
    }
  });

  it('notices a missing file: a build output without the dashboard page fails the gateway layout', () => {
    const scratch = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'fastgen-layout-'));
    try {
      for (const entry of layout.imageLayout('gateway')) {
        fs.cpSync(path.join(ROOT, entry.from), path.join(scratch, entry.from), { recursive: true });
      }
      expect(layout.layoutProblems('gateway', scratch)).toEqual([]);
      fs.rmSync(path.join(scratch, 'dist', 'apps', 'dashboard', 'index.html'));
      expect(layout.layoutProblems('gateway', scratch)).toEqual(['dist/apps/dashboard/index.html is missing']);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('the build output the images are made from (`nx build <app>`)', () => {
  it.each(serviceApps())('%s: has the entry point and a lock file that installs every package main.js requires', (app) => {
    // `npm ci --omit=dev` installs every non-dev package of the lock at its path, hoisted ones included.
    const dir = path.join(ROOT, 'dist', 'apps', app);
    expect(fs.existsSync(path.join(dir, 'main.js'))).toBe(true);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> };
    const lock = JSON.parse(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dependencies?: Record<string, string>; dev?: boolean }>;
    };
    expect(pkg.main).toBe('main.js');
    expect(lock.packages['']!.dependencies).toEqual(pkg.dependencies);
    // Every package the bundle leaves external must be a declared dependency, or the image fails at start.
    const bundle = fs.readFileSync(path.join(dir, 'main.js'), 'utf8');
    const external = [...bundle.matchAll(/require\("((?:@[^/"]+\/)?[^/"]+)[^"]*"\)/g)].map((m) => m[1]!);
    const builtin = new Set(require('node:module').builtinModules as string[]);
    const installed = (name: string) => lock.packages[`node_modules/${name}`] !== undefined && !lock.packages[`node_modules/${name}`]!.dev;
    const missing = [...new Set(external)].filter((name) => !builtin.has(name) && !name.startsWith('node:') && !installed(name));
    expect(missing).toEqual([]);
    // Loaded by name at run time, so the bundle does not show them: the drivers.
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['pg', 'kafkajs']));
  });
});

describe('docker/compose.yaml', () => {
  const compose = parse(read('docker/compose.yaml'), { merge: true }) as { services: Record<string, ComposeService> };
  const services = compose.services;
  const imageOf = (app: string) => Object.values(services).find((s) => s.build?.args['APP'] === app)?.image;

  it('runs Kafka of the version local development uses, in KRaft mode, and Postgres 15', () => {
    const kafkaVersion = /<kafka\.version>([^<]+)</.exec(read('tools/infra/kafka/pom.xml'))![1];
    expect(services['kafka']!.image).toBe(`apache/kafka:${kafkaVersion}`);
    expect(services['kafka']!.environment!['KAFKA_PROCESS_ROLES']).toBe('broker,controller');
    expect(services['kafka']!.environment!['KAFKA_AUTO_CREATE_TOPICS_ENABLE']).toBe('false');
    expect(services['postgres']!.image).toMatch(/^postgres:15/);
  });

  it.each(serviceApps())('%s: is built from docker/Dockerfile, migrated first, then started when Kafka and Postgres are healthy', (app) => {
    expect(imageOf(app)).toBeDefined();
    const build = Object.values(services).find((s) => s.build?.args['APP'] === app)!.build!;
    expect(build.dockerfile).toBe('docker/Dockerfile');
    expect(fs.existsSync(path.resolve(ROOT, 'docker', build.context, build.dockerfile))).toBe(true);

    const migrate = services[`migrate-${app}`]!;
    expect(migrate.image).toBe(imageOf(app));
    expect(migrate.command).toEqual(['node', 'main.js', 'migrate']);
    expect(migrate.depends_on!['postgres']).toEqual({ condition: 'service_healthy' });

    const service = services[app]!;
    expect(service.image).toBe(imageOf(app));
    expect(service.depends_on).toMatchObject({
      kafka: { condition: 'service_healthy' },
      postgres: { condition: 'service_healthy' },
      [`migrate-${app}`]: { condition: 'service_completed_successfully' },
    });
    expect(service.healthcheck!.test.join(' ')).toMatch(/\/readyz/);
    expect(services['kafka']!.healthcheck).toBeDefined();
    expect(services['postgres']!.healthcheck).toBeDefined();
  });

  it.each(serviceApps())('%s: gets every variable its environment schema requires, with values that pass it', async (app) => {
    const schema = await envSchemaOf(app);
    for (const name of [app, `migrate-${app}`]) {
      const env = services[name]!.environment!;
      expect(Object.keys(env)).toEqual(expect.arrayContaining([...requiredVars(schema), 'SECRETS_MASTER_KEY']));
      const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v)]));
      expect(() => loadEnv(schema, resolved)).not.toThrow();
      expect(resolved['DATABASE_URL']).toMatch(/@postgres:5432\//);
      expect(resolved['KAFKA_BROKERS']).toBe('kafka:9092');
    }
  });

  it('takes every secret from docker/.env, never from a committed value', () => {
    const text = read('docker/compose.yaml');
    for (const name of SECRET_VARS) {
      expect(text).toMatch(new RegExp(`\\$\\{${name}:\\?`));
      expect(text).not.toMatch(new RegExp(`${name}: (?!\\$\\{)`));
    }
    const example = read('docker/.env.example');
    for (const name of SECRET_VARS) expect(example).toMatch(new RegExp(`^${name}=$`, 'm'));
    expect(read('docker/.gitignore')).toMatch(/^\.env$/m);
  });
});
