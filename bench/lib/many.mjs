/** The 38-backend `tools/list` measurement (issue 5): shared by servers/many-backends.mjs and the harness. */

/** How many backends the gateway federates for the measurement (the figure). */
export const MANY_BACKENDS = 38;

/** Backend i's tool count: 5–10, spread over the backends. */
export const toolCount = (i) => 5 + (i % 6);

/** The backend names the gateway registers (each one is also its tool namespace). */
export const backendName = (i) => `b${String(i).padStart(2, '0')}`;

/** Tools the gateway must list once every backend is connected. */
export function expectedTools(count) {
  let n = 0;
  for (let i = 0; i < count; i++) n += toolCount(i);
  return n;
}
