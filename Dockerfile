# The service image: builds the TypeScript and the Prisma client, then keeps production dependencies.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json prisma.config.ts ./
COPY prisma ./prisma
COPY src ./src
RUN npm ci --no-audit --no-fund && npm prune --omit=dev
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
EXPOSE 3000
USER node
ENTRYPOINT ["node", "dist/src/cli.js"]
CMD ["serve"]
