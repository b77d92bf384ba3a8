// Import-graph layering of src/ (and scripts/), checked by test/architecture.test.ts and `npx depcruise src scripts -c .dependency-cruiser.cjs`.
//
// Layers:   entry  src/cli.ts, src/server.ts
//           root   src/app.ts, src/services.ts (composition root)
//           http   src/routes/**, src/plugins/**
//           domain src/{catalogue,history,sync,licenses,dashboard,read-model,training,webhooks}/**
//           infra  src/db/**, src/hub/**, src/metrics.ts
//           base   src/schemas/**, src/{config,errors,schedule,logger,paths,json-object,instant,version}.ts
//           dev    src/dev/** (replay Hub for the demo and tests)
// Paths are relative to the directory cruised from (options.baseDir, default the cwd), hence the ^src/ anchors.
// Type-only imports count: tsPreCompilationDeps keeps them in the graph.

const DOMAIN = '^src/(catalogue|history|sync|licenses|dashboard|read-model|training|webhooks)/'
const INFRA = '^src/((db|hub)/|metrics\\.ts$)'
const HTTP = '^src/(routes|plugins)/'
const BASE = [
  '^src/schemas/',
  '^src/(config|errors|schedule|logger|paths|json-object|instant|version)\\.ts$'
]

// An npm package, resolved (node_modules/<name>/..., or its @types) or not (the bare name).
function pkg (name) {
  const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  return `(^|/)node_modules/(@types/)?${escaped}(/|$)|^${escaped}(/|$)`
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // entry
    {
      name: 'not-to-cli',
      severity: 'error',
      comment: 'src/cli.ts is an entry point: nothing in src imports it',
      from: { path: '^src/' },
      to: { path: '^src/cli\\.ts$' }
    },
    {
      name: 'not-to-server',
      severity: 'error',
      comment: 'src/server.ts is an entry point: only src/cli.ts may import it',
      from: { path: '^src/', pathNot: '^src/cli\\.ts$' },
      to: { path: '^src/server\\.ts$' }
    },
    // root
    {
      name: 'not-to-app',
      severity: 'error',
      comment: 'src/app.ts builds the Fastify app: only the entry points (server.ts, cli.ts) may import it',
      from: { path: '^src/', pathNot: '^src/(server|cli)\\.ts$' },
      to: { path: '^src/app\\.ts$' }
    },
    {
      name: 'not-to-services',
      severity: 'error',
      comment: 'src/services.ts is the composition root: only app.ts, server.ts and cli.ts wire it; everything else receives its services',
      from: { path: '^src/', pathNot: '^src/(app|server|cli)\\.ts$' },
      to: { path: '^src/services\\.ts$' }
    },
    // http
    {
      name: 'route-not-to-database',
      severity: 'error',
      comment: 'no route touches the database (db, Prisma, sync store, pg) or the Hub client: routes go through domain services',
      from: { path: '^src/routes/' },
      to: {
        path: [
          '^src/db/',
          '^src/generated/',
          '^src/hub/',
          '^src/sync/sync-store\\.ts$',
          pkg('@prisma/client'),
          pkg('@prisma/adapter-pg'),
          pkg('pg')
        ]
      }
    },
    {
      name: 'route-not-to-route',
      severity: 'error',
      comment: 'routes are independent Fastify plugins: share code through schemas, plugins or the domain, not another route',
      from: { path: '^src/routes/' },
      to: { path: '^src/routes/' }
    },
    {
      name: 'plugin-not-to-route',
      severity: 'error',
      comment: 'plugins are cross-cutting HTTP concerns that routes build on, never the other way round',
      from: { path: '^src/plugins/' },
      to: { path: '^src/routes/' }
    },
    // domain
    {
      name: 'domain-not-to-http',
      severity: 'error',
      comment: 'the domain does not know about HTTP: no routes or plugins (types included)',
      from: { path: DOMAIN },
      to: { path: HTTP }
    },
    {
      name: 'domain-not-to-fastify',
      severity: 'error',
      comment: 'the domain is free of Fastify: no fastify, @fastify/* or fastify-plugin (types included)',
      from: { path: DOMAIN },
      to: { path: [pkg('fastify'), pkg('fastify-plugin'), '(^|/)node_modules/@fastify/|^@fastify/'] }
    },
    // infra
    {
      name: 'infra-not-to-domain',
      severity: 'error',
      comment: 'db and hub are infrastructure the domain uses; they must not depend on the domain',
      from: { path: INFRA },
      to: { path: DOMAIN }
    },
    {
      name: 'infra-not-to-http',
      severity: 'error',
      comment: 'db and hub are infrastructure below HTTP: no routes or plugins (types included)',
      from: { path: INFRA },
      to: { path: HTTP }
    },
    // base
    {
      name: 'base-not-to-domain',
      severity: 'error',
      comment: 'schemas, config, errors, schedule, logger, paths, json-object, instant and version are the base layer: they import no domain module',
      from: { path: BASE },
      to: { path: DOMAIN }
    },
    {
      name: 'base-not-to-infra',
      severity: 'error',
      comment: 'the base layer imports no infrastructure (db, hub, generated Prisma) except the pure enums in src/generated/prisma/enums.ts',
      from: { path: BASE },
      to: { path: [INFRA, '^src/generated/'], pathNot: '^src/generated/prisma/enums\\.ts$' }
    },
    {
      name: 'base-not-to-http',
      severity: 'error',
      comment: 'the base layer imports no routes or plugins',
      from: { path: BASE },
      to: { path: HTTP }
    },
    // dev, tests, scripts
    {
      name: 'not-to-dev',
      severity: 'error',
      comment: 'src/dev is the replay Hub for the demo and tests: production code never imports it',
      from: { path: '^src/', pathNot: '^src/dev/' },
      to: { path: '^src/dev/' }
    },
    {
      name: 'not-to-test-or-scripts',
      severity: 'error',
      comment: 'src is shipped on its own: it never imports test/** or scripts/**',
      from: { path: '^src/' },
      to: { path: '^(test|scripts)/' }
    },
    {
      name: 'scripts-not-to-test',
      severity: 'error',
      comment: 'scripts (the demo) use the replay Hub in src/dev, not test helpers: scripts never import test/**',
      from: { path: '^scripts/' },
      to: { path: '^test/' }
    },
    // graph
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'import cycles in src make load order fragile and blur the layers',
      from: { path: '^src/' },
      to: { circular: true }
    }
  ],
  options: {
    // Type-only imports are dependencies too (a route importing a Prisma type still couples it to the database).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['es6', 'cjs'],
    // Keep src/generated, packages and tests as leaves: imports of them are seen (and judged), their insides are not cruised.
    // (scripts/ is not listed: a doNotFollow path is also skipped as a cruise root, and scripts/ is one.)
    doNotFollow: { path: ['node_modules', '^src/generated/', '^test/'] },
    // NodeNext: './x.js' resolves to './x.ts' (dependency-cruiser retries .js specifiers as .ts/.d.ts, as tsc does);
    // packages resolve through their "exports" like Node.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'types', 'default'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.d.ts', '.js', '.mjs', '.cjs', '.json']
    },
    skipAnalysisNotInRules: true
  }
}
