# certchain node image: one validator (or a device or app CLI) per container.
# Multi-stage: the build stage installs with dev dependencies, compiles the
# program into dist/js and builds the app release file (npm ci runs
# `prepare`); the runtime stage keeps only the production dependencies and
# runs as an unprivileged user. The node home is
# the volume /data (node.key 0600, genesis.json, config.json, chain/):
#   docker build -t certchain .
#   docker run --rm -v certchain-a:/data certchain node init --home /data --name operator-a --announce /dns4/node.operator-a.example/tcp/4001
#   docker run --rm -v certchain-a:/data -v $PWD/genesis.json:/genesis.json:ro certchain node init --home /data --genesis /genesis.json --genesis-hash HASH
#   docker run -d --name certchain-a -v certchain-a:/data -p 4001:4001 certchain
# docs/OPERATIONS.md ("Containers") says what was and was not tried.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --strict-allow-scripts && npm prune --omit=dev

FROM node:24-bookworm-slim
# A fixed uid, so that a bind-mounted home can be chowned to it (chown 10001 DIR).
RUN groupadd --gid 10001 certchain && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin certchain \
  && mkdir /data && chown 10001:10001 /data
WORKDIR /app
COPY --from=build --chown=root:root /app /app
USER 10001:10001
VOLUME ["/data"]
EXPOSE 4001/tcp
# `node status` asks the node of /data on loopback and exits 0 only when it answers with that home's genesis.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["node", "/app/bin/certchain.js", "node", "status", "--home", "/data"]
ENTRYPOINT ["node", "/app/bin/certchain.js"]
CMD ["node", "--home", "/data"]
