# syntax=docker/dockerfile:1
# One image for the API and the worker (docker-compose.yml picks the command). Node 24 strips the
# TypeScript types itself, so the sources run as they are; the one build is the dashboard's
# (services/web/dist, served by the API at /).

# Stage 1: only the files `npm ci` reads (root and workspace package.json, the lockfile). Copying
# the whole tree and deleting the rest keeps the workspace layout without listing every workspace;
# this stage reruns on any change, but its output changes only when a manifest does, so the
# `npm ci` layer below stays cached while only sources change.
FROM node:24-bookworm-slim AS manifests
WORKDIR /src
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json ! -name .npmrc -delete \
 && find . -type d -empty -delete

FROM node:24-bookworm-slim
WORKDIR /app
COPY --from=manifests /src ./
# Plain `npm ci`, dev dependencies included, so every npm script (migrate, test, typecheck) also
# runs in the image, on the Node the `node` devDependency pins, as on a workstation.
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/web/build-web.ts --force
# The sources stay owned by root, so the app user cannot modify its own code.
USER node
EXPOSE 3000
CMD ["node", "services/api/src/server.ts"]
