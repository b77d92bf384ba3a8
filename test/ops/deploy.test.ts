// The deploy files: the Kubernetes manifests against the Kubernetes OpenAPI schemas
// (kubernetes-models), what they promise (security, resources, probes, the sync's lock policy),
// the Dockerfile's facts that can be read without a Docker engine (its Node against engines and
// CI's), and `docker-compose config`.
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import semver from 'semver'
import t, { type Test } from 'tap'
import { parseAllDocuments } from 'yaml'
import { CronJob } from 'kubernetes-models/batch/v1/CronJob'
import { Deployment } from 'kubernetes-models/apps/v1/Deployment'
import { Service } from 'kubernetes-models/v1/Service'
import type { IContainer } from 'kubernetes-models/v1/Container'
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec'
import { PROJECT_ROOT } from '../../src/paths.js'
import { loadConfig } from '../../src/config.js'
import { ciNodeVersion, dockerignoreEntries, isDockerignored, requiredDockerignores } from '../../scripts/release-checks.js'

const read = (file: string) => readFileSync(path.join(PROJECT_ROOT, file), 'utf8')
const { version, engines } = JSON.parse(read('package.json')) as { version: string, engines: { node: string } }
const IMAGE = `cerebras-gpt-catalog:${version}`
// The user the official node images create, and the Dockerfile runs as.
const NODE_UID = 1000

function yamlDocs (file: string): Array<{ kind: string, [key: string]: unknown }> {
  return parseAllDocuments(read(file)).map((d) => {
    if (d.errors.length > 0) throw d.errors[0]
    return d.toJS()
  })
}

/** A Kubernetes quantity in base units (cores, bytes): 100m, 1, 256Mi, 1Gi. */
function quantity (q: string | number): number {
  const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(String(q))
  if (m === null) throw new Error(`not a quantity this test reads: ${q}`)
  const unit = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 }[m[2] as 'm'] ?? 1
  return Number(m[1]) * unit
}

// Asynchronous, so that the test's own server answers while the child runs.
const run = (cmd: string, args: string[], opts: SpawnOptions) => new Promise<{ code: number | null }>((resolve, reject) => {
  spawn(cmd, args, { ...opts, stdio: 'ignore' }).on('error', reject).on('close', (code) => resolve({ code }))
})

const env = (c: IContainer, name: string) => c.env?.find((e) => e.name === name)

/** What every pod of ours promises: non-root as the image's user, no privileges, bounded resources. */
function checkPod (t: Test, spec: IPodSpec) {
  t.match(spec.securityContext, { runAsNonRoot: true, runAsUser: NODE_UID, seccompProfile: { type: 'RuntimeDefault' } }, 'pod: non-root as the image\'s user, RuntimeDefault seccomp')
  t.equal(spec.automountServiceAccountToken, false, 'no API token: the service never talks to Kubernetes')
  for (const c of spec.containers) {
    t.equal(c.image, IMAGE, `${c.name}: the image tag is pinned to package.json's version`)
    t.notMatch(c.image, /:latest$/)
    t.match(c.securityContext, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } }, `${c.name}: no privileges, read-only root`)
    t.notOk(c.securityContext?.capabilities?.add, `${c.name}: no capability added back`)
    for (const kind of ['requests', 'limits'] as const) {
      t.ok(c.resources?.[kind]?.cpu !== undefined && c.resources?.[kind]?.memory !== undefined, `${c.name}: cpu and memory ${kind}`)
    }
    t.ok(quantity(c.resources!.limits!.memory!) >= quantity(c.resources!.requests!.memory!), `${c.name}: memory limit >= request`)
    t.ok(quantity(c.resources!.limits!.cpu!) >= quantity(c.resources!.requests!.cpu!), `${c.name}: cpu limit >= request`)
    // With a read-only root, whatever must write gets an emptyDir; /tmp is the one place.
    const mounts = c.volumeMounts ?? []
    t.same(mounts.map((m) => m.mountPath), ['/tmp'], `${c.name}: writes only to /tmp`)
    for (const m of mounts) {
      t.ok(spec.volumes?.find((v) => v.name === m.name)?.emptyDir, `${c.name}: ${m.mountPath} is an emptyDir`)
    }
    t.equal(env(c, 'DATABASE_URL')?.valueFrom?.secretKeyRef?.key, 'database-url', `${c.name}: DATABASE_URL from a Secret (no embedded PostgreSQL on a read-only root)`)
  }
}

t.test('the sync CronJob: valid, skips when locked, locked down', async (t) => {
  const docs = yamlDocs('deploy/k8s-cronjob.yaml')
  t.equal(docs.length, 1)
  const cronJob = new CronJob(docs[0] as never)
  t.doesNotThrow(() => cronJob.validate(), 'valid against the Kubernetes schema')

  const spec = cronJob.spec!
  t.equal(spec.concurrencyPolicy, 'Forbid')
  t.type(spec.startingDeadlineSeconds, 'number')
  t.ok(spec.successfulJobsHistoryLimit! > 0 && spec.failedJobsHistoryLimit! > 0, 'history limits')
  const job = spec.jobTemplate.spec!
  t.type(job.backoffLimit, 'number')
  t.ok(job.activeDeadlineSeconds! > 0, 'a deadline')
  t.notOk(job.podFailurePolicy, 'no podFailurePolicy: a locked run exits 0 instead of being ignored and replaced')
  const pod = job.template.spec!
  t.equal(pod.restartPolicy, 'Never')
  checkPod(t, pod)
  const [container] = pod.containers
  t.same(container.args, ['sync', '--json', '--if-locked=skip'])
  const grace = Number(env(container, 'SHUTDOWN_GRACE_MS')?.value)
  t.ok(pod.terminationGracePeriodSeconds! * 1000 > grace, 'Kubernetes waits longer than the sync\'s grace period before SIGKILL')
})

t.test('the API Deployment and Service: valid, probes on /ready and /health, no schedule', async (t) => {
  const docs = yamlDocs('deploy/k8s-deployment.yaml')
  t.same(docs.map((d) => d.kind), ['Deployment', 'Service'])
  const deployment = new Deployment(docs[0] as never)
  const service = new Service(docs[1] as never)
  t.doesNotThrow(() => deployment.validate(), 'the Deployment is valid against the Kubernetes schema')
  t.doesNotThrow(() => service.validate(), 'the Service is valid against the Kubernetes schema')

  const pod = deployment.spec!.template.spec!
  checkPod(t, pod)
  const [api] = pod.containers
  t.same(api.args, ['serve'])
  t.equal(env(api, 'SYNC_CRON')?.value, 'off', 'the CronJob syncs, not the replicas')
  t.ok(env(api, 'CURSOR_SECRET')?.valueFrom?.secretKeyRef, 'one cursor key for every replica')
  const port = api.ports!.find((p) => p.name === 'http')!
  t.equal(Number(env(api, 'PORT')?.value), port.containerPort, 'the probes\' port is the one the service listens on')
  t.match(api.readinessProbe, { httpGet: { path: '/ready', port: 'http' } })
  t.match(api.livenessProbe, { httpGet: { path: '/health', port: 'http' } })
  t.match(api.startupProbe, { httpGet: { path: '/health', port: 'http' } }, 'liveness waits for the migrations')
  // close-with-grace waits SHUTDOWN_GRACE_MS (20 s by default) + 10 s before forcing the exit.
  const closeDelay = (Number(env(api, 'SHUTDOWN_GRACE_MS')?.value ?? 20_000) + 10_000) / 1000
  t.ok(pod.terminationGracePeriodSeconds! > closeDelay, 'Kubernetes waits longer than the graceful close')

  t.same(service.spec!.selector, deployment.spec!.selector.matchLabels, 'the Service selects the Deployment\'s pods')
  t.match(deployment.spec!.template.metadata!.labels, deployment.spec!.selector.matchLabels, 'the pods carry the selector\'s labels')
  t.equal(service.spec!.ports![0].targetPort, 'http')
})

/** Dockerfile instructions, continuation lines joined: [['FROM', 'node:...'], ...]. */
function dockerfile (): Array<[string, string]> {
  return read('Dockerfile').replace(/\\\n/g, ' ').split('\n')
    .map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => { const [op, ...rest] = l.split(/\s+/); return [op.toUpperCase(), rest.join(' ')] })
}

/** The instructions of the last stage: what the image is. */
const finalStage = (ins: Array<[string, string]>) => ins.slice(ins.findLastIndex(([o]) => o === 'FROM'))

t.test('the Dockerfile: Node named once, a supported LTS that engines allow and CI tests', async (t) => {
  const ins = dockerfile()
  const firstFrom = ins.findIndex(([o]) => o === 'FROM')
  const nodeArgs = ins.filter(([o, arg]) => o === 'ARG' && arg.startsWith('NODE_VERSION'))
  t.equal(nodeArgs.length, 1, 'ARG NODE_VERSION is declared once')
  t.ok(ins.indexOf(nodeArgs[0]) < firstFrom, 'before the first FROM, so every stage can use it')
  const image = /^NODE_VERSION=(\S+)$/.exec(nodeArgs[0][1])?.[1]
  t.ok(image !== undefined && semver.valid(image) !== null, `NODE_VERSION=${image}: an exact release`)
  t.ok(semver.satisfies(image!, engines.node), `Node ${image} is allowed by engines (${engines.node})`)
  t.equal(semver.major(image!) % 2, 0, 'an even major: a line that becomes LTS')
  t.ok(semver.major(image!) >= 24, 'Node 24 or later: Node 20 is out of support')
  t.equal(semver.major(ciNodeVersion(read('.ci/run')) ?? '0.0.0'), semver.major(image!), '.ci/run\'s second run tests the image\'s major')

  const froms = ins.filter(([o]) => o === 'FROM').map(([, arg]) => arg)
  t.ok(froms.length >= 2, 'multi-stage: a build stage and the runtime stage')
  for (const from of froms) t.match(from, /^node:\$\{NODE_VERSION\}-bookworm-slim(\s+AS\s+\w+)?$/i, `FROM ${from}: the one Node version`)
})

t.test('the Dockerfile: production dependencies only, unprivileged user, a writable data directory, a health check', async (t) => {
  const ins = dockerfile()
  const image = finalStage(ins)
  const all = (op: string) => image.filter(([o]) => o === op).map(([, arg]) => arg)

  // The build stage compiles with the dev dependencies; the image installs production ones only
  // and takes the build's output, not the sources.
  const build = ins.slice(0, ins.length - image.length)
  t.ok(build.some(([o, arg]) => o === 'RUN' && /\bnpm ci\b/.test(arg) && !arg.includes('--omit=dev')), 'the build stage installs everything (prisma generate, tsc)')
  const installs = all('RUN').filter((r) => /\bnpm (ci|install)\b/.test(r))
  t.equal(installs.length, 1)
  t.match(installs[0], /npm ci --omit=dev/, 'the image has production dependencies only')
  t.notMatch(installs[0], /npm (prune|install)/)
  const copies = all('COPY')
  t.ok(copies.some((c) => /^--from=\w+ \/app\/dist \.\/dist$/.test(c)), 'dist/ from the build stage')
  t.ok(copies.some((c) => /\/app\/prisma\/migrations \.\/prisma\/migrations$/.test(c)), 'the migrations, which the service applies at start')
  t.notOk(copies.some((c) => /(^|\s)(\S*\/)?(src|test)\s+\.\/(src|test)$/.test(c)), 'no sources or tests in the image')

  const user = all('USER').at(-1)
  t.ok(user === 'node' || user === `${NODE_UID}:${NODE_UID}` || user === String(NODE_UID), `USER ${user}: the node user, the manifests' runAsUser`)
  t.ok(image.findIndex(([o]) => o === 'USER') > image.findLastIndex(([o]) => o === 'RUN'), 'nothing runs as root after USER')

  const dataDir = /(?:^|\s)DATA_DIR=(\S+)/.exec(all('ENV').join(' '))?.[1]
  t.equal(dataDir, '/app/data', 'DATA_DIR is set to an absolute path')
  t.ok(all('RUN').some((r) => r.includes(`mkdir -p ${dataDir}`) && new RegExp(`chown (node:node|${NODE_UID}:${NODE_UID}) ${dataDir}(\\s|$)`).test(r)),
    'the data directory exists and belongs to the node user, so the embedded PostgreSQL can start')

  // The commit /health reports comes in as a build argument (the image has no git and no .git).
  t.ok(all('ARG').some((a) => /^GIT_COMMIT(=|$)/.test(a)), 'ARG GIT_COMMIT in the runtime stage')
  t.match(all('ENV').join(' '), /(^|\s)GIT_COMMIT=\$\{GIT_COMMIT\}(\s|$)/, 'the process sees it as GIT_COMMIT')
  t.match(all('LABEL').join(' '), /org\.opencontainers\.image\.revision="\$\{GIT_COMMIT\}"/, 'and the image is labelled with it')

  const health = all('HEALTHCHECK')
  t.equal(health.length, 1)
  t.match(health[0], /CMD \["node", "-e", ".*fetch\(.*\/ready'/, 'HEALTHCHECK asks /ready with node\'s fetch (no curl in the image)')
  // The check itself, run against a stand-in for the service: 0 when /ready is 200, else 1.
  const [node, flag, script] = JSON.parse(health[0].slice(health[0].indexOf('['))) as string[]
  t.same([node, flag], ['node', '-e'])
  let status = 200
  const paths: string[] = []
  const server = createServer((req, res) => { paths.push(req.url!); res.writeHead(status).end() })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => server.close())
  const port = String((server.address() as AddressInfo).port)
  const check = async () => (await run(process.execPath, ['-e', script], { env: { ...process.env, PORT: port } })).code
  t.equal(await check(), 0, 'healthy when /ready answers 200')
  status = 503
  t.equal(await check(), 1, 'unhealthy when /ready answers 503')
  t.same(paths, ['/ready', '/ready'])
  server.close()
  t.equal(await check(), 1, 'unhealthy when nothing listens')
  t.match(all('ENTRYPOINT')[0], /dist\/src\/cli\.js/)
})

t.test('.dockerignore keeps local state and secrets out of the build context', async (t) => {
  const entries = dockerignoreEntries(read('.dockerignore'))
  const ignored = (p: string) => isDockerignored(entries, p)
  for (const p of [...requiredDockerignores([loadConfig({}).dataDir]), 'data/demo', 'test/artifacts', 'bench/profiles']) {
    t.ok(ignored(p), `${p} is ignored`)
  }
  t.ok(entries.includes('**/*.log'), 'logs anywhere')
  // Whatever the Dockerfile copies from the context must reach it.
  const copied = dockerfile().filter(([o, arg]) => o === 'COPY' && !arg.startsWith('--from='))
    .flatMap(([, arg]) => arg.split(/\s+/).slice(0, -1)).filter((a) => !a.startsWith('--'))
  t.ok(copied.includes('src') && copied.includes('package-lock.json'))
  for (const p of copied) t.notOk(ignored(p), `${p} (copied by the Dockerfile) is not ignored`)
})

const compose = ['docker-compose', 'docker'].map((cmd) => ({ cmd, args: cmd === 'docker' ? ['compose'] : [] }))
  .find(({ cmd, args }) => spawnSync(cmd, [...args, 'version']).status === 0)
// CI installs docker-compose (.ci/run) and fails without it; elsewhere a machine without it skips, saying so.
const noCompose = compose === undefined && process.env.CI !== 'true' ? 'docker-compose is not installed: apt-get install docker-compose' : false

t.test('docker-compose.yml: valid for docker-compose, runs the manifests\' image', { skip: noCompose }, async (t) => {
  if (compose === undefined) throw new Error('docker-compose is not installed')
  const res = spawnSync(compose.cmd, [...compose.args, '-f', 'docker-compose.yml', 'config'], { cwd: PROJECT_ROOT, encoding: 'utf8' })
  t.equal(res.status, 0, res.stderr)
  const config = parseAllDocuments(res.stdout)[0].toJS() as { services: Record<string, { image?: string, environment?: Record<string, string>, stop_grace_period?: string }> }
  const catalog = config.services.catalog
  t.equal(catalog.image, IMAGE, 'the tag the Kubernetes manifests run')
  // stop_grace_period must outlast close-with-grace's SHUTDOWN_GRACE_MS + 10 s.
  const stopGrace = Number(/^(\d+)s$/.exec(catalog.stop_grace_period ?? '')?.[1])
  t.ok(stopGrace * 1000 > Number(catalog.environment?.SHUTDOWN_GRACE_MS) + 10_000, 'Docker waits longer than the graceful close')
})
