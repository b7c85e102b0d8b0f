/**
 * The compose services that are not built here: PostgreSQL and Redis (the
 * gateway's state) and Prometheus and Grafana (monitoring). Images are pinned to
 * a release line; bump them here, then `pnpm registry:sync`.
 *
 * None of them holds a secret in the compose file: passwords live in the
 * git-ignored docker/env/<name>.env files that sync creates with random values
 * (env-files.mjs). Each refuses to start without its password rather than run
 * open: the postgres image does so itself, Redis and Grafana through the guard
 * in their command.
 */

export const IMAGES = {
  postgres: 'postgres:17.6-alpine',
  redis: 'redis:7.4.5-alpine',
  prometheus: 'prom/prometheus:v3.5.0',
  grafana: 'grafana/grafana:12.1.1',
};

/** The gateway's database and role (not secrets; the password is in env/postgres.env). */
export const POSTGRES = { user: 'mcp', database: 'gateway' };

export const INFRA_ENV = { postgres: 'env/postgres.env', redis: 'env/redis.env', grafana: 'env/grafana.env' };

/** PostgreSQL and Redis: reachable by the gateway only, no route out. */
export const STATE_NETWORK = 'state';
/** Prometheus and Grafana. */
export const MONITORING_NETWORK = 'monitoring';
/** The network a service shares with the gateway and Prometheus only. */
export const serviceNetwork = (name) => `svc-${name}`;

/** A `sh -c` command as a block sequence (the script single-quoted, the way biome formats long YAML strings). */
const shell = (key, script) => [`    ${key}:`, '      - sh', '      - -c', `      - '${script.replaceAll("'", "''")}'`];

const requireSecret = (variable, file) =>
  `test -n "$$${variable}" || { echo "${variable} is not set: run pnpm registry:sync to create docker/${file}" >&2; exit 1; }`;

function postgres() {
  return [
    '  postgres:',
    `    image: ${IMAGES.postgres}`,
    '    restart: unless-stopped',
    '    env_file:',
    `      - path: ${INFRA_ENV.postgres}`,
    '        required: false',
    '    environment:',
    `      POSTGRES_USER: ${POSTGRES.user}`,
    `      POSTGRES_DB: ${POSTGRES.database}`,
    '    networks:',
    `      - ${STATE_NETWORK}`,
    '    volumes:',
    '      - postgres-data:/var/lib/postgresql/data',
    '    healthcheck:',
    // Over TCP: during first initialisation the server listens on its socket only.
    `      test: ["CMD", "pg_isready", "-h", "127.0.0.1", "-U", "${POSTGRES.user}", "-d", "${POSTGRES.database}"]`,
    '      interval: 10s',
    '      timeout: 5s',
    '      retries: 5',
    '      start_period: 20s',
    '    stop_grace_period: 30s',
  ];
}

function redis() {
  const start = `${requireSecret('REDISCLI_AUTH', INFRA_ENV.redis)}; exec redis-server --requirepass "$$REDISCLI_AUTH" --appendonly yes`;
  return [
    '  redis:',
    `    image: ${IMAGES.redis}`,
    '    restart: unless-stopped',
    '    env_file:',
    `      - path: ${INFRA_ENV.redis}`,
    '        required: false',
    '    # REDISCLI_AUTH is both the server password and the one redis-cli (the healthcheck) sends.',
    ...shell('command', start),
    '    networks:',
    `      - ${STATE_NETWORK}`,
    '    volumes:',
    '      - redis-data:/data',
    '    healthcheck:',
    '      test: ["CMD-SHELL", "redis-cli ping | grep -q PONG"]',
    '      interval: 10s',
    '      timeout: 5s',
    '      retries: 5',
    '      start_period: 5s',
  ];
}

function prometheus(plan) {
  const networks = [...(plan.infra.grafana ? [MONITORING_NETWORK] : []), ...plan.services.map((s) => serviceNetwork(s.name))];
  return [
    '  prometheus:',
    `    image: ${IMAGES.prometheus}`,
    '    restart: unless-stopped',
    '    command: ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus", "--storage.tsdb.retention.time=15d"]',
    '    # Scrapes every service and the gateway by compose name (prometheus/prometheus.yml), hence their networks.',
    '    networks:',
    ...(networks.length > 0 ? networks : ['default']).map((n) => `      - ${n}`),
    '    ports:',
    '      - "127.0.0.1:9090:9090"',
    '    volumes:',
    '      - ./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro',
    ...(plan.infra.rules ? ['      - ./prometheus/rules:/etc/prometheus/rules:ro'] : []),
    '      - prometheus-data:/prometheus',
    '    healthcheck:',
    '      test: ["CMD", "wget", "-q", "--spider", "http://127.0.0.1:9090/-/ready"]',
    '      interval: 15s',
    '      timeout: 5s',
    '      retries: 5',
    '      start_period: 10s',
  ];
}

function grafana() {
  const start = `${requireSecret('GF_SECURITY_ADMIN_PASSWORD', INFRA_ENV.grafana)}; exec /run.sh`;
  return [
    '  grafana:',
    `    image: ${IMAGES.grafana}`,
    '    restart: unless-stopped',
    '    env_file:',
    `      - path: ${INFRA_ENV.grafana}`,
    '        required: false',
    '    # The admin password is GF_SECURITY_ADMIN_PASSWORD from env/grafana.env; never the image default.',
    ...shell('entrypoint', start),
    '    environment:',
    '      GF_SECURITY_ADMIN_USER: admin',
    '      GF_USERS_ALLOW_SIGN_UP: "false"',
    '      GF_AUTH_ANONYMOUS_ENABLED: "false"',
    '    networks:',
    `      - ${MONITORING_NETWORK}`,
    '    ports:',
    '      - "127.0.0.1:3000:3000"',
    '    volumes:',
    '      - ./grafana/provisioning:/etc/grafana/provisioning:ro',
    '      - ./grafana/dashboards:/var/lib/grafana/dashboards:ro',
    '      - grafana-data:/var/lib/grafana',
    '    depends_on:',
    '      prometheus:',
    '        condition: service_healthy',
    '    healthcheck:',
    '      test: ["CMD", "wget", "-q", "--spider", "http://127.0.0.1:3000/api/health"]',
    '      interval: 15s',
    '      timeout: 5s',
    '      retries: 5',
    '      start_period: 20s',
  ];
}

/** The infrastructure containers the plan calls for, in a stable order. */
export function infraBlocks(plan) {
  const blocks = [];
  if (plan.infra.postgres) blocks.push(postgres());
  if (plan.infra.redis) blocks.push(redis());
  if (plan.infra.prometheus) blocks.push(prometheus(plan));
  if (plan.infra.prometheus && plan.infra.grafana) blocks.push(grafana());
  return blocks;
}

export function infraVolumes(plan) {
  return [
    ...(plan.infra.postgres ? ['postgres-data'] : []),
    ...(plan.infra.redis ? ['redis-data'] : []),
    ...(plan.infra.prometheus ? ['prometheus-data'] : []),
    ...(plan.infra.prometheus && plan.infra.grafana ? ['grafana-data'] : []),
  ];
}
