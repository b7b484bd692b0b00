# syntax=docker/dockerfile:1
# One image for every vertical and every role: VERTICAL=<short> (tools/verticals.json) picks the
# vertical, ROLE=api|worker|relay|all what the process runs (docker-compose.yml starts one service
# per role from it). No Docker engine runs in this
# repo's CI: tools/workspace/docker-compose.spec.ts checks this file statically.
ARG NODE_IMAGE=node:20-bookworm-slim

# Compile the workspace to dist/out-tsc (tsc only; nx is not needed for the build).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# swagger-ui-dist pulls in @scarf/scarf, whose install script reports to a remote service.
ENV SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY tools ./tools
RUN npm run build

# Production dependencies only. tools/runtime/register.js needs tsconfig-paths, which is one;
# the only install script among them is @scarf/scarf's analytics, so scripts are skipped.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Files stay owned by root, so the process (user node) cannot change its own code.
COPY --from=deps /app/node_modules ./node_modules
# register.js maps @baton/* onto dist/out-tsc from tsconfig.base.json's paths.
COPY package.json tsconfig.base.json ./
COPY tools/runtime ./tools/runtime
COPY tools/verticals.json ./tools/verticals.json
# Policies are JSON modules of the verticals' builds: they travel in dist/out-tsc.
COPY --from=build /app/dist/out-tsc ./dist/out-tsc
USER node
# PORT (api, all) and METRICS_PORT (worker, relay).
EXPOSE 3000 9464
CMD ["node", "tools/runtime/vertical-app.js"]
