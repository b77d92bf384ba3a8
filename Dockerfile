# The service image: builds the TypeScript and the Prisma client, then keeps production dependencies.
# The base is pinned to a release (Node 20, as package.json's engines); bump it deliberately.
FROM node:20.20.2-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json prisma.config.ts ./
COPY prisma ./prisma
COPY src ./src
RUN npm ci --no-audit --no-fund && npm prune --omit=dev && npm cache clean --force
# Without DATABASE_URL the service starts the embedded PostgreSQL in DATA_DIR, which the
# unprivileged user must own (mount a volume there to keep the data).
RUN mkdir -p /app/data && chown node:node /app/data
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/app/data
EXPOSE 3000
# The node user of the base image, by number so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
# Ready: the database answers and every migration is applied. No curl in the image: node's fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/src/cli.js"]
CMD ["serve"]
