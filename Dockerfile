# Stockroom: one image for web and worker processes (see README "Scaling").
#   docker build -t stockroom .
#   web:    docker run -e DATABASE_URL=postgres://… -e WORKER=off stockroom
#   worker: docker run -e DATABASE_URL=postgres://… stockroom npm run worker
# syntax=docker/dockerfile:1

FROM node:22-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY extensions ./extensions
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
# The Prisma client for PostgreSQL (the provider follows DATABASE_URL at generate time).
ENV DATABASE_URL=postgresql://build@localhost/build
RUN node scripts/gen-pg-schema.mjs && node_modules/.bin/prisma generate \
  && node_modules/.bin/graphql-codegen --silent \
  && node_modules/.bin/remix vite:build

FROM node:22-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production PORT=3000
COPY --from=build /app /app
EXPOSE 3000
# The worker runs TypeScript through tsx (scripts/worker.ts), so the image keeps node_modules whole.
CMD ["sh", "-c", "node_modules/.bin/prisma migrate deploy && npm start"]
