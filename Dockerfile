# Akkoord's API in a container: docker compose up --build app (see docker-compose.yml), or
#   docker build -t akkoord . && docker run -p 3000:3000 -v akkoord-data:/app/data akkoord
# The ledger defaults to SQLite in /app/data (a volume); AKKOORD_STORE names another store.

FROM node:20-bookworm AS build
WORKDIR /app
# dependencies first, so that a change to the sources does not reinstall them (better-sqlite3 builds here if needed)
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    AKKOORD_STORE=sqlite:/app/data/ledger.db
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /app/data /app/keys && chown node:node /app/data /app/keys
USER node
VOLUME ["/app/data"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=15s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/cli/src/main.js", "serve"]
